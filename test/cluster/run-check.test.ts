import { describe, expect, it } from 'vitest';
import { neverRejects } from '../../src/cluster/never-rejects';
import { runCheck } from '../../src/cluster/run-check';
import type { Cluster, ExecOutput, KubeObject, ResolvedCheck, Result } from '../../src/cluster/types';

const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'monitoring' } };

/** A Cluster double whose answers each test sets; unset methods fail the test loudly. */
function fakeCluster(overrides: Partial<Cluster>): Cluster {
  const unexpected = () => {
    throw new Error('unexpected call');
  };
  return {
    context: 'fake',
    namespace: 'monitoring',
    version: unexpected,
    get: unexpected,
    list: unexpected,
    logs: unexpected,
    exec: unexpected,
    patch: unexpected,
    canI: unexpected,
    resource: unexpected,
    kubectl: unexpected,
    close: () => {},
    ...overrides,
  };
}

describe('runCheck', () => {
  it('API reads: ran, exit 0, pretty JSON, json is the object or the items', async () => {
    const cluster = fakeCluster({
      get: async () => ({ ok: true, value: pod }),
      list: async () => ({ ok: true, value: [pod, pod] }),
    });
    const got = await runCheck(cluster, { kind: 'get', ref: { kind: 'Pod', name: 'p' } });
    expect(got).toMatchObject({ status: 'ran', exitCode: 0, stderr: '', json: pod, command: 'kubectl get pod p -n monitoring -o json' });
    expect(got.status === 'ran' && got.stdout).toBe(JSON.stringify(pod, null, 2));
    const listed = await runCheck(cluster, { kind: 'list', query: { kind: 'Pod' } });
    expect(listed.status === 'ran' && listed.json).toEqual([pod, pod]);
    expect(new Date(got.startedAt).toISOString()).toBe(got.startedAt);
    expect(got.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('exec: a non-zero exit is evidence; a classified failure carries the manual text', async () => {
    const answers: Array<Result<ExecOutput>> = [
      { ok: true, value: { stdout: '', stderr: 'ls: /x: No such file or directory\n', exitCode: 2 } },
      { ok: false, error: { reason: 'no-such-command', message: 'context fake: pods "p": no such command: exec: "id"' } },
    ];
    const cluster = fakeCluster({ exec: async () => answers.shift()! });
    const check: ResolvedCheck = { kind: 'exec', pod: 'p', container: 'c', command: ['ls', '/x'] };
    expect(await runCheck(cluster, check)).toMatchObject({ status: 'ran', exitCode: 2, command: 'kubectl exec -n monitoring p -c c -- ls /x' });
    expect(await runCheck(cluster, check, { manual: 'kubectl debug …' })).toMatchObject({
      status: 'failed',
      reason: 'no-such-command',
      manual: 'kubectl debug …',
    });
  });

  it('passes the timeout to exec and kubectl', async () => {
    const seen: Array<number | undefined> = [];
    const cluster = fakeCluster({
      exec: async (q) => {
        seen.push(q.timeoutMs);
        return { ok: true, value: { stdout: '0\n', stderr: '', exitCode: 0 } };
      },
      kubectl: async (_args, opts) => {
        seen.push(opts?.timeoutMs);
        return { ok: true, value: { stdout: '', stderr: '', exitCode: 1 } };
      },
    });
    await runCheck(cluster, { kind: 'exec', pod: 'p', command: ['id', '-u'] }, { timeoutMs: 1234 });
    const kubectl = await runCheck(cluster, { kind: 'kubectl', args: ['get', 'networkpolicy'] }, { timeoutMs: 4321 });
    expect(seen).toEqual([1234, 4321]);
    expect(kubectl).toMatchObject({ status: 'ran', exitCode: 1, command: 'kubectl -n monitoring get networkpolicy' });
  });

  it('bounds an API read that never answers', async () => {
    const cluster = fakeCluster({ get: () => new Promise(() => {}) });
    const result = await runCheck(cluster, { kind: 'get', ref: { kind: 'Pod', name: 'p' } }, { timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
  });

  it('never rejects, even when the cluster throws', async () => {
    const cluster = fakeCluster({});
    const result = await runCheck(cluster, { kind: 'logs', pod: 'p', tail: 10, previous: false });
    expect(result).toMatchObject({ status: 'failed', reason: 'error', command: 'kubectl logs -n monitoring p --tail=10' });
  });

  it('host commands: output and exit code are evidence', async () => {
    const cluster = fakeCluster({});
    const result = await runCheck(cluster, { kind: 'host', argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(result).toMatchObject({ status: 'ran', stdout: 'out\n', stderr: 'err\n', exitCode: 3, command: "sh -c 'echo out; echo err >&2; exit 3'" });
  });

  it('host commands: a missing binary is unreachable, a slow one times out', async () => {
    const cluster = fakeCluster({});
    expect(await runCheck(cluster, { kind: 'host', argv: ['rke2-not-installed-here', '--version'] })).toMatchObject({
      status: 'failed',
      reason: 'unreachable',
      message: 'command not found on this machine: rke2-not-installed-here',
    });
    expect(await runCheck(cluster, { kind: 'host', argv: ['sleep', '5'] }, { timeoutMs: 200 })).toMatchObject({
      status: 'failed',
      reason: 'timeout',
    });
    expect(await runCheck(cluster, { kind: 'host', argv: [] })).toMatchObject({ status: 'failed', reason: 'invalid' });
  });

  it('never passes argv through a shell', async () => {
    const cluster = fakeCluster({});
    const result = await runCheck(cluster, { kind: 'host', argv: ['echo', '$(echo injected); `id`'] });
    expect(result).toMatchObject({ status: 'ran', stdout: '$(echo injected); `id`\n' });
  });
});

describe('neverRejects', () => {
  it('turns an unforeseen throw into an error result naming the context', async () => {
    const guarded = neverRejects(
      fakeCluster({
        get: async () => {
          throw new TypeError('Do not know how to serialize a BigInt');
        },
      }),
    );
    expect(await guarded.get({ kind: 'Pod', name: 'p' })).toEqual({
      ok: false,
      error: { reason: 'error', message: 'context fake: get: error: unexpected failure: Do not know how to serialize a BigInt' },
    });
    expect(guarded.namespace).toBe('monitoring');
  });
});
