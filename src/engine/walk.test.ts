import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../cluster/types';
import { parseRunbook } from '../runbook/load';
import type { Runbook } from '../runbook/schema';
import type { WalkState } from './state';
import { abandon, answer, outcomeOf, startWalk, submitResults, verifyFix } from './walk';

const NOW = '2026-01-01T00:00:00.000Z';

function runbook(): Runbook {
  const loaded = parseRunbook(
    'demo/runbook.yaml',
    `id: demo
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
        next: mismatch
      - otherwise: sa
  sa:
    title: Service account
    checks:
      pod: {get: {kind: Pod, name: '{{pod}}'}, capture: {sa: {jsonpath: '$.spec.serviceAccountName'}}}
    branches:
      - when: {jsonpath: {check: pod, path: '$.spec.serviceAccountName', equals: prometheus}}
        next: fine
      - otherwise: odd
  odd:
    title: Odd SA {{checks.pod.sa}}
    conclusion: {verdict: inconclusive, rootCause: 'pod uses {{checks.pod.sa}}'}
  mismatch:
    title: UID mismatch
    conclusion:
      verdict: problem
      rootCause: different users
      fix:
        summary: one user
        patch: {apiVersion: monitoring.coreos.com/v1, kind: Prometheus, name: k8s, type: merge, body: {spec: {securityContext: {runAsUser: '{{checks.prom.stdout}}'}}}}
        verify: uids
  fine:
    title: Fine
    conclusion: {verdict: healthy, rootCause: nothing wrong, seeAlso: [other]}
`,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.runbook;
}

const ran = (stdout: string, extra: Partial<CheckResult> = {}): CheckResult =>
  ({ status: 'ran', stdout, stderr: '', exitCode: 0, command: 'x', startedAt: NOW, durationMs: 1, ...extra }) as CheckResult;
const failed = (reason: 'no-such-command' | 'forbidden'): CheckResult => ({ status: 'failed', reason, message: 'nope', command: 'x', startedAt: NOW, durationMs: 1 });

function start(): WalkState {
  return startWalk(runbook(), { pod: 'prometheus-k8s-0', namespace: 'monitoring' }, NOW);
}

describe('walk', () => {
  it('plans the first step with rendered checks', () => {
    const s = start();
    expect(s.phase.kind).toBe('checking');
    if (s.phase.kind !== 'checking') return;
    expect(s.path[0]?.title).toBe('Same user in prometheus-k8s-0?');
    expect(s.phase.checks[0]).toMatchObject({
      name: 'prom',
      runnable: true,
      check: { kind: 'exec', pod: 'prometheus-k8s-0', namespace: 'monitoring', container: 'prometheus', command: ['id', '-u'] },
    });
  });

  it('takes the branch the evidence points to and concludes with a rendered fix', () => {
    const s = submitResults(start(), { prom: ran('1000\n'), side: ran('1001\n') }, NOW);
    expect(s.path.map((p) => [p.step, p.mark])).toEqual([
      ['uids', 'problem'],
      ['mismatch', undefined],
    ]);
    expect(outcomeOf(s)).toEqual({ step: 'mismatch', verdict: 'problem', finding: 'prometheus runs as 1000, sidecar as 1001', rootCause: 'different users' });
    if (s.phase.kind !== 'concluded') throw new Error('not concluded');
    expect(s.phase.conclusion.fix?.patch?.kubectl).toEqual([
      'kubectl', 'patch', 'prometheus.monitoring.coreos.com', 'k8s', '-n', 'monitoring', '--type=merge', '-p', '{"spec":{"securityContext":{"runAsUser":"1000"}}}',
    ]);
  });

  it('follows otherwise, captures values and uses jsonpath conditions', () => {
    let s = submitResults(start(), { prom: ran('1000'), side: ran('1000') }, NOW);
    expect(s.path.at(-1)?.step).toBe('sa');
    s = submitResults(s, { pod: ran('{}', { json: { spec: { serviceAccountName: 'default' } } } as Partial<CheckResult>) }, NOW);
    expect(s.path.map((p) => p.step)).toEqual(['uids', 'sa', 'odd']);
    expect(s.path.at(-1)?.title).toBe('Odd SA default');
    expect(outcomeOf(s)?.rootCause).toBe('pod uses default');
  });

  it('asks instead of concluding when a check could not run', () => {
    const s = submitResults(start(), { prom: ran('1000'), side: failed('no-such-command') }, NOW);
    expect(s.phase.kind).toBe('asking');
    if (s.phase.kind !== 'asking') return;
    expect(s.phase.missingEvidence).toBe(true);
    expect(s.phase.because).toContain('side could not run (no-such-command: nope)');
    expect(s.phase.options.map((o) => o.next)).toEqual(['mismatch', 'sa']);
    const after = answer(s, 0, NOW);
    expect(after.path[0]?.mark).toBe('unknown');
    expect(outcomeOf(after)?.step).toBe('mismatch');
  });

  it('verifies a fix by re-entering the verify step', () => {
    const s = verifyFix(submitResults(start(), { prom: ran('1000'), side: ran('1001') }, NOW), NOW);
    expect(s.phase.kind).toBe('checking');
    expect(s.path.map((p) => p.step)).toEqual(['uids', 'mismatch', 'uids']);
    expect(s.verifications).toEqual([{ fixStep: 'mismatch', verifyStep: 'uids', before: 'mismatch' }]);
    const fixed = submitResults(s, { prom: ran('1000'), side: ran('1000') }, NOW);
    expect(fixed.verifications[0]).toMatchObject({ verified: true, after: 'sa' });
    expect(fixed.path.at(-1)?.step).toBe('sa');
  });

  it('a failed verification continues the walk back to the problem', () => {
    const s = verifyFix(submitResults(start(), { prom: ran('1000'), side: ran('1001') }, NOW), NOW);
    const still = submitResults(s, { prom: ran('1000'), side: ran('1001') }, NOW);
    expect(still.verifications[0]).toMatchObject({ verified: false, after: 'mismatch' });
    expect(outcomeOf(still)?.step).toBe('mismatch');
  });

  it('a verify step that could not check proves nothing: the conclusion decides', () => {
    const s = verifyFix(submitResults(start(), { prom: ran('1000'), side: ran('1001') }, NOW), NOW);
    const unsure = submitResults(s, { prom: failed('forbidden'), side: ran('1000') }, NOW);
    expect(unsure.phase.kind).toBe('asking');
    if (unsure.phase.kind !== 'asking') return;
    const toSa = unsure.phase.options.findIndex((o) => o.next === 'sa');
    const left = answer(unsure, toSa, NOW);
    expect(left.verifications[0]?.verified).toBeUndefined();
    const odd = submitResults(left, { pod: ran('{"spec":{"serviceAccountName":"default"}}') }, NOW);
    expect(outcomeOf(odd)?.step).toBe('odd');
    expect(odd.verifications[0]).toMatchObject({ verified: false, after: 'odd' });
  });

  it('ends inconclusive when abandoned', () => {
    const s = abandon(start(), 'stopped by the operator', NOW);
    expect(outcomeOf(s)).toMatchObject({ step: 'uids', verdict: 'inconclusive', rootCause: 'stopped by the operator' });
  });

  it('marks a step whose template cannot be rendered as not run', () => {
    const rb = runbook();
    const s = startWalk(rb, { namespace: 'monitoring' }, NOW);
    if (s.phase.kind !== 'checking') throw new Error();
    expect(s.phase.checks[0]).toMatchObject({ runnable: false, error: 'parameter "pod" has no value' });
    const next = submitResults(s, {}, NOW);
    expect(next.results.prom).toMatchObject({ status: 'failed', reason: 'invalid' });
    expect(next.phase.kind).toBe('asking');
  });
});

describe('templates', () => {
  it('renders an escaped {{ literally', async () => {
    const { render, parseTemplate } = await import('../runbook/template');
    const resolve = (ref: { kind: string; name?: string }) => (ref.kind === 'param' && ref.name === 'pod' ? 'p-0' : undefined);
    expect(render("docker inspect -f '\\{{.Config.User}}' {{pod}}", resolve as never)).toBe("docker inspect -f '{{.Config.User}}' p-0");
    expect(parseTemplate("-f '\\{{.Config.User}}' {{pod}}").map((p) => p.offset)).toEqual([23]);
    expect(() => parseTemplate('{{pod')).toThrow(/unclosed/);
  });
});
