import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, type Json } from '../../src/sim/patch';

function thrown(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

const pod = (): Json => ({
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    securityContext: { runAsUser: 1000, fsGroup: 2000 },
    containers: [
      { name: 'prometheus', image: 'prom:1', args: ['--a', '--b'], env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 9090, name: 'web' }] },
      { name: 'sidecar', image: 'thanos:1', volumeMounts: [{ name: 'db', mountPath: '/prometheus' }] },
    ],
    volumes: [{ name: 'db', emptyDir: {} }],
    tolerations: [{ key: 'a', operator: 'Exists' }],
  },
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null, replaces lists and scalars', () => {
    const out = applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2], s: 'x' }, { a: { b: null, d: 3 }, l: [3], s: 'y' });
    expect(out).toEqual({ a: { c: 2, d: 3 }, l: [3], s: 'y' });
  });

  it('replaces the target when the patch is not an object', () => {
    expect(applyMergePatch({ a: 1 }, [1])).toEqual([1]);
    expect(applyMergePatch({ a: 1 }, 'x')).toEqual('x');
  });

  it('does not modify its input', () => {
    const target = pod();
    const copy = structuredClone(target);
    applyMergePatch(target, { spec: { securityContext: null } });
    expect(target).toEqual(copy);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const out = applyJsonPatch({ a: { b: 1 }, l: [1, 2, 3] }, [
      { op: 'test', path: '/a/b', value: 1 },
      { op: 'add', path: '/l/1', value: 9 },
      { op: 'add', path: '/l/-', value: 4 },
      { op: 'remove', path: '/l/0' },
      { op: 'replace', path: '/a/b', value: 2 },
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'move', from: '/a/b', path: '/m' },
      { op: 'add', path: '/k~1x~0y', value: true },
    ]);
    expect(out).toEqual({ a: {}, l: [9, 2, 3, 4], c: { b: 2 }, m: 2, 'k/x~y': true });
  });

  it('fails (unprocessable) on a missing path or a failed test, leaving the input alone', () => {
    const target: Json = { a: 1 };
    expect(() => applyJsonPatch(target, [{ op: 'remove', path: '/b' }])).toThrow(/remove operation does not apply: doc is missing path: "\/b"/);
    expect(() => applyJsonPatch(target, [{ op: 'replace', path: '/x/y', value: 1 }])).toThrow(PatchError);
    expect(() => applyJsonPatch(target, [{ op: 'add', path: '/x/y', value: 1 }])).toThrow(/add operation does not apply/);
    expect(() => applyJsonPatch(target, [{ op: 'add', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 1 }])).toThrow(/testing value \/a failed/);
    expect(target).toEqual({ a: 1 });
    expect(thrown(() => applyJsonPatch(target, [{ op: 'test', path: '/a', value: 2 }])).kind).toBe('unprocessable');
  });

  it('rejects a patch that is not a list of operations (bad request)', () => {
    expect(thrown(() => applyJsonPatch({}, { op: 'add' })).kind).toBe('bad-request');
    expect(() => applyJsonPatch({}, [{ op: 'frobnicate', path: '/a' }])).toThrow(/Unexpected kind: frobnicate/);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the rest of each container', () => {
    const out = applyStrategicMergePatch(pod(), {
      spec: { containers: [{ name: 'sidecar', securityContext: { runAsUser: 1000 } }] },
    }) as any;
    expect(out.spec.containers).toHaveLength(2);
    expect(out.spec.containers[1]).toEqual({
      name: 'sidecar',
      image: 'thanos:1',
      volumeMounts: [{ name: 'db', mountPath: '/prometheus' }],
      securityContext: { runAsUser: 1000 },
    });
    expect(out.spec.containers[0]).toEqual((pod() as any).spec.containers[0]);
  });

  it('appends list items with a new merge key, merges env by name and ports by containerPort', () => {
    const out = applyStrategicMergePatch(pod(), {
      spec: {
        containers: [
          { name: 'prometheus', env: [{ name: 'B', value: '2' }, { name: 'A', value: 'changed' }], ports: [{ containerPort: 9090, protocol: 'TCP' }] },
          { name: 'new', image: 'busybox' },
        ],
      },
    }) as any;
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['prometheus', 'sidecar', 'new']);
    expect(out.spec.containers[0].env).toEqual([
      { name: 'A', value: 'changed' },
      { name: 'B', value: '2' },
    ]);
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 9090, name: 'web', protocol: 'TCP' }]);
  });

  it('merges service ports by port and volumeMounts by mountPath', () => {
    const svc: Json = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(applyStrategicMergePatch(svc, { spec: { ports: [{ port: 80, name: 'http' }] } })).toEqual({
      spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443 }] },
    });
    const out = applyStrategicMergePatch(pod(), {
      spec: { containers: [{ name: 'sidecar', volumeMounts: [{ mountPath: '/prometheus', readOnly: true }] }] },
    }) as any;
    expect(out.spec.containers[1].volumeMounts).toEqual([{ name: 'db', mountPath: '/prometheus', readOnly: true }]);
  });

  it('replaces primitive lists and lists without a merge key, but unions finalizers', () => {
    const out = applyStrategicMergePatch(pod(), {
      metadata: { finalizers: ['y'] },
      spec: { containers: [{ name: 'prometheus', args: ['--c'] }], tolerations: [{ key: 'b', operator: 'Exists' }] },
    }) as any;
    expect(out.spec.containers[0].args).toEqual(['--c']);
    expect(out.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(out.metadata.finalizers).toEqual(['x', 'y']);
  });

  it('deletes with null, $patch: delete (list item and map) and $deleteFromPrimitiveList', () => {
    const out = applyStrategicMergePatch(pod(), {
      metadata: { labels: { a: null }, '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        securityContext: { $patch: 'delete' },
        containers: [{ name: 'sidecar', $patch: 'delete' }],
        volumes: [{ name: 'db', $patch: 'delete' }],
      },
    }) as any;
    expect(out.metadata.labels).toEqual({ b: '2' });
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.securityContext).toBeUndefined();
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['prometheus']);
    expect(out.spec.volumes).toEqual([]);
  });

  it('replaces a map or a list with $patch: replace', () => {
    const out = applyStrategicMergePatch(pod(), {
      spec: {
        securityContext: { $patch: 'replace', runAsUser: 1001 },
        containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }],
      },
    }) as any;
    expect(out.spec.securityContext).toEqual({ runAsUser: 1001 });
    expect(out.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('honours $retainKeys', () => {
    const out = applyStrategicMergePatch({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }, {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    expect(out).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('rejects list items without their merge key and unknown directives', () => {
    expect(() => applyStrategicMergePatch(pod(), { spec: { containers: [{ image: 'x' }] } })).toThrow(/does not contain declared merge key: name/);
    expect(() => applyStrategicMergePatch(pod(), { spec: { $patch: 'frobnicate' } })).toThrow(PatchError);
    expect(() => applyStrategicMergePatch(pod(), [])).toThrow(PatchError);
  });
});
