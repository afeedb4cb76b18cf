// Partial hits: a line that holds most of a signature's words in order (reworded), or its first
// words up to where the line stops (truncated). The thresholds are shared with the prefilter, which
// must never drop a line this would accept.
import type { NormalisedLine } from './normalise';
import type { LogSignature } from './signatures';

export const PARTIAL_MIN_WORDS = 3;
export const PARTIAL_REWORDED = 0.85;
export const PARTIAL_TRUNCATED = 0.5;
/** Words a line may carry after its last signature word where it stops (a path, a partial id). */
const TRUNCATION_SLACK = 3;
/** The same for a line that visibly stops mid-value (an unclosed quote, an ellipsis). */
const CUT_LINE_SLACK = 8;

/**
 * What a line must hold, at the least, for a partial hit on a variant of `n` words (its last word
 * may be cut, so one word fewer is whole): the first `prefix` words of the variant (a truncated
 * line), or `reworded` of its words anywhere (a reworded one). Rounded down: never stricter.
 */
export function partialNeeds(n: number): { prefix: number; reworded: number } {
  return {
    prefix: Math.max(PARTIAL_MIN_WORDS, Math.floor(n * PARTIAL_TRUNCATED)) - 1,
    reworded: Math.max(PARTIAL_MIN_WORDS, Math.floor(n * PARTIAL_REWORDED)) - 1,
  };
}

/**
 * How much of the signature the line holds, 0 when not enough to count: nearly all of its words
 * in order (a reworded line), or its first words up to where the line stops (a truncated line).
 */
export function partialRatio(sig: LogSignature, norm: NormalisedLine): number {
  let best = 0;
  for (const words of sig.variants) {
    if (words.length < PARTIAL_MIN_WORDS) continue;
    for (const lineWords of norm.textWords) {
      const { matched, lastSigIndex, lastLineIndex } = orderedOverlap(words, lineWords);
      if (matched < PARTIAL_MIN_WORDS) continue;
      const ratio = matched / words.length;
      // The line ends (give or take a path or id) where the rest of the signature would follow.
      const slack = norm.truncated ? CUT_LINE_SLACK : TRUNCATION_SLACK;
      const stopsEarly = Math.max(lastLineIndex, lineWords.lastIndexOf(words[lastSigIndex]!)) >= lineWords.length - slack;
      const prefixOnly = matched === lastSigIndex + 1;
      const truncated = stopsEarly && prefixOnly && ratio >= PARTIAL_TRUNCATED;
      if (ratio >= PARTIAL_REWORDED || truncated) best = Math.max(best, ratio);
    }
  }
  return best;
}

function orderedOverlap(sig: string[], line: string[]): { matched: number; lastSigIndex: number; lastLineIndex: number } {
  let pos = 0;
  let matched = 0;
  let lastSigIndex = -1;
  let lastLineIndex = -1;
  for (let s = 0; s < sig.length; s++) {
    const w = sig[s]!;
    for (let j = pos; j < line.length; j++) {
      // The line's last word may be cut mid-word: "operation not permi".
      const cut = j === line.length - 1 && line[j]!.length >= 3 && w.startsWith(line[j]!);
      if (line[j] === w || cut) {
        matched++;
        lastSigIndex = s;
        lastLineIndex = j;
        pos = j + 1;
        break;
      }
    }
  }
  return { matched, lastSigIndex, lastLineIndex };
}
