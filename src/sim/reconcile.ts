// The scenario's `reconcile` rules: after every change to the store, each rule whose conditions
// hold patches its object, the way an operator would (the Prometheus resource changes, the
// operator rewrites its StatefulSet). A patch that changes nothing or no longer applies is skipped,
// so the rules settle instead of looping.
import { conditionEvaluator, type ObjectSelector } from './conditions';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, type Json } from './patch';
import { splitApiVersion, type ResourceRegistry, type ResourceType } from './resources';
import type { ReconcileRule } from './scenario';
import { clone, isObject, type ObjectStore, type StoredObject } from './store';

export function simulateReconcile(store: ObjectStore, registry: ResourceRegistry, rules: ReconcileRule[], namespace: string): () => void {
  if (rules.length === 0) return () => {};
  let running = false;
  const reconcile = () => {
    // A rule's own update emits a change: handled by this loop, not by re-entering it.
    if (running) return;
    running = true;
    try {
      for (let round = 0, changed = true; changed && round < 10; round++) {
        changed = false;
        for (const rule of rules) changed = applyRule(store, registry, rule, namespace) || changed;
      }
    } finally {
      running = false;
    }
  };
  store.changes.on('change', reconcile);
  return () => store.changes.off('change', reconcile);
}

function applyRule(store: ObjectStore, registry: ResourceRegistry, rule: ReconcileRule, namespace: string): boolean {
  const anchor: StoredObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, namespace } };
  const holds = conditionEvaluator(store, registry, anchor);
  if (!rule.when.every(holds)) return false;
  const found = lookup(store, registry, rule.patch.object, namespace);
  if (!found) return false;
  const [type, current] = found;
  let next: Json;
  try {
    const target = clone(current) as unknown as Json;
    const body = rule.patch.body as Json;
    if (rule.patch.type === 'json') next = applyJsonPatch(target, body);
    else if (rule.patch.type === 'strategic') next = applyStrategicMergePatch(target, body);
    else next = applyMergePatch(target, isObject(body) ? body : {});
  } catch {
    return false; // already applied (a JSON patch `remove` of a path that is gone) or not applicable
  }
  if (JSON.stringify(next) === JSON.stringify(current)) return false;
  store.update(type, next as unknown as StoredObject);
  return true;
}

function lookup(store: ObjectStore, registry: ResourceRegistry, selector: ObjectSelector, namespace: string): [ResourceType, StoredObject] | undefined {
  const type = registry.byKind(splitApiVersion(selector.apiVersion).group, selector.kind);
  const object = type ? store.get(type, selector.namespace ?? namespace, selector.name) : undefined;
  return type && object ? [type, object] : undefined;
}
