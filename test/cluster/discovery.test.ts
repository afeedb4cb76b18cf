import { describe, expect, it } from 'vitest';
import { Discovery, defaultApiVersion, resourcePath } from '../../src/cluster/discovery';
import type { ApiResource } from '../../src/cluster/discovery';
import type { Result } from '../../src/cluster/types';

const core: ApiResource[] = [
  { name: 'pods', kind: 'Pod', namespaced: true, singularName: 'pod', shortNames: ['po'] },
  { name: 'pods/log', kind: 'Pod', namespaced: true },
  { name: 'nodes', kind: 'Node', namespaced: false, singularName: 'node' },
];

describe('defaultApiVersion', () => {
  it('knows the built-in kinds the runbooks use', () => {
    expect(defaultApiVersion('Pod')).toBe('v1');
    expect(defaultApiVersion('StatefulSet')).toBe('apps/v1');
    expect(defaultApiVersion('NetworkPolicy')).toBe('networking.k8s.io/v1');
    expect(defaultApiVersion('CronJob')).toBe('batch/v1');
    expect(defaultApiVersion('ServiceMonitor')).toBeUndefined();
  });
});

describe('Discovery', () => {
  it('resolves kinds, caches per apiVersion, and skips subresources', async () => {
    const calls: string[] = [];
    const discovery = new Discovery('ctx', async (apiVersion) => {
      calls.push(apiVersion);
      return { ok: true, value: { resources: core } };
    });
    expect(await discovery.resolve('v1', 'Pod')).toEqual({ ok: true, value: { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true } });
    expect(await discovery.resolve('v1', 'node')).toMatchObject({ ok: true, value: { plural: 'nodes', namespaced: false } });
    expect(await discovery.resolve('v1', 'po')).toMatchObject({ ok: true, value: { plural: 'pods' } });
    expect(calls).toEqual(['v1']);
  });

  it('looks again once for an unknown kind, then says not-found', async () => {
    let served = core;
    const discovery = new Discovery('ctx', async () => ({ ok: true, value: { resources: served } }));
    const missing = await discovery.resolve('v1', 'Widget');
    expect(missing).toMatchObject({ ok: false, error: { reason: 'not-found' } });
    expect(!missing.ok && missing.error.message).toContain('context ctx');
    served = [...core, { name: 'widgets', kind: 'Widget', namespaced: true }];
    expect(await discovery.resolve('v1', 'Widget')).toMatchObject({ ok: true, value: { plural: 'widgets' } });
  });

  it('does not cache failures', async () => {
    const answers: Array<Result<{ resources: ApiResource[] }>> = [
      { ok: false, error: { reason: 'timeout', message: 'slow' } },
      { ok: true, value: { resources: core } },
    ];
    const discovery = new Discovery('ctx', async () => answers.shift()!);
    expect(await discovery.resolve('v1', 'Pod')).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    expect(await discovery.resolve('v1', 'Pod')).toMatchObject({ ok: true });
  });
});

describe('resourcePath', () => {
  const pods = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
  const deployments = { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true };
  const nodes = { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };
  it('builds core, group, cluster-scoped and all-namespace paths, escaping names', () => {
    expect(resourcePath(pods, 'monitoring', 'prometheus-k8s-0', 'log')).toBe('/api/v1/namespaces/monitoring/pods/prometheus-k8s-0/log');
    expect(resourcePath(deployments, 'thanos')).toBe('/apis/apps/v1/namespaces/thanos/deployments');
    expect(resourcePath(pods, '*')).toBe('/api/v1/pods');
    expect(resourcePath(nodes, 'ignored', 'n1')).toBe('/api/v1/nodes/n1');
    expect(resourcePath(pods, 'ns', '../../secrets')).toBe('/api/v1/namespaces/ns/pods/..%2F..%2Fsecrets');
  });
});
