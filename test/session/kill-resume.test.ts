// A walk killed for real (SIGKILL, no handler runs) at several points, then resumed with the
// built CLI against a simulated cluster served by `runbook sim`: the resumed walk reaches the
// same end as an uninterrupted one, and the journal keeps every event written before the kill,
// once, with only the step in flight run again.
import { execa, type ResultPromise } from 'execa';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalkEvent } from '../../src/session/events';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'runbook.js');
const RUNBOOK = 'thanos-sidecar-upload-permission';
const EXPECTED_PATH = ['symptom', 'uids', 'link-evidence', 'cr-override', 'fix-cr-override'];

let home: string;
let kubeconfig: string;
let sim: ResultPromise;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'runbook-kill-'));
  kubeconfig = join(home, 'sim.kubeconfig');
  // The broken scenario, with the last step's read held for a second: the walk concludes a few
  // milliseconds after entering that step, faster than a poll of the journal can kill it.
  const scenarios = join(home, 'scenarios');
  cpSync(join(root, 'runbooks', RUNBOOK, 'scenarios'), scenarios, { recursive: true });
  writeFileSync(join(scenarios, 'broken-slow.yaml'), 'description: broken, the Prometheus resource read slowly\nextends: broken\ncluster: {context: sim-broken}\nfaults:\n  - {match: {resource: prometheuses}, delaySeconds: 1}\n');
  sim = execa('node', [bin, 'sim', join(scenarios, 'broken-slow.yaml'), '--kubeconfig-out', kubeconfig], { env: env('sim'), reject: false });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    sim.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('kubeconfig:')) resolve();
    });
    void sim.then((r) => reject(new Error(`runbook sim exited: ${r.stderr}`)));
  });
}, 30_000);

afterAll(async () => {
  sim?.kill('SIGTERM');
  await sim;
  await rm(home, { recursive: true, force: true });
});

/** Each case its own machine: its own state directory. */
function env(machine: string, extra: Record<string, string> = {}) {
  return { HOME: join(home, machine), XDG_STATE_HOME: join(home, machine, 'state'), KUBECONFIG: '', CI: 'true', RUNBOOK_PATH: '', ...extra };
}

function sessionsDir(machine: string): string {
  return join(home, machine, 'state', 'runbook', 'sessions');
}

function journalOf(machine: string): string | undefined {
  const dir = sessionsDir(machine);
  if (!existsSync(dir)) return undefined;
  const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'));
  return file && join(dir, file);
}

/** Complete lines only: what a reader can rely on. */
function completeEvents(text: string): WalkEvent[] {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a torn line
  return lines.map((l) => JSON.parse(l) as WalkEvent);
}

/** Starts `runbook run --yes` and SIGKILLs it as soon as the journal satisfies `when`. */
async function runAndKill(machine: string, when: (events: WalkEvent[]) => boolean): Promise<{ journal: string; before: string }> {
  const child = execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', kubeconfig, '-n', 'monitoring', '--yes', '--json'], { env: env(machine), reject: false });
  let journal: string | undefined;
  const deadline = Date.now() + 30_000;
  for (;;) {
    journal ??= journalOf(machine);
    if (journal && when(completeEvents(readFileSync(journal, 'utf8')))) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the walk ended before the kill point: ${(await child).stderr}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  child.kill('SIGKILL');
  const result = await child;
  expect(result.signal).toBe('SIGKILL');
  return { journal: journal!, before: readFileSync(journal!, 'utf8') };
}

function resume(machine: string, args: string[] = [], extra: Record<string, string> = {}) {
  return execa('node', [bin, 'resume', ...args, '--yes', '--json'], { env: env(machine, extra), reject: false });
}

/** The journal after the resume keeps, unchanged and in order, every complete line written before the kill. */
function expectKeptAndNotDuplicated(before: string, after: string, killedAt: WalkEvent[]) {
  const kept = before.slice(0, before.lastIndexOf('\n') + 1);
  expect(after.startsWith(kept)).toBe(true);
  const events = completeEvents(after);
  const count = (type: WalkEvent['type']) => events.filter((e) => e.type === type).length;
  expect(count('walk-started')).toBe(1);
  expect(count('session-resumed')).toBe(1);
  expect(count('concluded')).toBe(1);
  expect(events.filter((e) => e.type === 'step-entered').map((e) => (e as { step: string }).step)).toEqual(EXPECTED_PATH);
  // Per step visit, a check finishes once — except the step in flight at the kill, whose checks run again after the resume.
  const inFlight = killedAt.filter((e) => e.type === 'step-entered').length - 1;
  let visit = -1;
  const finished = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'step-entered') visit += 1;
    if (e.type === 'check-finished') finished.set(`${visit}/${e.name}`, (finished.get(`${visit}/${e.name}`) ?? 0) + 1);
  }
  for (const [key, n] of finished) expect(n, key).toBe(Number(key.split('/')[0]) === inFlight ? n : 1);
  for (const [key, n] of finished) expect(n, key).toBeLessThanOrEqual(2);
  // Steps decided before the kill are not run again: no check starts for them after the resume.
  const resumedAt = events.findIndex((e) => e.type === 'session-resumed');
  const firstAfter = events.slice(resumedAt).find((e) => e.type === 'step-entered') as { step: string } | undefined;
  if (firstAfter) expect(EXPECTED_PATH.indexOf(firstAfter.step)).toBe(inFlight + 1);
}

