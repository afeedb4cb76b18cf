// Property-based fuzzing of what reads a journal (`runbook report`, `runbook resume`): a journal
// edited by hand, cut, or written by another version is refused with a located JournalError or
// ReplayError, or read; the postmortem is always written. Never a TypeError from deep inside.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRunbook } from '../../src/runbook/library';
import type { Runbook } from '../../src/runbook/schema';
import type { WalkEvent } from '../../src/session/events';
import { checkedEvent } from '../../src/session/event-check';
import { JournalError, readJournalFile } from '../../src/session/journal';
import { renderPostmortem } from '../../src/session/postmortem';
import { replayJournal, ReplayError } from '../../src/session/replay';

const SEED = Number(process.env.FC_SEED ?? 20251123);
const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed: SEED });
const RUNBOOK = 'rke2-etcd-s3-snapshot-access-denied';
const SCENARIO = 'static-keys-denied';
const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook.js');

let home: string;
let journal: Record<string, unknown>[];
let runbook: Runbook;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'runbook-journal-fuzz-'));
  // A real journal: the demo walked to its conclusion by the built CLI.
  const demo = spawnSync(process.execPath, [bin, 'demo', `${RUNBOOK}/${SCENARIO}`, '--yes', '--json'], {
    env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CACHE_HOME: join(home, 'cache'), CI: 'true' },
    encoding: 'utf8',
  });
  const { journal: path } = JSON.parse(demo.stdout) as { journal: string };
  journal = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const found = await findRunbook(RUNBOOK);
  if (!found.ok) throw new Error('the demo runbook does not load');
  runbook = found.runbook;
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

type Edit = { kind: 'drop'; event: number } | { kind: 'duplicate'; event: number } | { kind: 'swap'; event: number; other: number } | { kind: 'unset'; event: number; key: number } | { kind: 'set'; event: number; key: number; value: unknown };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), event: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), event: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), event: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('unset' as const), event: fc.nat(), key: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), event: fc.nat(), key: fc.nat(), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', 0, -1, [], {}, 'zzz')) }),
);

function applyEdits(events: Record<string, unknown>[], edits: Edit[]): Record<string, unknown>[] {
  const out = events.map((e) => structuredClone(e));
  for (const e of edits) {
    if (out.length === 0) break;
    const i = e.event % out.length;
    if (e.kind === 'drop') out.splice(i, 1);
    else if (e.kind === 'duplicate') out.splice(i, 0, structuredClone(out[i]!));
    else if (e.kind === 'swap') [out[i], out[e.other % out.length]] = [out[e.other % out.length]!, out[i]!];
    else {
      // Any field, "type" and "at" included: the reader must notice those too.
      const keys = Object.keys(out[i]!);
      const key = keys[e.key % keys.length]!;
      if (e.kind === 'unset') delete out[i]![key];
      else out[i]![key] = e.value;
    }
  }
  return out;
}

describe('reading a journal', () => {
  it('refuses a mangled journal with a located error, or reads it; the postmortem is always written', () => {
    expect(journal.length).toBeGreaterThan(5);
    const file = join(home, 'mangled.jsonl');
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        writeFileSync(file, `${applyEdits(journal, edits).map((e) => JSON.stringify(e)).join('\n')}\n`);
        let events: WalkEvent[];
        try {
          events = readJournalFile(file, checkedEvent).events;
        } catch (e) {
          expect(e).toBeInstanceOf(JournalError);
          expect((e as Error).message).toMatch(new RegExp(`^${file}:\\d+:1: `));
          return;
        }
        if (events.length === 0) return;
        expect(typeof renderPostmortem(events, { sessionId: 'fuzz', journalPath: file, generatedAt: '2026-01-01T00:00:00.000Z' })).toBe('string');
        try {
          replayJournal(events, runbook);
        } catch (e) {
          expect(e).toBeInstanceOf(ReplayError);
        }
      }),
      runs(300),
    );
  });
});

describe('a journal event without what its readers need', () => {
  it('is refused at its line, naming the event and the field', () => {
    const file = join(home, 'one-bad-line.jsonl');
    const events = structuredClone(journal);
    const finished = events.findIndex((e) => e.type === 'check-finished');
    delete (events[finished]!.result as Record<string, unknown>).status;
    writeFileSync(file, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expect(() => readJournalFile(file, checkedEvent)).toThrow(new JournalError(`${file}:${finished + 1}:1: not a valid "check-finished" journal event: result.status: Invalid discriminator value. Expected 'ran' | 'failed'`));
  });
});
