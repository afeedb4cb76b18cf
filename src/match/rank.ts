// Scores runbooks against evidence lines. Per runbook, each distinct line counts once, by its
// best kind of hit: an exact symptom regex or alert name weighs most; a partial hit (most of a
// signature's words, in order — a truncated or reworded line) weighs less. A runbook's notLogs
// veto a line for that runbook only.
import { normaliseLine, type NormalisedLine } from './normalise';
import { partialRatio } from './partial';
import { Prefilter } from './prefilter';
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


interface Hit {
  signature: string;
  how: How;
  weight: number;
  /** Letters of literal text the signature required: breaks ties between runbooks. */
  specificity: number;
}

/** Accumulates lines; keeps only what matched, so memory follows the evidence, not the input. */
export class Matcher {
  private readonly byRunbook = new Map<string, { score: number; specificity: number; seen: Set<string>; matches: Map<string, Match> }>();
  private readonly alertPatterns: Map<string, RegExp>;
  private readonly prefilter: Prefilter;

  /** `prefilter`: share one between matchers over the same runbooks (a scan has one per workload). */
  constructor(
    private readonly runbooks: RunbookSignatures[],
    prefilter?: Prefilter,
  ) {
    this.alertPatterns = new Map(runbooks.flatMap((r) => r.alerts).map((a) => [a, alertPattern(a)]));
    this.prefilter = prefilter ?? new Prefilter(runbooks);
  }

  add(line: string | EvidenceLine): void {
    const { text, source } = typeof line === 'string' ? { text: line, source: undefined } : line;
    if (!text.trim()) return;
    const candidates = this.prefilter.candidates(text);
    if (candidates.size === 0) return;
    const norm = normaliseLine(text);
    const key = norm.words.join(' ') || norm.raw;
    for (const rb of this.runbooks) {
      if (!candidates.has(rb.id)) continue;
      const hit = this.best(norm, rb);
      if (!hit) continue;
      let entry = this.byRunbook.get(rb.id);
      if (!entry) this.byRunbook.set(rb.id, (entry = { score: 0, specificity: 0, seen: new Set(), matches: new Map() }));
      if (entry.seen.has(key)) {
        const shown = entry.matches.get(key);
        if (shown) shown.count++;
        continue;
      }
      entry.seen.add(key);
      entry.score += hit.weight;
      entry.specificity += hit.specificity;
      if (entry.matches.size < MAX_MATCHES_SHOWN) entry.matches.set(key, { line: norm.raw, signature: hit.signature, how: hit.how, source, count: 1 });
    }
  }

  results(minScore = MIN_SCORE): Ranked[] {
    const out: (Ranked & { specificity: number })[] = [];
    for (const rb of this.runbooks) {
      const entry = this.byRunbook.get(rb.id);
      if (!entry || entry.score < minScore) continue;
      const matched = [...entry.matches.values()].sort((a, b) => WEIGHTS[b.how] - WEIGHTS[a.how]);
      out.push({ id: rb.id, title: rb.title, score: Math.round(entry.score * 10) / 10, matched, specificity: entry.specificity });
    }
    // Equal evidence: the runbook whose signatures say more about the lines is the more specific one
    // (`BaseFetcher: iter bucket: Access Denied` before a bare `Access Denied`).
    out.sort((a, b) => b.score - a.score || b.specificity - a.specificity || a.id.localeCompare(b.id));
    return out.map(({ specificity: _, ...ranked }) => ranked);
  }

  private best(norm: NormalisedLine, rb: RunbookSignatures): Hit | undefined {
    if (rb.notLogs.some((sig) => norm.texts.some((t) => sig.regex.test(t)))) return undefined;
    // A cut-off line that may be a look-alike is not evidence either way.
    if (norm.truncated && rb.notLogs.some((sig) => partialRatio(sig, norm) > 0)) return undefined;
    let best: Hit | undefined;
    for (const sig of rb.logs) {
      if (!norm.texts.some((t) => sig.regex.test(t))) continue;
      const specificity = Math.max(0, ...sig.alternatives.filter((alt) => norm.texts.some((t) => alt.regex.test(t))).map((alt) => alt.specificity));
      if (!best || specificity > best.specificity) best = { signature: sig.source, how: 'regex', weight: WEIGHTS.regex, specificity };
    }
    if (best) return best;
    for (const [i, alert] of rb.alerts.entries()) {
      // Runbooks list their alerts most telling first: an alert two runbooks share belongs more to the
      // one that lists it earlier (its own alert) than to one that lists it among the consequences.
      if (this.alertPatterns.get(alert)!.test(norm.texts[0] ?? '')) return { signature: alert, how: 'alert', weight: WEIGHTS.alert, specificity: alert.length / (i + 1) };
    }
    for (const sig of rb.logs) {
      const ratio = partialRatio(sig, norm);
      if (ratio > 0 && (!best || WEIGHTS.partial * ratio > best.weight)) {
        best = { signature: sig.source, how: 'partial', weight: WEIGHTS.partial * ratio, specificity: ratio * Math.max(0, ...sig.alternatives.map((alt) => alt.specificity)) };
      }
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

function alertPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The bare name, `alertname=X` / `alertname: "X"`, or the name as a word in a notification title.
  return new RegExp(`(?:^|alertname\\s*[=:]\\s*"?|[^\\w])${escaped}(?:$|[^\\w])`, 'i');
}
