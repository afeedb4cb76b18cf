import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../cluster/types';
import type { CheckSpec } from '../runbook/schema';
import { valuesOf } from './values';

const ran = (json: unknown, stdout = ''): CheckResult => ({ status: 'ran', stdout, stderr: '', exitCode: 0, json, command: 'kubectl get pod p', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 });
const spec = (capture: NonNullable<CheckSpec['capture']>) => ({ get: { kind: 'Pod', name: 'p' }, capture }) as CheckSpec;

describe('captures', () => {
  const pod = { metadata: { name: 'p', ownerReferences: [{ kind: 'StatefulSet', name: 'prometheus-k8s' }] } };

  it('take what a JSONPath or a regex finds', () => {
    const values = valuesOf(ran(pod, 'uid=1000(prom)'), spec({ owner: { jsonpath: '$.metadata.ownerReferences[0].name' }, uid: { regex: 'uid=(\\d+)', stream: 'stdout' } }));
    expect(values).toMatchObject({ owner: 'prometheus-k8s', uid: '1000' });
  });

  it('are missing when nothing matches, unless they say what "none" is', () => {
    const values = valuesOf(
      ran(pod),
      spec({
        replicaSet: { jsonpath: "$.metadata.ownerReferences[?(@.kind=='ReplicaSet')].name" },
        replicaSetOrNone: { jsonpath: "$.metadata.ownerReferences[?(@.kind=='ReplicaSet')].name", default: '' },
        uidOrUnknown: { regex: 'uid=(\\d+)', stream: 'stdout', default: 'unknown' },
      }),
    );
    expect(values).not.toHaveProperty('replicaSet');
    expect(values.replicaSetOrNone).toBe('');
    expect(values.uidOrUnknown).toBe('unknown');
  });
});
