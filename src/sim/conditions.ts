// `when` conditions on scripted exec answers: evaluated against the live store at exec time, so a
// scenario can say "while the Prometheus resource still sets runAsUser 1001, `id -u` prints 1001".
// That stands in for the operator and the rollout a real cluster would run after a fix is applied.
import { JSONPath } from 'jsonpath-plus';
import { splitApiVersion, type ResourceRegistry } from './resources';
import type { ObjectStore, StoredObject } from './store';

export interface ObjectSelector {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
}

export interface ExecCondition {
  /** The object to look at; the pod the command runs in when absent. */
  object?: ObjectSelector | undefined;
  /** A JSONPath (jsonpath-plus syntax, as in runbooks), e.g. $.spec.securityContext.runAsUser */
  path: string;
  /** Holds when the path matches something (true, the default without `equals`) or nothing (false). */
  exists?: boolean | undefined;
  /** Holds when any match deep-equals this value. */
  equals?: unknown;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function matches(json: unknown, path: string): unknown[] {
  if (json === undefined) return [];
  const found = JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[] | undefined;
  return (found ?? []).filter((v) => v !== null && v !== undefined);
}

export function holds(condition: ExecCondition, json: unknown): boolean {
  const found = matches(json, condition.path);
  if (condition.equals !== undefined) {
    const equal = found.some((v) => deepEqual(v, condition.equals));
    return condition.exists === false ? !equal : equal;
  }
  return (condition.exists ?? true) === found.length > 0;
}

/** Evaluates conditions for commands run in `pod`, reading the current state of the store. */
export function conditionEvaluator(store: ObjectStore, registry: ResourceRegistry, pod: StoredObject): (c: ExecCondition) => boolean {
  return (c) => {
    let target: StoredObject | undefined = pod;
    if (c.object) {
      const type = registry.byKind(splitApiVersion(c.object.apiVersion).group, c.object.kind);
      target = type ? store.get(type, c.object.namespace ?? pod.metadata.namespace, c.object.name) : undefined;
    }
    return holds(c, target);
  };
}
