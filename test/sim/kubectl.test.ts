// The real installed kubectl against the simulated cluster: discovery, tables, logs, exec over
// WebSocket, patches, access reviews (protobuf), authorization and authentication errors.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlWorld, type KubectlWorld } from './helpers';

let w: KubectlWorld;

beforeAll(async () => {
  // restricted extends broken extends healthy: every layer of the fixture is in play.
  w = await kubectlWorld('restricted');
});

afterAll(async () => {
  await w?.close();
});

describe('kubectl get', () => {
  it('prints the pod table across namespaces', async () => {
    const r = await w.kubectl(['get', 'pods', '-A']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.find((l) => l.includes('prometheus-k8s-0'))).toMatch(/^monitoring\s+prometheus-k8s-0\s+2\/2\s+Running\s+0\s+\d+s$/);
    expect(lines.find((l) => l.includes('thanos-compact-0'))).toMatch(/0\/1\s+ContainerCreating/);
  });

  it('lists service accounts as JSON', async () => {
    const r = await w.kubectl(['get', 'sa', '-n', 'monitoring', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe('List');
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['prometheus-k8s']);
    expect(list.items[0].kind).toBe('ServiceAccount');
    expect(list.items[0].metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('resolves short names and custom resources, and filters with selectors', async () => {
    const r = await w.kubectl(['get', 'sts,netpol,prometheus', '-o', 'name']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'statefulset.apps/prometheus-k8s',
      'networkpolicy.networking.k8s.io/prometheus-k8s',
      'prometheus.monitoring.coreos.com/k8s',
    ]);
    const pending = await w.kubectl(['get', 'pods', '--field-selector', 'status.phase=Pending', '-l', 'app.kubernetes.io/name', '-o', 'name']);
    expect(pending.stdout.trim()).toBe('pod/thanos-compact-0');
  });

  it('shows the events describe looks up by involvedObject', async () => {
    const r = await w.kubectl(['describe', 'pod', 'prometheus-k8s-0']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container thanos-sidecar/);
  });
});

describe('kubectl logs', () => {
  it('tails a container log', async () => {
    const r = await w.kubectl(['logs', '-n', 'monitoring', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--tail=2']);
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('hard link block');
    expect(lines[1]).toContain('uploaded=0');
  });

  it('reads the previous instance, and says when there is none', async () => {
    const prev = await w.kubectl(['logs', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--previous']);
    expect(prev.stdout).toContain('caught signal');
    const none = await w.kubectl(['logs', 'prometheus-k8s-0', '-c', 'prometheus', '--previous']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('previous terminated container "prometheus" in pod "prometheus-k8s-0" not found');
  });
});

describe('kubectl exec', () => {
  it('runs a scripted command', async () => {
    const r = await w.kubectl(['exec', '-n', 'monitoring', 'prometheus-k8s-0', '-c', 'prometheus', '--', 'id', '-u']);
    expect(r).toMatchObject({ stdout: '1000', exitCode: 0 });
    // broken.yaml overrides only the sidecar's script: the variant is visible through extends.
    const side = await w.kubectl(['exec', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--', 'id', '-u']);
    expect(side).toMatchObject({ stdout: '1001', exitCode: 0 });
  });

  it('exits with the command exit code', async () => {
    const r = await w.kubectl(['exec', 'prometheus-k8s-0', '-c', 'prometheus', '--', 'sh', '-c', 'exit 3']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('command terminated with exit code 3');
    const ls = await w.kubectl(['exec', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--', 'ls', '/prometheus/missing']);
    expect(ls.exitCode).toBe(1);
    expect(ls.stderr).toContain('ls: /prometheus/missing: No such file or directory');
  });

  it('answers an unscripted command like a container runtime', async () => {
    const r = await w.kubectl(['exec', 'prometheus-k8s-0', '-c', 'prometheus', '--', 'whoami']);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "whoami": executable file not found in $PATH: unknown',
    );
  });

  it('refuses containers that are not running, or do not exist', async () => {
    const pending = await w.kubectl(['exec', 'thanos-compact-0', '--', 'id']);
    expect(pending.exitCode).toBe(1);
    expect(pending.stderr).toContain('unable to upgrade connection: container not found ("thanos-compact")');
    const missing = await w.kubectl(['exec', 'nope-0', '--', 'id']);
    expect(missing.stderr).toContain('pods "nope-0" not found');
  });
});

describe('kubectl patch', () => {
  const patch = JSON.stringify({
    spec: { template: { spec: { containers: [{ name: 'thanos-sidecar', securityContext: { runAsUser: 1000 } }] } } },
  });

  it('returns the patched object on a server dry run and stores nothing', async () => {
    const before = JSON.parse((await w.kubectl(['get', 'sts', 'prometheus-k8s', '-o', 'json'])).stdout);
    const r = await w.kubectl(['patch', 'statefulset', 'prometheus-k8s', '--type=strategic', '-p', patch, '--dry-run=server', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const patched = JSON.parse(r.stdout);
    const containers = patched.spec.template.spec.containers;
    // Strategic merge: the sidecar is merged by name, prometheus untouched, image kept.
    expect(containers.map((c: { name: string }) => c.name)).toEqual(['prometheus', 'thanos-sidecar']);
    expect(containers[1]).toMatchObject({ image: 'quay.io/thanos/thanos:v0.35.1', securityContext: { runAsUser: 1000 } });
    expect(patched.metadata.generation).toBe(before.metadata.generation + 1);
    const after = JSON.parse((await w.kubectl(['get', 'sts', 'prometheus-k8s', '-o', 'json'])).stdout);
    expect(after).toEqual(before);
  });

  it('persists a real patch, bumping resourceVersion and generation', async () => {
    const before = JSON.parse((await w.kubectl(['get', 'sts', 'prometheus-k8s', '-o', 'json'])).stdout);
    const r = await w.kubectl(['patch', 'sts', 'prometheus-k8s', '-p', JSON.stringify({ spec: { template: { spec: { securityContext: { runAsUser: 1000 } } } } })]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('statefulset.apps/prometheus-k8s patched');
    const after = JSON.parse((await w.kubectl(['get', 'sts', 'prometheus-k8s', '-o', 'json'])).stdout);
    expect(after.spec.template.spec.securityContext).toEqual({ fsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 });
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    // The fixture's `when` condition reads the live StatefulSet: the fix is visible to exec.
    const side = await w.kubectl(['exec', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--', 'id', '-u']);
    expect(side).toMatchObject({ stdout: '1000', exitCode: 0 });
  });

  it('rejects what the real API server rejects', async () => {
    const sts = await w.kubectl(['patch', 'sts', 'prometheus-k8s', '--type=merge', '-p', '{"spec":{"serviceName":"other"}}']);
    expect(sts.exitCode).toBe(1);
    expect(sts.stderr).toContain('updates to statefulset spec for fields other than');
    const crd = await w.kubectl(['patch', 'prometheus', 'k8s', '-p', '{"spec":{"replicas":2}}']);
    expect(crd.exitCode).toBe(1);
    expect(crd.stderr).toContain('application/strategic-merge-patch+json is not supported');
    const json = await w.kubectl(['patch', 'prometheus', 'k8s', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]', '-o', 'jsonpath={.spec.replicas}']);
    expect(json).toMatchObject({ exitCode: 0, stdout: '2' });
  });
});

describe('authorization and authentication', () => {
  it('kubectl auth can-i honours access.deny (protobuf review)', async () => {
    expect(await w.kubectl(['auth', 'can-i', 'get', 'secrets'])).toMatchObject({ stdout: 'no', exitCode: 1 });
    expect(await w.kubectl(['auth', 'can-i', 'get', 'pods'])).toMatchObject({ stdout: 'yes', exitCode: 0 });
    expect(await w.kubectl(['auth', 'can-i', 'create', 'pods', '--subresource=exec'])).toMatchObject({ stdout: 'yes', exitCode: 0 });
  });

  it('a denied get is a 403 with the RBAC wording', async () => {
    const r = await w.kubectl(['get', 'secret', 'thanos-objstore-config']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (Forbidden): secrets "thanos-objstore-config" is forbidden: User "sim-user" cannot get resource "secrets" in API group "" in the namespace "monitoring"',
    );
  });

  it('a wrong token is 401 Unauthorized', async () => {
    const bad = path.join(w.home, 'kubeconfig-bad-token');
    await writeFile(bad, w.sim.kubeconfig.replace(/token: .*/, 'token: not-the-token'));
    const r = await w.kubectl(['get', 'pods'], { kubeconfig: bad });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });
});
