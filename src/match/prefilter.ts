// A cheap test that says which runbooks a line cannot match, before the line is normalised and
// tried against every signature. Almost every line a scan reads is benign; this is what keeps
// matching a log in the time it takes to read it.
//
// It is a superset test: a runbook it keeps may still not match; a runbook it drops cannot.
// - a symptom regex can only match if every literal word of one of its alternatives occurs in the
//   line (lower-cased, as the regexes are case-insensitive);
// - an alert only if its name occurs;
// - a partial hit (partial.ts) needs the first words of a variant, or most of its words, as words
//   of the line (the line's last word may be cut off, so one fewer).
import stripAnsi from 'strip-ansi';
import { PARTIAL_MIN_WORDS, partialNeeds } from './partial';
import type { RunbookSignatures } from './signatures';

interface PartialVariant {
  /** The runbook's index in `filters`. */
  runbook: number;
  /** The first words a truncated line must hold whole. */
  prefix: string[];
  /** How many distinct words the prefix has (the overlap a line holding it reaches at least). */
  prefixDistinct: number;
  /** Each distinct word of the variant with how often it occurs in it. */
  counts: [string, number][];
  reworded: number;
}

interface RunbookFilter {
  id: string;
  /** A regex alternative without literal words may match anything: never filtered. */
  always: boolean;
  regexWords: string[][];
  alerts: string[];
}

/** JSON and Go escapes a field decoder opens up: `…\nGET` holds the word "get" once decoded. */
const ESCAPES = /\\[bfnrt]/g;

export class Prefilter {
  private readonly filters: RunbookFilter[];
  /**
   * One word of each way to match: a line with none of them matches nothing, and one regex test
   * says so. Undefined when some signature can match without any word.
   */
  private readonly anyKeyWord: RegExp | undefined;
  /** Every word of every partial variant, standing alone. */
  private readonly partialWord: RegExp;
  private readonly variants: PartialVariant[];
  /** For each variant word, the variants that have it and how often. */
  private readonly postings = new Map<string, { variant: number; count: number }[]>();

  constructor(runbooks: RunbookSignatures[]) {
    this.variants = runbooks.flatMap((rb, i) => rb.logs.flatMap((sig) => sig.variants.filter((v) => v.length >= PARTIAL_MIN_WORDS).map((words) => partialVariant(i, words))));
    this.variants.forEach((v, variant) => {
      for (const [word, count] of v.counts) {
        const list = this.postings.get(word) ?? [];
        list.push({ variant, count });
        this.postings.set(word, list);
      }
    });
    this.filters = runbooks.map((rb) => {
      // Longest first: the rarest word fails an alternative soonest.
      const regexWords = rb.logs.flatMap((sig) => sig.alternativeWords.map((words) => [...words].sort((a, b) => b.length - a.length)));
      return {
        id: rb.id,
        always: regexWords.some((words) => words.length === 0),
        regexWords,
        alerts: rb.alerts,
      };
    });
    const keys = this.filters.some((f) => f.always) ? undefined : [...this.filters.flatMap(keyWords), ...this.variants.flatMap(variantKeyWords)];
    this.anyKeyWord = keys && new RegExp(alternation(keys), 'i');
    this.partialWord = new RegExp(`\\b(?:${alternation([...this.postings.keys()])})\\b`, 'gi');
  }

  /** The ids of the runbooks this line may match (empty: skip the line). */
  candidates(line: string): Set<string> {
    const out = new Set<string>();
    // JSON \uXXXX escapes can spell a word the raw line does not show: no shortcut then.
    if (line.includes('\\u')) {
      for (const f of this.filters) out.add(f.id);
      return out;
    }
    const plain = line.includes('\u001b') ? stripAnsi(line) : line;
    if (this.anyKeyWord && !this.anyKeyWord.test(plain)) return out;
    const lowered = plain.toLowerCase();
    for (const f of this.filters) if (f.always || containsAll(lowered, f.regexWords) || f.alerts.some((a) => lowered.includes(a))) out.add(f.id);
    if (out.size === this.filters.length) return out;
    // Partial hits: add up, per variant, the words the line can supply, each as often as it has it.
    const words = this.wordCounts(lowered);
    const overlap = new Map<number, number>();
    for (const [word, inLine] of words) for (const p of this.postings.get(word) ?? []) overlap.set(p.variant, (overlap.get(p.variant) ?? 0) + Math.min(p.count, inLine));
    for (const [variant, n] of overlap) {
      const v = this.variants[variant]!;
      if (n >= v.reworded || (n >= v.prefixDistinct && v.prefix.every((w) => words.has(w)))) out.add(this.filters[v.runbook]!.id);
    }
    return out;
  }

  /**
   * How often each variant word stands alone in the line, and in the line with its escapes opened
   * (the higher count). ASCII word boundaries find every word normalise.ts splits out, and maybe
   * more (a word next to a non-ASCII letter): never fewer.
   */
  private wordCounts(lowered: string): Map<string, number> {
    const count = (text: string) => {
      const into = new Map<string, number>();
      for (const m of text.matchAll(this.partialWord)) into.set(m[0], (into.get(m[0]) ?? 0) + 1);
      return into;
    };
    const counts = count(lowered);
    if (lowered.includes('\\')) for (const [w, c] of count(lowered.replace(ESCAPES, ' '))) if (c > (counts.get(w) ?? 0)) counts.set(w, c);
    return counts;
  }
}

/** For each regex alternative and alert of a runbook, a word without which it cannot match: its longest. */
function keyWords(f: RunbookFilter): string[] {
  return [...f.regexWords.map((words) => words[0] ?? ''), ...f.alerts].filter(Boolean);
}

/**
 * Words without which a variant cannot hit partially: the longest of its prefix, and its longest
 * words until the others could no longer add up to what a reworded line needs.
 */
function variantKeyWords(v: PartialVariant): string[] {
  const out = [v.prefix.reduce((a, b) => (b.length > a.length ? b : a), '')];
  const total = v.counts.reduce((n, [, c]) => n + c, 0);
  let absent = 0;
  for (const [w, c] of [...v.counts].sort((a, b) => b[0].length - a[0].length)) {
    if (total - absent < v.reworded) break;
    out.push(w);
    absent += c;
  }
  return out;
}

function alternation(words: string[]): string {
  // Longest first: the alternation then reports whole words, not a shorter word they start with.
  const unique = [...new Set(words)].sort((a, b) => b.length - a.length);
  return unique.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)';
}

function partialVariant(runbook: number, words: string[]): PartialVariant {
  const needs = partialNeeds(words.length);
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const prefix = words.slice(0, needs.prefix);
  return { runbook, prefix, prefixDistinct: new Set(prefix).size, counts: [...counts], reworded: needs.reworded };
}

/** Whether the text contains every word of one of the lists. */
function containsAll(text: string, lists: string[][]): boolean {
  outer: for (const words of lists) {
    for (const w of words) if (!text.includes(w)) continue outer;
    return true;
  }
  return false;
}
