// Logs as the kubelet serves them, by container state.
import { describe, expect, it } from 'vitest';
import { containerLogs } from '../../src/sim/pods';
import type { StoredObject } from '../../src/sim/store';

const pod = (status: Record<string, unknown>): StoredObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'thanos-compact-0', namespace: 'monitoring' },
  spec: { containers: [{ name: 'thanos-compact' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'thanos-compact', ...status }] },
});
const logs = { 'monitoring/thanos-compact-0/thanos-compact': 'level=error msg="critical error detected; halting"\n' };

describe('containerLogs', () => {
  it('a crash-looping container still serves the log of its last run', () => {
    const crashLooping = pod({ restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } });
    expect(containerLogs(logs, crashLooping, 'thanos-compact', { previous: false })).toBe(logs['monitoring/thanos-compact-0/thanos-compact']);
  });

  it('a container that never started has no log', () => {
    const creating = pod({ restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } });
    expect(() => containerLogs(logs, creating, 'thanos-compact', { previous: false })).toThrow(/is waiting to start: ContainerCreating/);
  });
});
