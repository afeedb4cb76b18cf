// Fault injection (scenario `faults:`): every failure the API server or the network can produce
// gives the check it hits a clear result, the walk goes on to an end, nothing crashes, and the
// journal is whole.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolateState, journalProblems, walkWithFaults, type FaultWalk } from './harness';

const RUNBOOK = 'thanos-sidecar-upload-permission';
const POD = 'prometheus-k8s-0';

let cleanup: () => void;
let baseline: FaultWalk;

beforeAll(async () => {
  cleanup = isolateState();
  baseline = await walkWithFaults(RUNBOOK, 'extends: broken\n');
});
afterAll(() => cleanup());

function walk(faults: string, opts: { timeoutMs?: number; apply?: boolean } = {}) {
  return walkWithFaults(RUNBOOK, `extends: broken\nfaults:\n${faults}\n`, opts);
}

/** The walk ended on its own terms: a conclusion, exit 0/1, a whole journal, a postmortem. */
function expectWalkHeld(w: FaultWalk): void {
  expect(w.exitCode === 0 || w.exitCode === 1, `exit code ${w.exitCode}: ${w.stderr}`).toBe(true);
  expect(w.report!.outcome?.verdict).toMatch(/^(problem|healthy|inconclusive)$/);
  expect(journalProblems(w.events, w.torn)).toEqual([]);
  expect(w.postmortem).toContain('#');
  expect(w.stderr).not.toMatch(/internal error|at .*\.(ts|js):\d+/);
}

/**
 * A fault on the requests made before the walk (server version, discovering the pod) refuses
 * the walk instead: one line saying why, a usage or cluster exit code, no journal.
 */
function expectWalkHeldOrRefused(w: FaultWalk): void {
  if (w.report) return expectWalkHeld(w);
  expect([2, 3]).toContain(w.exitCode);
  expect(w.stderr).toMatch(/^runbook: .*(context|parameter)/);
  expect(w.stderr.trim().split('\n')).toHaveLength(1);
}

describe('the baseline walk without faults', () => {
  it('reaches the runbook conclusion every fault case is compared with', () => {
    expect(baseline.report!.path.at(-1)).toBe('fix-cr-override');
    expect(Object.values(baseline.checks).every((c) => c.status === 'ran')).toBe(true);
    expectWalkHeld(baseline);
  });
});

describe('one fault per check: the result names what went wrong', () => {
  const cases: { name: string; fault: string; check: string; reason: string; message: RegExp; timeoutMs?: number }[] = [
    { name: '401', fault: `  - {match: {verb: get, resource: pods, name: ${POD}}, status: 401}`, check: 'pod', reason: 'unauthorized', message: /unauthorized: Unauthorized/ },
    {
      name: '403 (worded like RBAC)',
      fault: '  - {match: {resource: pods, subresource: log}, status: 403}',
      check: 'sidecar-log',
      reason: 'forbidden',
      message: /User "sim-user" cannot get resource "pods\/log"/,
    },
    { name: '404', fault: `  - {match: {verb: get, resource: pods, name: ${POD}}, status: 404}`, check: 'pod', reason: 'not-found', message: /pods "prometheus-k8s-0" not found/ },
    { name: '500', fault: '  - {match: {resource: pods, subresource: exec}, status: 500}', check: 'prom-uid', reason: 'error', message: /Internal error occurred/ },
    {
      name: 'a slow answer beyond the deadline',
      fault: `  - {match: {verb: get, resource: pods, name: ${POD}}, delaySeconds: 5}`,
      check: 'pod',
      reason: 'timeout',
      message: /within 800 ms/,
      timeoutMs: 800,
    },
    {
      name: 'a slow exec beyond the deadline',
      fault: '  - {match: {resource: pods, subresource: exec}, delaySeconds: 5}',
      check: 'prom-uid',
      reason: 'timeout',
      message: /timed out/,
      timeoutMs: 800,
    },
    {
      name: 'the connection reset mid-response',
      fault: '  - {match: {resource: pods, subresource: log}, reset: true}',
      check: 'sidecar-log',
      reason: 'unreachable',
      message: /connection closed before the response was complete/,
    },
    { name: 'the exec connection reset', fault: '  - {match: {resource: pods, subresource: exec}, reset: true}', check: 'prom-uid', reason: 'unreachable', message: /unreachable/ },
    {
      name: 'the exec stream dropped mid-output',
      fault: '  - {match: {resource: pods, subresource: exec}, cutExecAfter: 2}',
      check: 'prom-uid',
      reason: 'error',
      message: /exec stream was cut off .* before an exit status/,
    },
    {
      name: 'a malformed exec status',
      fault: '  - {match: {resource: pods, subresource: exec}, malformed: true}',
      check: 'prom-uid',
      reason: 'error',
      message: /malformed exec stream/,
    },
    {
      name: 'malformed JSON',
      fault: `  - {match: {verb: get, resource: pods, name: ${POD}}, malformed: true}`,
      check: 'pod',
      reason: 'error',
      message: /malformed JSON from the API server/,
    },
    {
      name: '429 for ever (retries exhausted)',
      fault: '  - {match: {resource: pods, subresource: log}, status: 429, retryAfter: 0}',
      check: 'sidecar-log',
      reason: 'error',
      message: /too many requests \(HTTP 429\), retries exhausted/,
    },
    {
      name: '429 asking for a wait longer than the retry budget',
      fault: '  - {match: {resource: pods, subresource: log}, status: 429, retryAfter: 600}',
      check: 'sidecar-log',
      reason: 'error',
      message: /HTTP 429/,
    },
  ];

  it.each(cases)('$name', async ({ fault, check, reason, message, timeoutMs }) => {
    const w = await walk(fault, timeoutMs === undefined ? {} : { timeoutMs });
    const result = w.checks[check];
    expect(result?.status, JSON.stringify(result)).toBe('failed');
    expect(result?.reason).toBe(reason);
    expect(result?.message).toMatch(message);
    // The failure is in the journal as a finished check, and the walk went past it.
    const finished = w.events.filter((e) => e.type === 'check-finished' && e.name === check);
    expect(finished.length).toBeGreaterThan(0);
    expect(w.report!.path.length).toBeGreaterThanOrEqual(2);
    expectWalkHeld(w);
  });
});

