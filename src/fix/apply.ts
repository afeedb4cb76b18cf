// Applying a planned fix: the patch for real, the exact change and its undo recorded.
import type { Cluster, KubeObject } from '../cluster/types';
import { mergePatchBetween } from './merge-patch';
import type { FixPlan } from './plan';

export interface AppliedChange {
  /** What was changed, as kubectl would do it. */
  kubectl: string[];
  after: KubeObject;
  /** A merge patch that restores what the fix changed, and the same as a kubectl command. */
  undo: { type: 'merge'; body: unknown; kubectl: string[] };
}

export type ApplyResult = { ok: true; change: AppliedChange } | { ok: false; message: string };

type ReadyPlan = Extract<FixPlan, { applicable: true }>;

export async function applyFix(cluster: Cluster, plan: ReadyPlan): Promise<ApplyResult> {
  const applied = await cluster.patch({ ref: plan.ref, type: plan.patch.type, body: plan.patch.body, dryRun: false });
  if (!applied.ok) return { ok: false, message: applied.error.message };
  const body = mergePatchBetween(changeable(applied.value), changeable(plan.before));
  const group = plan.resource.apiVersion.includes('/') ? `.${plan.resource.apiVersion.split('/')[0]}` : '';
  const target = [`${plan.resource.kind.toLowerCase()}${group}`, plan.ref.name, ...(plan.ref.namespace ? ['-n', plan.ref.namespace] : [])];
  return {
    ok: true,
    change: {
      kubectl: plan.patch.kubectl,
      after: applied.value,
      undo: { type: 'merge', body, kubectl: ['kubectl', 'patch', ...target, '--type=merge', '-p', JSON.stringify(body)] },
    },
  };
}

/** The parts of an object a fix changes and an undo restores; never status or server bookkeeping. */
function changeable(object: KubeObject): Record<string, unknown> {
  const { labels, annotations } = object.metadata;
  const picked: Record<string, unknown> = { metadata: { labels: labels ?? {}, annotations: annotations ?? {} } };
  for (const [key, value] of Object.entries(object)) {
    if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) picked[key] = value;
  }
  return picked;
}
