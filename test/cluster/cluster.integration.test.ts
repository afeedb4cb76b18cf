// The cluster layer against the simulated API server (real HTTPS, WebSocket exec, real kubectl),
// plus servers that refuse or never answer.

import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect';
import { runCheck } from '../../src/cluster/run-check';
import type { Cluster, Result } from '../../src/cluster/types';
import { loadScenario } from '../../src/sim/scenario';
import { startSim } from '../../src/sim/server';

const FIXTURE = fileURLToPath(new URL('./fixtures/cluster-layer.yaml', import.meta.url));
const CONTEXT = 'sim-cluster-test';

let dir: string;
let kubeconfigFile: string;
let sim: Awaited<ReturnType<typeof startSim>>;
let cluster: Cluster;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.reason}: ${result.error.message}`);
  return result.value;
}

function failure<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

/** A kubeconfig for a server we control (token auth, TLS verification off). */
function kubeconfigFor(server: string, name: string): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${name}`,
      `clusters: [{name: ${name}, cluster: {server: '${server}', insecure-skip-tls-verify: true}}]`,
      `users: [{name: u, user: {token: t}}]`,
      `contexts: [{name: ${name}, context: {cluster: ${name}, user: u}}]`,
    ].join('\n'),
  );
  return file;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cluster-it-'));
  // kubectl caches discovery under $HOME/.kube/cache: keep it out of the real home.
  process.env.HOME = dir;
  delete process.env.KUBECONFIG;
  sim = await startSim(await loadScenario(FIXTURE));
  kubeconfigFile = path.join(dir, 'sim.yaml');
  await sim.writeKubeconfig(kubeconfigFile);
  cluster = value(await connect({ kubeconfig: kubeconfigFile, timeoutMs: 5000 }));
});

