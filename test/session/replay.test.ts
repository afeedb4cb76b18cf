// Replay rebuilds a walk from its journal through the pure engine, re-applying the recorded
// evidence and answers: the controller's own events, fed back, give the same state; a stop at
// a question resumes at that question; a changed runbook is caught where it diverges.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/cluster/types';
import { parseRunbook } from '../../src/runbook/load';
import type { Runbook } from '../../src/runbook/schema';
import type { WalkEvent } from '../../src/session/events';
import { historyOf } from '../../src/session/history';
import { replayJournal, ReplayError } from '../../src/session/replay';
import { runbookHash } from '../../src/session/runbook-hash';
import { WalkController, type CheckRunner } from '../../src/walk/controller';
import { walkToEnd } from '../../src/walk/to-end';

const YAML = `id: demo
title: Demo
params: {pod: {}}
start: uids
steps:
  uids:
    title: Same user in {{pod}}?
    checks:
      prom: {exec: {pod: '{{pod}}', container: prometheus, command: [id, -u]}}
      side: {exec: {pod: '{{pod}}', container: thanos-sidecar, command: [id, -u]}}
    branches:
      - when: {notEqual: ['{{checks.prom.stdout}}', '{{checks.side.stdout}}']}
        finding: 'prometheus runs as {{checks.prom.stdout}}, sidecar as {{checks.side.stdout}}'
        next: read
      - otherwise: fine
  read:
    title: Read this
    info: The users differ.
    next: choose
  choose:
    title: Where is runAsUser set?
    ask:
      question: Where is the sidecar's runAsUser set?
      because: only the operator knows the deployment tooling
      options:
        - {label: In the Prometheus resource, next: mismatch, finding: set in the CR}
        - {label: In Helm values, next: fine}
  mismatch:
    title: UID mismatch
    conclusion: {verdict: problem, rootCause: different users}
  fine:
    title: Fine
    conclusion: {verdict: healthy, rootCause: nothing wrong}
`;

function load(text = YAML): Runbook {
  const loaded = parseRunbook('demo/runbook.yaml', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.runbook;
}

let tick = 0;
const clock = () => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, tick++));
const uid: Record<string, string> = { prometheus: '1000\n', 'thanos-sidecar': '1001\n' };
const runCheck: CheckRunner = async (planned) => {
  const c = planned.check;
  const stdout = c.kind === 'exec' ? (uid[c.container ?? ''] ?? '') : '';
  return { status: 'ran', stdout, stderr: '', exitCode: 0, command: planned.name, startedAt: clock().toISOString(), durationMs: 1 } satisfies CheckResult;
};

function controller(runbook: Runbook, events: WalkEvent[], stepByStep = false) {
  return new WalkController({
    runbook,
    params: { pod: 'prometheus-k8s-0', namespace: 'monitoring' },
    runCheck,
    describe: (p) => p.name,
    recorder: { record: (e) => events.push(structuredClone(e)) },
    clock,
    stepByStep,
    start: { context: 'prod-eu', runbookHash: runbookHash(runbook), definition: runbook, namespace: 'monitoring' },
  });
}

async function answered(): Promise<{ events: WalkEvent[]; final: WalkController['snapshot'] }> {
  const events: WalkEvent[] = [];
  const c = controller(load(), events);
  let s = await c.settled();
  expect(s.state.phase.kind).toBe('info');
  c.proceed();
  s = await c.settled();
  expect(s.state.phase.kind).toBe('asking');
  c.note('the CR is managed by Argo CD');
  c.answer(0);
  return { events, final: await c.settled() };
}

