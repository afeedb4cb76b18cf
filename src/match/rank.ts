// Scores runbooks against evidence lines. Per runbook, each distinct line counts once, by its
// best kind of hit: an exact symptom regex or alert name weighs most; a partial hit (most of a
// signature's words, in order — a truncated or reworded line) weighs less. A runbook's notLogs
// veto a line for that runbook only.
import { normaliseLine, type NormalisedLine } from './normalise';
import type { LogSignature, RunbookSignatures } from './signatures';

export type How = 'regex' | 'alert' | 'partial';

export interface Match {
  line: string;
  /** The symptom regex or alert name that matched. */
  signature: string;
  how: How;
  /** Where the line came from (scan: namespace/pod/container), when known. */
  source?: string | undefined;
  /** How many times this line (volatile parts ignored) was seen. */
  count: number;
}

export interface Ranked {
  id: string;
  title: string;
  score: number;
  matched: Match[];
}

export interface EvidenceLine {
  text: string;
  source?: string | undefined;
}

export const WEIGHTS: Record<How, number> = { regex: 10, alert: 10, partial: 6 };
/** Below this a runbook is not listed: one partial hit of a clearly truncated line is enough. */
export const MIN_SCORE = 3;
/** Matched lines kept per runbook; further ones still count towards the score. */
export const MAX_MATCHES_SHOWN = 20;

const PARTIAL_MIN_WORDS = 3;
const PARTIAL_REWORDED = 0.85;
const PARTIAL_TRUNCATED = 0.5;
/** Words a truncated line may carry after its last signature word (a path, a partial id). */
const TRUNCATION_SLACK = 3;

interface Hit {
  signature: string;
  how: How;
  weight: number;
}

/** Accumulates lines; keeps only what matched, so memory follows the evidence, not the input. */
export class Matcher {
  private readonly byRunbook = new Map<string, { score: number; seen: Set<string>; matches: Map<string, Match> }>();
  private readonly alertPatterns: Map<string, RegExp>;

  constructor(private readonly runbooks: RunbookSignatures[]) {
    this.alertPatterns = new Map(runbooks.flatMap((r) => r.alerts).map((a) => [a, alertPattern(a)]));
  }

  add(line: string | EvidenceLine): void {
    const { text, source } = typeof line === 'string' ? { text: line, source: undefined } : line;
    if (!text.trim()) return;
    const norm = normaliseLine(text);
    const key = norm.words.join(' ') || norm.raw;
    for (const rb of this.runbooks) {
      const hit = this.best(norm, rb);
      if (!hit) continue;
      let entry = this.byRunbook.get(rb.id);
      if (!entry) this.byRunbook.set(rb.id, (entry = { score: 0, seen: new Set(), matches: new Map() }));
      if (entry.seen.has(key)) {
        const shown = entry.matches.get(key);
        if (shown) shown.count++;
        continue;
      }
      entry.seen.add(key);
      entry.score += hit.weight;
      if (entry.matches.size < MAX_MATCHES_SHOWN) entry.matches.set(key, { line: norm.raw, signature: hit.signature, how: hit.how, source, count: 1 });
    }
  }

  results(minScore = MIN_SCORE): Ranked[] {
    const out: Ranked[] = [];
    for (const rb of this.runbooks) {
      const entry = this.byRunbook.get(rb.id);
      if (!entry || entry.score < minScore) continue;
      const matched = [...entry.matches.values()].sort((a, b) => WEIGHTS[b.how] - WEIGHTS[a.how]);
      out.push({ id: rb.id, title: rb.title, score: Math.round(entry.score * 10) / 10, matched });
    }
    return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  private best(norm: NormalisedLine, rb: RunbookSignatures): Hit | undefined {
    if (rb.notLogs.some((r) => norm.texts.some((t) => r.test(t)))) return undefined;
    for (const sig of rb.logs) {
      if (norm.texts.some((t) => sig.regex.test(t))) return { signature: sig.source, how: 'regex', weight: WEIGHTS.regex };
    }
    for (const alert of rb.alerts) {
      if (this.alertPatterns.get(alert)!.test(norm.texts[0] ?? '')) return { signature: alert, how: 'alert', weight: WEIGHTS.alert };
    }
    let best: Hit | undefined;
    for (const sig of rb.logs) {
      const ratio = partialRatio(sig, norm);
      if (ratio > 0 && (!best || WEIGHTS.partial * ratio > best.weight)) best = { signature: sig.source, how: 'partial', weight: WEIGHTS.partial * ratio };
    }
    return best;
  }
}

export function rankLines(lines: Iterable<string | EvidenceLine>, runbooks: RunbookSignatures[]): Ranked[] {
  const m = new Matcher(runbooks);
  for (const l of lines) m.add(l);
  return m.results();
}

export function rankText(text: string, runbooks: RunbookSignatures[]): Ranked[] {
  return rankLines(text.split(/\r?\n/), runbooks);
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
      const stopsEarly = lastLineIndex >= lineWords.length - TRUNCATION_SLACK;
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

function alertPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The bare name, `alertname=X` / `alertname: "X"`, or the name as a word in a notification title.
  return new RegExp(`(?:^|alertname\\s*[=:]\\s*"?|[^\\w])${escaped}(?:$|[^\\w])`, 'i');
}
