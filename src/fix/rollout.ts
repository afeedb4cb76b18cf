// Waiting, bounded, for the rollout a fix implies: the workload's controller has seen the new
// spec and every replica runs it.
import type { Cluster, KubeObject } from '../cluster/types';
import type { PrintedFix } from '../engine/state';

export type RolloutTarget = NonNullable<PrintedFix['rollout']>;

/** `unchanged`: the workload never took the change (no new generation within the grace period). */
export type RolloutOutcome = { status: 'done' | 'unchanged' | 'timeout' | 'error'; message: string };

/** What to wait for, and its generation before the fix: the rollout is the one after that. */
export interface RolloutWatch {
  target: RolloutTarget;
  generation?: number | undefined;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** What to wait for: the fix's `rollout`, else the patched object when it is a workload. */
export function rolloutTarget(fix: PrintedFix): RolloutTarget | undefined {
  const p = fix.patch;
  if (fix.rollout) return { ...fix.rollout, namespace: fix.rollout.namespace ?? p?.namespace };
  return p && WORKLOADS.has(p.kind) ? { apiVersion: p.apiVersion, kind: p.kind, name: p.name, namespace: p.namespace } : undefined;
}

/** How far a workload's rollout is, in words, and whether it is complete. */
export function rolloutProgress(object: KubeObject): { complete: boolean; message: string } {
  const generation = (object.metadata as { generation?: number }).generation ?? 0;
  const s = (object.status ?? {}) as Record<string, number | string | undefined>;
  const observed = Number(s.observedGeneration ?? 0);
  if (observed < generation) return { complete: false, message: `waiting for the controller to see generation ${generation} (seen ${observed})` };
  if (object.kind === 'DaemonSet') {
    const desired = Number(s.desiredNumberScheduled ?? 0);
    const updated = Number(s.updatedNumberScheduled ?? 0);
    const available = Number(s.numberAvailable ?? 0);
    return { complete: updated >= desired && available >= desired, message: `${updated}/${desired} updated, ${available}/${desired} available` };
  }
  const replicas = Number((object.spec as { replicas?: number } | undefined)?.replicas ?? 1);
  const updated = Number(s.updatedReplicas ?? 0);
  const ready = Number(s.readyReplicas ?? 0);
  const revisionsAgree = object.kind !== 'StatefulSet' || !s.updateRevision || s.currentRevision === s.updateRevision;
  return { complete: updated >= replicas && ready >= replicas && revisionsAgree, message: `${updated}/${replicas} updated, ${ready}/${replicas} ready` };
}

/**
 * Waits until the workload has a generation newer than the one seen before the fix (its
 * controller or an operator took the change; given up after `graceMs`), then until every replica
 * runs it (given up after `timeoutMs`).
 */
export async function waitForRollout(
  cluster: Cluster,
  watch: RolloutWatch,
  opts: { timeoutMs: number; graceMs?: number; intervalMs?: number; onProgress?: (message: string) => void; sleep?: (ms: number) => Promise<void> },
): Promise<RolloutOutcome> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const graceEnds = started + Math.min(opts.graceMs ?? 60_000, opts.timeoutMs);
  const { target } = watch;
  const what = `${target.kind.toLowerCase()}/${target.name}`;
  for (;;) {
    const current = await cluster.get({ apiVersion: target.apiVersion, kind: target.kind, name: target.name, namespace: target.namespace });
    if (!current.ok) return { status: 'error', message: `${what}: ${current.error.message}` };
    const generation = (current.value.metadata as { generation?: number }).generation ?? 0;
    if (watch.generation !== undefined && generation <= watch.generation) {
      if (Date.now() >= graceEnds) {
        const seconds = Math.round((Date.now() - started) / 1000);
        return { status: 'unchanged', message: `${what} did not change within ${seconds} s (still generation ${generation}): its pods may not run the fix until they are recreated` };
      }
      opts.onProgress?.(`${what}: waiting for its controller to take the change (generation ${generation})`);
    } else {
      const progress = rolloutProgress(current.value);
      opts.onProgress?.(`${what}: ${progress.message}`);
      if (progress.complete) return { status: 'done', message: `${what} rolled out (${progress.message})` };
      if (Date.now() >= deadline) return { status: 'timeout', message: `${what} had not rolled out after ${Math.round(opts.timeoutMs / 1000)} s (${progress.message})` };
    }
    await sleep(opts.intervalMs ?? 1000);
  }
}