afterAll(async () => {
  cluster?.close();
  await sim?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('connect', () => {
  it('takes context and namespace from the kubeconfig', () => {
    expect(sim.context).toBe(CONTEXT);
    expect(cluster.context).toBe(CONTEXT);
    expect(cluster.namespace).toBe('monitoring');
  });

  it('an explicit namespace wins', async () => {
    const other = value(await connect({ kubeconfig: kubeconfigFile, namespace: 'thanos' }));
    expect(other.namespace).toBe('thanos');
    expect(value(await other.list({ kind: 'Pod' })).map((p) => p.metadata.name)).toEqual(['thanos-compact-0']);
    other.close();
  });

  it('an unknown context is invalid and lists the available ones', async () => {
    const error = failure(await connect({ kubeconfig: kubeconfigFile, context: 'prod' }));
    expect(error.reason).toBe('invalid');
    expect(error.message).toContain(CONTEXT);
  });

  it('a missing kubeconfig file is invalid and named', async () => {
    const missing = path.join(dir, 'missing.yaml');
    const error = failure(await connect({ kubeconfig: missing }));
    expect(error.reason).toBe('invalid');
    expect(error.message).toContain(missing);
  });

  it('honours KUBECONFIG, and kubectl finds the same cluster through it', async () => {
    process.env.KUBECONFIG = [path.join(dir, 'absent.yaml'), kubeconfigFile].join(path.delimiter);
    try {
      const viaEnv = value(await connect({}));
      expect(viaEnv.context).toBe(CONTEXT);
      expect(value(await viaEnv.version())).toBe(value(await cluster.version()));
      const out = value(await viaEnv.kubectl(['get', 'pod', 'prometheus-k8s-0', '-o', 'jsonpath={.metadata.name}']));
      expect(out).toMatchObject({ exitCode: 0, stdout: 'prometheus-k8s-0' });
      viaEnv.close();
    } finally {
      delete process.env.KUBECONFIG;
    }
  });
});

describe('API reads', () => {
  it('version', async () => {
    expect(value(await cluster.version())).toMatch(/^v1\.\d+\.\d+/);
  });

  it('gets core, apps and cluster-scoped objects', async () => {
    const pod = value(await cluster.get({ kind: 'Pod', name: 'prometheus-k8s-0' }));
    expect(pod.metadata).toMatchObject({ name: 'prometheus-k8s-0', namespace: 'monitoring' });
    const sts = value(await cluster.get({ kind: 'StatefulSet', name: 'prometheus-k8s' }));
    expect(sts).toMatchObject({ apiVersion: 'apps/v1', kind: 'StatefulSet' });
    const ns = value(await cluster.get({ kind: 'Namespace', name: 'thanos' }));
    expect(ns.metadata.name).toBe('thanos');
    const compact = value(await cluster.get({ apiVersion: 'v1', kind: 'Pod', name: 'thanos-compact-0', namespace: 'thanos' }));
    expect((compact.spec as { serviceAccountName?: string }).serviceAccountName).toBe('thanos-compactor');
  });

  it('lists with selectors, in one namespace or all, filling in kind', async () => {
    const inNamespace = value(await cluster.list({ kind: 'Pod', labelSelector: 'app.kubernetes.io/name=prometheus' }));
    expect(inNamespace.map((p) => p.metadata.name)).toEqual(['prometheus-k8s-0']);
    expect(inNamespace[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    const everywhere = value(await cluster.list({ kind: 'Pod', namespace: '*' }));
    expect(everywhere.map((p) => p.metadata.name).sort()).toEqual(['prometheus-k8s-0', 'thanos-compact-0']);
    const none = value(await cluster.list({ kind: 'Pod', labelSelector: 'app.kubernetes.io/name=grafana' }));
    expect(none).toEqual([]);
  });

  it('a missing pod is not-found, named with its context', async () => {
    const error = failure(await cluster.get({ kind: 'Pod', name: 'prometheus-k8s-9' }));
    expect(error.reason).toBe('not-found');
    expect(error.message).toMatch(/^context sim-cluster-test: pods "prometheus-k8s-9" in namespace "monitoring": not found/);
  });

  it('access.deny answers forbidden, with the server message kept', async () => {
    const error = failure(await cluster.get({ kind: 'Secret', name: 'thanos-objstore' }));
    expect(error.reason).toBe('forbidden');
    expect(error.message).toContain('context sim-cluster-test: secrets "thanos-objstore" in namespace "monitoring": forbidden');
    expect(error.message).toContain('cannot get resource "secrets"');
  });

  it('a kind the server does not serve is not-found; a custom kind without apiVersion is invalid', async () => {
    expect(failure(await cluster.get({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', name: 'k8s' })).reason).toBe(
      'not-found',
    );
    expect(failure(await cluster.list({ kind: 'ServiceMonitor' })).reason).toBe('invalid');
  });

  it('canI reflects access.deny', async () => {
    expect(value(await cluster.canI({ verb: 'get', resource: 'secrets' }))).toMatchObject({ allowed: false });
    expect(value(await cluster.canI({ verb: 'get', resource: 'pods' }))).toMatchObject({ allowed: true });
  });
});

describe('logs', () => {
  it('reads a container, its tail and its previous instance', async () => {
    const logs = value(await cluster.logs({ pod: 'prometheus-k8s-0', container: 'thanos-sidecar' }));
    expect(logs).toContain('hard link block');
    const tail = value(await cluster.logs({ pod: 'prometheus-k8s-0', container: 'thanos-sidecar', tail: 1 }));
    expect(tail.trim().split('\n')).toHaveLength(1);
    expect(tail).toContain('operation not permitted');
    const previous = value(await cluster.logs({ pod: 'prometheus-k8s-0', container: 'thanos-sidecar', previous: true }));
    expect(previous).toContain('starting sidecar');
    expect(previous).not.toContain('operation not permitted');
  });

  it('an unknown container is not-found; a multi-container pod needs one named', async () => {
    expect(failure(await cluster.logs({ pod: 'prometheus-k8s-0', container: 'grafana' })).reason).toBe('not-found');
    expect(failure(await cluster.logs({ pod: 'prometheus-k8s-0' })).reason).toBe('invalid');
  });
});

describe('exec', () => {
  it('collects stdout and a zero exit', async () => {
    expect(value(await cluster.exec({ pod: 'prometheus-k8s-0', container: 'prometheus', command: ['id', '-u'] }))).toEqual({
      stdout: '1000\n',
      stderr: '',
      exitCode: 0,
    });
    expect(value(await cluster.exec({ pod: 'prometheus-k8s-0', container: 'thanos-sidecar', command: ['id', '-u'] })).stdout).toBe(
      '1001\n',
    );
  });

  it('a non-zero exit is evidence', async () => {
    const out = value(
      await cluster.exec({
        pod: 'prometheus-k8s-0',
        container: 'prometheus',
        command: ['stat', '-c', '%u %g %a %n', '/prometheus/thanos.shipper.json'],
      }),
    );
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('No such file or directory');
  });

  it('a command the image lacks is no-such-command', async () => {
    const error = failure(await cluster.exec({ pod: 'prometheus-k8s-0', container: 'prometheus', command: ['bash', '-c', 'id'] }));
    expect(error.reason).toBe('no-such-command');
    expect(error.message).toContain('executable file not found');
    expect(error.message).toContain('context sim-cluster-test');
  });

  it('a missing pod is not-found', async () => {
    const error = failure(await cluster.exec({ pod: 'nope-0', container: 'prometheus', command: ['id'] }));
    expect(error.reason).toBe('not-found');
    expect(error.message).toContain('pods "nope-0"');
  });

  it('runCheck shows the command as typed and keeps the exit code', async () => {
    const result = await runCheck(cluster, { kind: 'exec', pod: 'prometheus-k8s-0', container: 'prometheus', command: ['id', '-u'] });
    expect(result).toMatchObject({
      status: 'ran',
      command: 'kubectl exec -n monitoring prometheus-k8s-0 -c prometheus -- id -u',
      stdout: '1000\n',
      exitCode: 0,
    });
  });
});

describe('patch', () => {
  it('dry-run does not persist; merge, strategic and json patches apply with their content types', async () => {
    const ref = { kind: 'StatefulSet', name: 'prometheus-k8s' };
    const dry = value(await cluster.patch({ ref, type: 'merge', body: { metadata: { labels: { patched: 'dry' } } }, dryRun: true }));
    expect(dry.metadata.labels?.patched).toBe('dry');
    expect(value(await cluster.get(ref)).metadata.labels?.patched).toBeUndefined();

    const strategic = {
      spec: { template: { spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'prometheus', image: 'p:2' }] } } },
    };
    const merged = value(await cluster.patch({ ref, type: 'strategic', body: strategic, dryRun: false }));
    const containers = (merged.spec as { template: { spec: { containers: Array<{ name: string; image: string }> } } }).template.spec
      .containers;
    // Strategic merge matches containers by name: the sidecar survives (a merge patch would drop it).
    expect(containers).toEqual([
      expect.objectContaining({ name: 'prometheus', image: 'p:2' }),
      expect.objectContaining({ name: 'thanos-sidecar', image: 'quay.io/thanos/thanos:v0.36.1' }),
    ]);

    const jsonPatch = [{ op: 'replace', path: '/spec/replicas', value: 2 }];
    const replaced = value(await cluster.patch({ ref, type: 'json', body: jsonPatch, dryRun: false }));
    expect((replaced.spec as { replicas: number }).replicas).toBe(2);
  });
});

describe('kubectl', () => {
  it('runs with this kubeconfig, context and namespace; a non-zero exit is output, not failure', async () => {
    const found = value(await cluster.kubectl(['get', 'pod', 'prometheus-k8s-0', '-o', 'jsonpath={.spec.containers[*].name}']));
    expect(found).toMatchObject({ exitCode: 0, stdout: 'prometheus thanos-sidecar' });
    const missing = value(await cluster.kubectl(['get', 'pod', 'nope-0']));
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('not found');
  });

  it('a missing kubectl binary is unreachable', async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      const error = failure(await cluster.kubectl(['version']));
      expect(error.reason).toBe('unreachable');
      expect(error.message).toContain('kubectl');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('servers that do not cooperate', () => {
  it('nothing listening: unreachable, for API calls and exec', async () => {
    const file = kubeconfigFor(`https://127.0.0.1:${await freePort()}`, 'sim-gone');
    const gone = value(await connect({ kubeconfig: file, timeoutMs: 2000 }));
    const error = failure(await gone.get({ kind: 'Pod', name: 'x' }));
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/^context sim-gone: /);
    expect(failure(await gone.version()).reason).toBe('unreachable');
    expect(failure(await gone.exec({ pod: 'x', command: ['id'] })).reason).toBe('unreachable');
    gone.close();
  });

  it('accepts and never answers: timeout, for API calls and exec', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const file = kubeconfigFor(`https://127.0.0.1:${(silent.address() as AddressInfo).port}`, 'sim-silent');
    const stuck = value(await connect({ kubeconfig: file, timeoutMs: 400 }));
    try {
      const started = Date.now();
      const error = failure(await stuck.get({ kind: 'Pod', name: 'x' }));
      expect(error.reason).toBe('timeout');
      expect(error.message).toMatch(/^context sim-silent: /);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(failure(await stuck.exec({ pod: 'x', command: ['id'], timeoutMs: 400 })).reason).toBe('timeout');
      const check = await runCheck(stuck, { kind: 'logs', pod: 'x', tail: 10, previous: false }, { manual: 'ask someone' });
      expect(check).toMatchObject({ status: 'failed', reason: 'timeout', manual: 'ask someone' });
    } finally {
      stuck.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
