// Waiting, bounded, for the rollout a fix implies: the workload's controller has seen the new
// spec and every replica runs it.
import type { Cluster, KubeObject } from '../cluster/types';
import type { PrintedFix } from '../engine/state';

export type RolloutTarget = NonNullable<PrintedFix['rollout']>;

export type RolloutOutcome = { status: 'done' | 'timeout' | 'error'; message: string };

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** What to wait for: the fix's `rollout`, else the patched object when it is a workload. */
export function rolloutTarget(fix: PrintedFix): RolloutTarget | undefined {
  if (fix.rollout) return fix.rollout;
  const p = fix.patch;
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

export async function waitForRollout(
  cluster: Cluster,
  target: RolloutTarget,
  opts: { timeoutMs: number; intervalMs?: number; onProgress?: (message: string) => void; sleep?: (ms: number) => Promise<void> },
): Promise<RolloutOutcome> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + opts.timeoutMs;
  const what = `${target.kind.toLowerCase()}/${target.name}`;
  for (;;) {
    const current = await cluster.get({ apiVersion: target.apiVersion, kind: target.kind, name: target.name, namespace: target.namespace });
    if (!current.ok) return { status: 'error', message: `${what}: ${current.error.message}` };
    const progress = rolloutProgress(current.value);
    opts.onProgress?.(`${what}: ${progress.message}`);
    if (progress.complete) return { status: 'done', message: `${what} rolled out (${progress.message})` };
    if (Date.now() >= deadline) return { status: 'timeout', message: `${what} had not rolled out after ${Math.round(opts.timeoutMs / 1000)} s (${progress.message})` };
    await sleep(opts.intervalMs ?? 2000);
  }
}
