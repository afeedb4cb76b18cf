import { describe, expect, it } from 'vitest';
import { conditionEvaluator, holds } from '../../src/sim/conditions';
import { runScripted } from '../../src/sim/exec';
import { ResourceRegistry } from '../../src/sim/resources';
import { ObjectStore } from '../../src/sim/store';

const prom = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'Prometheus',
  metadata: { name: 'k8s', namespace: 'monitoring' },
  spec: { containers: [{ name: 'thanos-sidecar', securityContext: { runAsUser: 1001 } }] },
};
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p0', namespace: 'monitoring' }, spec: { securityContext: { runAsUser: 1000 } } };
const SIDECAR_UID = "$.spec.containers[?(@.name=='thanos-sidecar')].securityContext.runAsUser";

describe('exec conditions', () => {
  it('test existence and equality of JSONPath matches', () => {
    expect(holds({ path: SIDECAR_UID }, prom)).toBe(true);
    expect(holds({ path: SIDECAR_UID, equals: 1001 }, prom)).toBe(true);
    expect(holds({ path: SIDECAR_UID, equals: 1000 }, prom)).toBe(false);
    expect(holds({ path: SIDECAR_UID, equals: 1000, exists: false }, prom)).toBe(true);
    expect(holds({ path: '$.spec.nothing', exists: false }, prom)).toBe(true);
    expect(holds({ path: '$.spec.nothing' }, prom)).toBe(false);
    expect(holds({ path: '$.spec', exists: false }, undefined)).toBe(true);
  });

  it('pick the first script whose conditions hold, reading the live store', () => {
    const registry = new ResourceRegistry([prom, pod]);
    const store = new ObjectStore(registry, [prom, pod], 'monitoring');
    const storedPod = store.get(registry.byKind('', 'Pod')!, 'monitoring', 'p0')!;
    const scripts = [
      { command: ['id', '-u'], stdout: '1001\n', stderr: '', exitCode: 0, when: [{ object: { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', name: 'k8s' }, path: SIDECAR_UID, equals: 1001 }] },
      { command: ['id', '-u'], stdout: '1000\n', stderr: '', exitCode: 0, when: [{ path: '$.spec.securityContext.runAsUser', equals: 1000 }] },
    ];
    const run = () => runScripted(scripts, ['id', '-u'], conditionEvaluator(store, registry, storedPod)).stdout;
    expect(run()).toBe('1001\n');
    const type = registry.byKind('monitoring.coreos.com', 'Prometheus')!;
    const fixed = store.get(type, 'monitoring', 'k8s')!;
    (fixed.spec as { containers: unknown[] }).containers = [];
    store.update(type, fixed);
    expect(run()).toBe('1000\n');
    // No script holds: the runtime's answer for a missing binary is not given for a scripted argv
    // whose conditions fail; the command then behaves as unscripted.
    expect(runScripted(scripts.slice(0, 1), ['id', '-u'], conditionEvaluator(store, registry, storedPod)).exitCode).toBe(127);
  });
});
