// The one controller the simulator runs: a Deployment, StatefulSet or DaemonSet whose spec
// changed reports itself rolled out after a scenario-set delay (or never, for a stuck rollout).
// Enough for a fix's "wait for the rollout" to be exercised; no pods are replaced.
import { clone, type ObjectStore, type StoredObject, type WatchEvent } from './store';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Starts watching the store; returns a function that stops it and cancels pending rollouts. */
export function simulateRollouts(store: ObjectStore, seconds: number): () => void {
  const pending = new Set<NodeJS.Timeout>();
  const onChange = (event: WatchEvent) => {
    if (seconds < 0 || event.type !== 'MODIFIED' || !WORKLOADS.has(event.resource.kind)) return;
    const generation = event.object.metadata.generation ?? 0;
    const status = (event.object.status ?? {}) as Record<string, unknown>;
    if (Number(status.observedGeneration ?? 0) >= generation) return;
    const timer = setTimeout(() => {
      pending.delete(timer);
      const current = store.get(event.resource, event.object.metadata.namespace, event.object.metadata.name);
      if (!current || current.metadata.generation !== generation) return; // changed again: that change rolls out instead
      store.update(event.resource, rolledOut(current));
    }, seconds * 1000);
    timer.unref();
    pending.add(timer);
  };
  store.changes.on('change', onChange);
  return () => {
    store.changes.off('change', onChange);
    for (const t of pending) clearTimeout(t);
    pending.clear();
  };
}

function rolledOut(object: StoredObject): StoredObject {
  const next = clone(object);
  const generation = next.metadata.generation ?? 1;
  const status: Record<string, unknown> = { ...((next.status ?? {}) as Record<string, unknown>), observedGeneration: generation };
  if (next.kind === 'DaemonSet') {
    const desired = Number(status.desiredNumberScheduled ?? 1);
    Object.assign(status, { updatedNumberScheduled: desired, numberAvailable: desired, numberReady: desired, currentNumberScheduled: desired });
  } else {
    const replicas = Number((next.spec as { replicas?: number } | undefined)?.replicas ?? 1);
    Object.assign(status, { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas });
    if (next.kind === 'StatefulSet') {
      status.currentReplicas = replicas;
      if (status.updateRevision) status.currentRevision = status.updateRevision;
    }
  }
  next.status = status;
  return next;
}