const points: [string, (events: WalkEvent[]) => boolean][] = [
  ['while the first check is in flight', (ev) => ev.some((e) => e.type === 'check-started')],
  ['between steps, after the first finding', (ev) => ev.some((e) => e.type === 'step-entered' && e.step === 'uids')],
  ['while the checks of the third step run', (ev) => ev.some((e) => e.type === 'check-started' && ev.some((s) => s.type === 'step-entered' && s.step === 'link-evidence'))],
  ['at the last step before the conclusion', (ev) => ev.some((e) => e.type === 'step-entered' && e.step === 'cr-override')],
];

describe('SIGKILL mid-walk, then runbook resume', () => {
  it.each(points)('%s', async (label, when) => {
    const machine = label.replace(/\W+/g, '-');
    const { journal, before } = await runAndKill(machine, when);
    const killedAt = completeEvents(before);
    expect(killedAt.some((e) => e.type === 'concluded')).toBe(false);

    const run = await resume(machine);
    expect(run.exitCode, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.path).toEqual(EXPECTED_PATH);
    expect(doc.outcome.verdict).toBe('problem');
    expect(doc.outcome.finding).toMatch(/runAsUser 1001/);
    expect(doc.journal).toBe(journal);
    expectKeptAndNotDuplicated(before, readFileSync(journal, 'utf8'), killedAt);

    const sessions = await execa('node', [bin, 'sessions'], { env: env(machine) });
    expect(sessions.stdout).toMatch(new RegExp(`${doc.session}\\s+${RUNBOOK}\\s+\\S+ \\S+\\s+sim-broken\\s+problem`));
  }, 60_000);

  it('tolerates the torn last line a kill leaves in the middle of a write, and appends after it cleanly', async () => {
    const machine = 'torn';
    const { journal, before } = await runAndKill(machine, (ev) => ev.some((e) => e.type === 'step-entered' && e.step === 'uids'));
    const killedAt = completeEvents(before);
    appendFileSync(journal, '{"type":"check-finished","at":"2026-01-01T00:00:00.000Z","name":"prom-uid","result":{"status":"ran","stdo');
    const run = await resume(machine);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/last journal line was cut off/);
    expect(JSON.parse(run.stdout).path).toEqual(EXPECTED_PATH);
    expectKeptAndNotDuplicated(before, readFileSync(journal, 'utf8'), killedAt);
  }, 60_000);

  it('a colleague resumes a journal copied from another machine, and is told the runbook changed since', async () => {
    const { journal } = await runAndKill('laptop', (ev) => ev.some((e) => e.type === 'step-entered' && e.step === 'link-evidence'));
    const copied = join(home, 'mail', 'walk.jsonl');
    mkdirSync(join(home, 'mail'), { recursive: true });
    cpSync(journal, copied);
    // The colleague's copy of the runbook is a newer one.
    const library = join(home, 'colleague-runbooks');
    cpSync(join(root, 'runbooks', RUNBOOK), join(library, RUNBOOK), { recursive: true });
    const file = join(library, RUNBOOK, 'runbook.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: \d+$/m, 'version: 99').replace(/^title: (.*)$/m, 'title: $1 (edited)'));

    const run = await resume('colleague', [copied, '--kubeconfig', kubeconfig], { RUNBOOK_PATH: library });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/runbook thanos-sidecar-upload-permission has changed since this walk started \(walked: version \d+, [0-9a-f]{12}; installed: version 99, [0-9a-f]{12}\)/);
    const doc = JSON.parse(run.stdout);
    expect(doc.path).toEqual(EXPECTED_PATH);
    expect(doc.journal.startsWith(sessionsDir('colleague'))).toBe(true);
    const report = await execa('node', [bin, 'report', doc.session], { env: env('colleague', { RUNBOOK_PATH: library }) });
    expect(report.stdout).toContain('## Root cause');
    expect(report.stdout).toMatch(/\| Resumed \| .* on `sim-broken` \|/);
  }, 60_000);
});
