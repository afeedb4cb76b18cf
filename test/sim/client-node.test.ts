// @kubernetes/client-node against the simulated cluster, through the kubeconfig it hands out.
import { Writable } from 'node:stream';
import { AuthorizationV1Api, CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';
import { SCENARIOS } from './helpers';

let sim: SimServer;
let kc: KubeConfig;

beforeAll(async () => {
  sim = await startSim(await loadScenario(path.join(SCENARIOS, 'restricted.yaml')));
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
});

afterAll(async () => {
  await sim?.close();
});

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function run(container: string, command: string[]): Promise<{ stdout: string; stderr: string; status: V1Status; closeCode: number }> {
  const out = collector();
  const err = collector();
  let status: V1Status | undefined;
  const ws = await new Exec(kc).exec('monitoring', 'prometheus-k8s-0', container, command, out.stream, err.stream, null, false, (s) => {
    status = s;
  });
  const closeCode = await new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
  if (!status) throw new Error('no status frame');
  return { stdout: out.text(), stderr: err.text(), status, closeCode };
}

function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  return Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
}

describe('client-node', () => {
  it('reads a pod with CoreV1Api', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const pod = await core.readNamespacedPod({ name: 'prometheus-k8s-0', namespace: 'monitoring' });
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['prometheus', 'thanos-sidecar']);
    // broken.yaml's $merge removed runAsUser from the healthy pod, keeping the rest.
    expect(pod.spec?.securityContext).toEqual({ fsGroup: 2000, runAsNonRoot: true });
    expect(pod.metadata?.ownerReferences?.[0]?.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets the API server errors as ApiException with the Status body', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await expect(core.readNamespacedPod({ name: 'nope', namespace: 'monitoring' })).rejects.toMatchObject({ code: 404 });
    await expect(core.readNamespacedSecret({ name: 'thanos-objstore-config', namespace: 'monitoring' })).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining('cannot get resource \\"secrets\\"'),
    });
  });

  it('reads logs with tailLines', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const text = await core.readNamespacedPodLog({ name: 'prometheus-k8s-0', namespace: 'monitoring', container: 'thanos-sidecar', tailLines: 1 });
    expect(text).toBe('ts=2024-05-01T11:00:05.411Z caller=sidecar.go:412 level=info msg="sync shipper" uploaded=0\n');
  });

  it('execs with Exec: stdout, and the exit code through the status callback', async () => {
    const ok = await run('prometheus', ['id', '-u']);
    expect(ok).toMatchObject({ stdout: '1000\n', stderr: '', closeCode: 1000 });
    expect(exitCodeOf(ok.status)).toBe(0);

    const failed = await run('thanos-sidecar', ['ls', '/prometheus/missing']);
    expect(failed.stderr).toBe('ls: /prometheus/missing: No such file or directory\n');
    expect(failed.status.reason).toBe('NonZeroExitCode');
    expect(exitCodeOf(failed.status)).toBe(1);

    const missing = await run('prometheus', ['stat', '-c', '%u', '/prometheus']);
    expect(exitCodeOf(missing.status)).toBe(127);
    expect(missing.stderr).toContain('exec: "stat": executable file not found in $PATH');
  });

  it('answers a JSON SelfSubjectAccessReview from access.deny', async () => {
    const authz = kc.makeApiClient(AuthorizationV1Api);
    const ask = (verb: string, resource: string) =>
      authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: { verb, resource, namespace: 'monitoring' } } } });
    expect((await ask('get', 'secrets')).status?.allowed).toBe(false);
    expect((await ask('get', 'pods')).status?.allowed).toBe(true);
  });
});