describe('429 with Retry-After is honoured', () => {
  it('waits as asked, retries, and the check runs as if nothing happened', async () => {
    const w = await walk('  - {match: {resource: pods, subresource: log}, status: 429, retryAfter: 1, times: 1}');
    expect(w.checks['sidecar-log']?.status).toBe('ran');
    expect(w.report!.path).toEqual(baseline.report!.path);
    expectWalkHeld(w);
  });
});

describe('409 on the fix', () => {
  it('makes the fix print-only with the conflict as the reason; nothing is applied', async () => {
    const w = await walk('  - {match: {verb: patch, resource: prometheuses}, status: 409}', { apply: true });
    const fix = w.report!.fix as { plan?: { applicable: boolean; reason?: string } };
    expect(fix.plan?.applicable).toBe(false);
    expect(fix.plan?.reason).toMatch(/dry run: .*: conflict: Operation cannot be fulfilled on prometheuses.monitoring.coreos.com "k8s"/);
    expect(w.events.some((e) => e.type === 'fix-applied')).toBe(false);
    expectWalkHeld(w);
  });
});

describe('an API server that fails before the walk starts', () => {
  it('exits 3 with the reason and no stack trace', async () => {
    const w = await walk('  - {match: {path: /version}, status: 503}');
    expect(w.exitCode).toBe(3);
    expect(w.report).toBeUndefined();
    expect(w.stderr).toMatch(/cannot reach the API server: .*the server is currently unable to handle the request/);
    expect(w.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('chaos: any fault on any kind of request', () => {
  const kinds = [
    `{verb: get, resource: pods, name: ${POD}}`,
    '{resource: pods, subresource: log}',
    '{resource: pods, subresource: exec}',
    '{verb: get, resource: statefulsets}',
    '{verb: get, resource: prometheuses}',
    '{verb: list, resource: pods}',
  ];
  const effects = ['status: 401', 'status: 403', 'status: 404', 'status: 409', 'status: 500', 'status: 429, retryAfter: 0', 'reset: true', 'malformed: true', 'delaySeconds: 3'];

  it('never crashes, always concludes, always leaves a whole journal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(fc.constantFrom(...kinds), fc.constantFrom(...effects), fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined })), { minLength: 1, maxLength: 3, selector: ([k]) => k }), async (faults) => {
        const yaml = faults.map(([match, effect, times]) => `  - {match: ${match}, ${effect}${times ? `, times: ${times}` : ''}}`).join('\n');
        const w = await walk(yaml, { timeoutMs: 700 });
        expectWalkHeldOrRefused(w);
        for (const c of Object.values(w.checks)) if (c.status === 'failed') expect(c.message, JSON.stringify(c)).toMatch(/\S/);
      }),
      { numRuns: 6, seed: Number(process.env.FC_SEED ?? 20251123) },
    );
  });
});
