// Hostile content from the cluster and the operator, through whole walks on the simulator: shell
// metacharacters in values that become kubectl arguments never reach a shell; escape sequences in
// log lines and command output never reach the terminal, the postmortem or the summary; a huge
// log stays bounded in the result, the journal and the report.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_CAP } from '../../src/cluster/capped-text';
import { isolateState, journalProblems, walkWithFaults } from '../faults/harness';
import { HOSTILE_PAYLOADS } from './terminal';

let cleanup: () => void;
let marks: string;

beforeAll(() => {
  cleanup = isolateState();
  marks = mkdtempSync(join(tmpdir(), 'runbook-hostile-marks-'));
});
afterAll(() => {
  cleanup();
  rmSync(marks, { recursive: true, force: true });
});

/** Shell fragments that create a file when anything hands them to a shell. */
function injections(tag: string): string[] {
  const file = join(marks, tag);
  return [`$(touch ${file}-dollar)`, `\`touch ${file}-backtick\``, `x; touch ${file}-semicolon`, `x' && touch ${file}-quote && echo '`, `x" ; touch ${file}-dquote ; "`, `x | touch ${file}-pipe`];
}

/** Files an injection created: none, ever. */
function createdMarks(): string[] {
  return existsSync(marks) ? readdirSync(marks) : [];
}

/** Bytes that act on a terminal: ESC, C1 controls, BEL, bidi overrides, a lone carriage return. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u001b\u0007\u0080-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

describe('values from the cluster and the operator never reach a shell', () => {
  it('a Service selector full of shell syntax becomes a kubectl argument as it is', async () => {
    const selector = injections('selector').join(' ');
    const scenario = `extends: nodeport-blocked
objects:
  - apiVersion: v1
    kind: Service
    metadata: {name: grafana, namespace: monitoring}
    spec: {selector: {app.kubernetes.io/name: ${JSON.stringify(selector)}}}
    $merge: true
`;
    const w = await walkWithFaults('kube-prometheus-networkpolicy', scenario, { set: { namespace: 'monitoring' } });
    expect(w.report?.path.length).toBeGreaterThan(1);
    // The selector value reached a kubectl check (as one argument), and the walk went on.
    expect(w.checks.selecting?.command).toContain(`touch ${join(marks, 'selector')}-dollar`);
    expect(w.checks.selecting?.status).toBe('ran');
    expect(journalProblems(w.events, w.torn)).toEqual([]);
    expect(createdMarks()).toEqual([]);
  });

  it('a --set parameter used as a pod name in exec and logs reaches the API as data, not as a command', async () => {
    const pod = injections('pod')[0]!;
    const w = await walkWithFaults('thanos-sidecar-upload-permission', 'extends: broken\n', { set: { pod } });
    const failed = Object.values(w.checks).filter((c) => c.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    // The API server says the pod does not exist; the name is quoted, not executed.
    expect(failed.map((c) => c.reason)).toContain('not-found');
    expect(journalProblems(w.events, w.torn)).toEqual([]);
    expect(createdMarks()).toEqual([]);
  });
});

describe('escape sequences in log lines and command output', () => {
  const hostileLines = HOSTILE_PAYLOADS.map((p, i) => `level=warn msg="payload ${i}: ${p}"`).join('\n');
  const scenario = stringify({
    extends: 'broken',
    logs: { 'monitoring/prometheus-k8s-0/thanos-sidecar': `${hostileLines}\nlevel=error msg="upload 01HCVDP0JJ2SJVSY1GKY7EK54K: hard link block: hard link file chunks/000001: link /prometheus/01HCVDP0JJ2SJVSY1GKY7EK54K/chunks/000001 /prometheus/thanos/upload/01HCVDP0JJ2SJVSY1GKY7EK54K/chunks/000001: operation not permitted"\n${hostileLines}\n` },
    exec: { 'monitoring/prometheus-k8s-0/thanos-sidecar': [{ command: ['id', '-u'], stdout: `1001\u001b]0;owned\u0007\u001b[2J\n` }] },
  });

  it('never reach the terminal summary, the postmortem or the report', async () => {
    const text = await walkWithFaults('thanos-sidecar-upload-permission', scenario, { json: false });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/PROBLEM|INCONCLUSIVE/);
    expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(text.stderr).not.toMatch(TERMINAL_CONTROL);

    const json = await walkWithFaults('thanos-sidecar-upload-permission', scenario);
    // JSON escapes control characters; the document parsed, so nothing raw is in it.
    expect(json.report).toBeDefined();
    expect(json.postmortem.length).toBeGreaterThan(0);
    const raw = json.postmortem.match(TERMINAL_CONTROL);
    expect(raw, `postmortem contains ${JSON.stringify(raw?.[0])} near ${JSON.stringify(json.postmortem.slice(Math.max(0, (raw?.index ?? 0) - 40), (raw?.index ?? 0) + 40))}`).toBeNull();
    expect(journalProblems(json.events, json.torn)).toEqual([]);
    expect(createdMarks()).toEqual([]);
  });
});

describe('huge sizes', () => {
  it('a 40 MB log and a 200,000-line exec output stay bounded in results, journal and report', async () => {
    const line = `level=info ts=2025-03-04T05:00:00Z msg="${'a'.repeat(180)}"\n`;
    const hugeLog = line.repeat(Math.ceil((40 * 1024 * 1024) / line.length));
    const manyLines = Array.from({ length: 200_000 }, (_, i) => `${i}`).join('\n');
    const scenario = stringify({
      extends: 'broken',
      logs: { 'monitoring/prometheus-k8s-0/thanos-sidecar': hugeLog },
      exec: { 'monitoring/prometheus-k8s-0/prometheus': [{ command: ['id', '-u'], stdout: `${manyLines}\n1000\n` }] },
    });
    const w = await walkWithFaults('thanos-sidecar-upload-permission', scenario, { timeoutMs: 20_000 });
    expect(w.report).toBeDefined();
    for (const e of w.events) {
      if (e.type !== 'check-finished' || e.result.status !== 'ran') continue;
      expect(e.result.stdout.length, e.name).toBeLessThanOrEqual(DEFAULT_OUTPUT_CAP + 200);
    }
    const journalLines = readFileSync(w.report!.journal, 'utf8').split('\n');
    expect(Math.max(...journalLines.map((l) => l.length))).toBeLessThan(512 * 1024);
    expect(w.postmortem.length).toBeLessThan(2 * 1024 * 1024);
    expect(journalProblems(w.events, w.torn)).toEqual([]);
  });
});