describe('replayJournal', () => {
  it('rebuilds exactly the state the controller reached, without running anything', async () => {
    const { events, final } = await answered();
    const replayed = replayJournal(events, load());
    expect(replayed.state.path).toEqual(final.state.path);
    expect(replayed.state.phase).toEqual(final.state.phase);
    expect(replayed.state.values).toEqual(final.state.values);
    expect(replayed.notes).toEqual(final.notes);
    expect(replayed.stopped).toBeUndefined();
    expect(replayed.connection.context).toBe('prod-eu');
  });

  it('replays a fix verified by hand: the conclusion is left for its verify step', async () => {
    const withFix = YAML.replace(
      'conclusion: {verdict: problem, rootCause: different users}',
      'conclusion: {verdict: problem, rootCause: different users, fix: {summary: one user, print: set runAsUser, verify: uids}}',
    );
    const events: WalkEvent[] = [];
    const c = controller(load(withFix), events);
    let s = await c.settled();
    c.proceed();
    s = await c.settled();
    c.answer(0);
    s = await c.settled();
    expect(s.state.phase.kind).toBe('concluded');
    c.verifyByHand();
    const final = await c.settled();
    expect(final.state.verifications).toHaveLength(1);
    expect(events.map((e) => e.type)).toContain('verify-requested');
    const replayed = replayJournal(events, load(withFix));
    expect(replayed.state.path).toEqual(final.state.path);
    expect(replayed.state.phase).toEqual(final.state.phase);
    expect(replayed.state.verifications).toEqual(final.state.verifications);
  });

  it('every prefix of the journal replays (a kill can come after any event)', async () => {
    const { events } = await answered();
    for (let n = 1; n <= events.length; n++) expect(() => replayJournal(events.slice(0, n), load())).not.toThrow();
  });

  it('a walk stopped at a question stands at that question, not at the abandon', async () => {
    const events: WalkEvent[] = [];
    const c = controller(load(), events);
    await walkToEnd(c);
    expect(events.some((e) => e.type === 'interrupted')).toBe(true);
    const replayed = replayJournal(events, load());
    expect(replayed.state.phase.kind).toBe('asking');
    expect(replayed.stopped?.step).toBe('choose');
    expect(historyOf(events).status.kind).toBe('stopped');

    // Resumed: the question is answered, and the journal, replayed again, agrees.
    const more: WalkEvent[] = [...events];
    const resumed = new WalkController({
      runbook: load(),
      params: {},
      runCheck,
      describe: (p) => p.name,
      recorder: { record: (e) => more.push(structuredClone(e)) },
      clock,
      resume: { state: replayed.state, notes: replayed.notes, connection: { context: 'dr-site' }, warnings: [] },
    });
    resumed.answer(1);
    const final = await resumed.settled();
    expect(final.state.phase.kind === 'concluded' && final.state.phase.conclusion.verdict).toBe('healthy');
    const again = replayJournal(more, load());
    expect(again.state.path).toEqual(final.state.path);
    expect(again.connection.context).toBe('dr-site');
    expect(historyOf(more).status.kind).toBe('concluded');
  });

  it('an answer recorded but not acted on is asked again, with a warning', async () => {
    const { events } = await answered();
    const cut = events.findIndex((e) => e.type === 'answered') + 1;
    const replayed = replayJournal(events.slice(0, cut), load());
    expect(replayed.state.phase.kind).toBe('asking');
    expect(replayed.warnings.join()).toMatch(/asked again/);
  });

  it('a runbook that now branches elsewhere is caught at the line where it diverges', async () => {
    const { events } = await answered();
    const changed = load(YAML.replace('next: read\n', 'next: fine\n').replace('- otherwise: fine', '- otherwise: read'));
    let error: unknown;
    try {
      replayJournal(events, changed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReplayError);
    const line = (error as ReplayError).line;
    expect(events[line - 1]).toMatchObject({ type: 'step-left', step: 'uids', next: 'read' });
    expect((error as Error).message).toMatch(/at "uids" the journal went to "read", the runbook now goes to "fine"/);
  });

  it('hashes a runbook by content: the same definition anywhere, any edit a different hash', () => {
    expect(runbookHash(load())).toBe(runbookHash(JSON.parse(JSON.stringify(load()))));
    expect(runbookHash(load(`# a comment\n${YAML}`))).toBe(runbookHash(load()));
    expect(runbookHash(load(YAML.replace('title: Demo', 'title: Demo 2')))).not.toBe(runbookHash(load()));
  });
});
