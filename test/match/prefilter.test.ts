// The prefilter may only skip work, never change an answer: for real lines (with noise, cut off)
// and for random lines made of the signatures' own words, ranking with it equals ranking without.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSignatures } from '../../src/match/library';
import { Prefilter } from '../../src/match/prefilter';
import { Matcher } from '../../src/match/rank';
import type { RunbookSignatures } from '../../src/match/signatures';
import { builtinRunbooksDir } from '../../src/runbook/library';

/** Lets every line through: the matcher as it was without a prefilter. */
class NoPrefilter extends Prefilter {
  override candidates(): Set<string> {
    return new Set(runbooks.map((r) => r.id));
  }
}

let runbooks: RunbookSignatures[];
const corpus = parse(readFileSync(join(import.meta.dirname, 'corpus.yaml'), 'utf8')) as { text: string }[];

beforeAll(async () => {
  runbooks = (await loadSignatures([builtinRunbooksDir()])).runbooks;
});

function both(lines: string[]) {
  const fast = new Matcher(runbooks);
  const full = new Matcher(runbooks, new NoPrefilter(runbooks));
  for (const l of lines) {
    fast.add(l);
    full.add(l);
  }
  return { fast: fast.results(0), full: full.results(0) };
}

describe('prefilter', () => {
  it('changes no ranking of the corpus lines, whole, cut off, or with noise', () => {
    const variants = corpus.flatMap(({ text }) => [
      text,
      `\u001b[31m${text}\u001b[0m`,
      JSON.stringify({ log: text }),
      `[pod/x/y] ${text.toUpperCase()}`,
      ...[0.3, 0.5, 0.75, 0.9].map((f) => text.slice(0, Math.ceil(text.length * f))),
    ]);
    for (const line of variants) {
      const { fast, full } = both([line]);
      expect(fast, line).toEqual(full);
    }
  });

  it('drops the benign lines without normalising them', () => {
    const benign = corpus.filter((e) => !(e as { runbook?: string | null }).runbook);
    const filter = new Prefilter(runbooks);
    const skipped = benign.filter((e) => filter.candidates(e.text).size === 0);
    expect(skipped.length).toBeGreaterThan(benign.length / 2);
  });

  it('changes no ranking of random lines made of signature words', () => {
    const words = [...new Set(runbooks.flatMap((r) => [...r.logs.flatMap((s) => s.alternativeWords.flat()), ...r.alerts]))];
    const word = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...words).map((w) => w.toUpperCase()), fc.string({ maxLength: 6 }));
    const line = fc.array(word, { maxLength: 14 }).chain((ws) => fc.constantFrom(' ', ': ', '\\n', '"', '/').map((sep) => ws.join(sep)));
    fc.assert(
      fc.property(line, (l) => {
        const { fast, full } = both([l]);
        expect(fast).toEqual(full);
      }),
      { numRuns: 400 },
    );
  });

  it('changes no ranking of signature word runs that are cut, reworded or padded', () => {
    const variants = runbooks.flatMap((r) => r.logs.flatMap((s) => s.variants));
    const line = fc
      .record({
        words: fc.constantFrom(...variants),
        keep: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        start: fc.nat(4),
        cut: fc.nat(6),
        pad: fc.array(fc.constantFrom('level=error', 'err="', 'ts=2024-01-02T03:04:05Z', '/prometheus/01HCVDP0JJ2SJVSY1GKY7EK54K', '…'), { maxLength: 3 }),
      })
      .map(({ words, keep, start, cut, pad }) => {
        const kept = words.slice(start).filter((_, i) => keep[i % keep.length] || i < 3);
        const text = [...pad, ...kept].join(' ');
        return cut ? text.slice(0, Math.max(1, text.length - cut)) : text;
      });
    fc.assert(
      fc.property(line, (l) => {
        const { fast, full } = both([l]);
        expect(fast).toEqual(full);
      }),
      { numRuns: 600 },
    );
  });
});
