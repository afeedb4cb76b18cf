// Before a fix is offered for applying: the exact permissions it needs, a server-side dry run,
// and the object before → after. Anything that fails makes the fix print-only, with the reason.
import type { Cluster, KubeObject, ObjectRef, ResourceInfo } from '../cluster/types';
import type { PrintedFix } from '../engine/state';
import { rolloutTarget, type RolloutWatch } from './rollout';

export interface PermissionCheck {
  verb: string;
  resource: string;
  namespace?: string | undefined;
  name: string;
  allowed: boolean;
  reason?: string | undefined;
}

type Patch = NonNullable<PrintedFix['patch']>;

export type FixPlan =
  | { applicable: false; reason: string; permissions: PermissionCheck[]; diff?: string | undefined }
  | {
      applicable: true;
      ref: ObjectRef;
      resource: ResourceInfo;
      patch: Patch;
      permissions: PermissionCheck[];
      before: KubeObject;
      /** The object as the server's dry run says it would be. */
      after: KubeObject;
      diff: string;
      /** The rollout the fix implies, with the workload's generation before it. */
      rollout?: RolloutWatch | undefined;
    };

/** Verbs a fix needs: read the object (for the diff and the undo) and patch it. */
const VERBS = ['get', 'patch'] as const;

export async function planFix(cluster: Cluster, fix: PrintedFix, opts: { readOnly: boolean; readOnlyWhy?: string }): Promise<FixPlan> {
  const patch = fix.patch;
  if (!patch) return { applicable: false, reason: 'this fix changes nothing Kubernetes can apply; it is printed for a person to carry out', permissions: [] };
  if (opts.readOnly) return { applicable: false, reason: `read-only: ${opts.readOnlyWhy ?? 'fixes are printed, never applied'}`, permissions: [] };
  const ref: ObjectRef = { apiVersion: patch.apiVersion, kind: patch.kind, name: patch.name, namespace: patch.namespace };
  const resource = await cluster.resource(patch.kind, patch.apiVersion);
  if (!resource.ok) return { applicable: false, reason: resource.error.message, permissions: [] };
  const namespace = resource.value.namespaced ? (patch.namespace ?? cluster.namespace) : undefined;
  const group = resource.value.apiVersion.includes('/') ? resource.value.apiVersion.split('/')[0] : '';

  const permissions: PermissionCheck[] = [];
  for (const verb of VERBS) {
    const review = await cluster.canI({ verb, resource: resource.value.plural, group, namespace: namespace ?? '', name: patch.name });
    if (!review.ok) return { applicable: false, reason: `cannot check permission to ${verb} ${resource.value.plural}: ${review.error.message}`, permissions };
    permissions.push({ verb, resource: group ? `${resource.value.plural}.${group}` : resource.value.plural, namespace, name: patch.name, allowed: review.value.allowed, reason: review.value.reason });
  }
  const denied = permissions.filter((p) => !p.allowed);
  if (denied.length) {
    const what = denied.map((p) => `${p.verb} ${p.resource} "${p.name}"${p.namespace ? ` in namespace "${p.namespace}"` : ''}`).join(', ');
    return { applicable: false, reason: `context ${cluster.context} may not ${what}`, permissions };
  }

  const before = await cluster.get({ ...ref, namespace });
  if (!before.ok) return { applicable: false, reason: before.error.message, permissions };
  const dryRun = await cluster.patch({ ref: { ...ref, namespace }, type: patch.type, body: patch.body, dryRun: true });
  if (!dryRun.ok) return { applicable: false, reason: `the server rejected the change in a dry run: ${dryRun.error.message}`, permissions };
  // The YAML printer and the diff are loaded only when there is a change to show.
  const { comparable, objectDiff } = await import('./diff');
  const diff = objectDiff(before.value, dryRun.value);
  if (JSON.stringify(comparable(before.value)) === JSON.stringify(comparable(dryRun.value))) {
    return { applicable: false, reason: 'the dry run changes nothing: the fix is already in place', permissions, diff };
  }
  return { applicable: true, ref: { ...ref, namespace }, resource: resource.value, patch, permissions, before: before.value, after: dryRun.value, diff, rollout: await rolloutWatch(cluster, fix, namespace) };
}

async function rolloutWatch(cluster: Cluster, fix: PrintedFix, namespace: string | undefined): Promise<RolloutWatch | undefined> {
  const found = rolloutTarget(fix);
  if (!found) return undefined;
  const target = { ...found, namespace: found.namespace ?? namespace };
  const current = await cluster.get({ apiVersion: target.apiVersion, kind: target.kind, name: target.name, namespace: target.namespace });
  // Unreadable now: the wait after applying says why.
  return { target, generation: current.ok ? (current.value.metadata as { generation?: number }).generation : undefined };
}
