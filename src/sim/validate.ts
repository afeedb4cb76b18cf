// The validation a real API server applies to writes that runbook fixes are most likely to trip
// over: immutable pod specs, StatefulSet spec limits, immutable selectors, required fields.
import type { ResourceType } from './resources';
import { ApiError, badRequest, failure } from './status';
import { isObject, type JsonObject, type StoredObject } from './store';

interface FieldError {
  field: string;
  type: 'Forbidden' | 'Invalid value' | 'Required value';
  detail: string;
  value?: unknown;
}

function render(e: FieldError): string {
  if (e.type === 'Required value') return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
  if (e.type === 'Forbidden') return `${e.field}: Forbidden: ${e.detail}`;
  return `${e.field}: Invalid value: ${JSON.stringify(e.value)}: ${e.detail}`;
}

const CAUSE_REASON = { Forbidden: 'FieldValueForbidden', 'Invalid value': 'FieldValueInvalid', 'Required value': 'FieldValueRequired' };

function invalidError(type: ResourceType, name: string, errors: FieldError[]): ApiError {
  const qualifiedKind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const rendered = errors.map(render);
  const list = rendered.length === 1 ? rendered[0]! : `[${rendered.join(', ')}]`;
  return new ApiError(
    failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${list}`, {
      name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.kind,
      causes: errors.map((e, i) => ({ reason: CAUSE_REASON[e.type], message: rendered[i]!.slice(e.field.length + 2), field: e.field })),
    }),
  );
}

function get(o: unknown, dotted: string): unknown {
  let cur = o;
  for (const p of dotted.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkContainers(podSpec: unknown, prefix: string, errors: FieldError[]): void {
  if (!isObject(podSpec)) return;
  for (const field of ['containers', 'initContainers']) {
    const list = podSpec[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      errors.push({ field: `${prefix}.${field}`, type: 'Invalid value', value: list, detail: 'must be a list' });
      continue;
    }
    if (field === 'containers' && list.length === 0) errors.push({ field: `${prefix}.containers`, type: 'Required value', detail: '' });
    list.forEach((c, i) => {
      const at = `${prefix}.${field}[${i}]`;
      if (!isObject(c) || typeof c.name !== 'string' || c.name === '') errors.push({ field: `${at}.name`, type: 'Required value', detail: '' });
      if (!isObject(c) || typeof c.image !== 'string' || c.image === '') errors.push({ field: `${at}.image`, type: 'Required value', detail: '' });
    });
  }
}

/** A pod's spec with the fields a pod update may change blanked out. */
function podSpecMutableBlanked(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  const s = structuredClone(spec) as JsonObject;
  for (const field of ['containers', 'initContainers']) {
    const list = s[field];
    if (Array.isArray(list)) for (const c of list) if (isObject(c)) delete c.image;
  }
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function checkLabels(obj: StoredObject): void {
  for (const field of ['labels', 'annotations']) {
    const m = obj.metadata[field];
    if (m === undefined || m === null) continue;
    if (!isObject(m)) throw badRequest(`json: cannot unmarshal ${Array.isArray(m) ? 'array' : typeof m} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`);
    for (const v of Object.values(m)) {
      if (typeof v !== 'string') throw badRequest(`json: cannot unmarshal ${typeof v} into Go struct field ObjectMeta.metadata.${field} of type string`);
    }
  }
}

/** Validate `next` replacing `prev` (or being created, prev undefined). Throws the real 400/422. */
export function validateWrite(type: ResourceType, prev: StoredObject | undefined, next: StoredObject): void {
  checkLabels(next);
  if (!type.builtin) return;
  const errors: FieldError[] = [];
  const name = next.metadata.name;
  if (type.kind === 'Pod') {
    checkContainers(next.spec, 'spec', errors);
    if (prev && !same(podSpecMutableBlanked(prev.spec), podSpecMutableBlanked(next.spec))) {
      errors.push({
        field: 'spec',
        type: 'Forbidden',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      });
    }
  }
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(type.kind)) {
    checkContainers(get(next, 'spec.template.spec'), 'spec.template.spec', errors);
    const replicas = get(next, 'spec.replicas');
    if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas))) {
      throw badRequest(`json: cannot unmarshal ${typeof replicas} into Go struct field ${type.kind}Spec.spec.replicas of type int32`);
    }
    if (typeof replicas === 'number' && replicas < 0) {
      errors.push({ field: 'spec.replicas', type: 'Invalid value', value: replicas, detail: 'must be greater than or equal to 0' });
    }
    if (prev && type.kind !== 'Job' && !same(get(prev, 'spec.selector'), get(next, 'spec.selector'))) {
      errors.push({ field: 'spec.selector', type: 'Invalid value', value: get(next, 'spec.selector'), detail: 'field is immutable' });
    }
  }
  if (type.kind === 'CronJob') checkContainers(get(next, 'spec.jobTemplate.spec.template.spec'), 'spec.jobTemplate.spec.template.spec', errors);
  if (type.kind === 'StatefulSet' && prev) {
    const strip = (o: StoredObject): unknown => {
      const spec = isObject(o.spec) ? { ...o.spec } : {};
      for (const f of STS_MUTABLE) delete spec[f];
      return spec;
    };
    if (!same(strip(prev), strip(next))) {
      errors.push({
        field: 'spec',
        type: 'Forbidden',
        detail: `updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
      });
    }
  }
  if (errors.length > 0) throw invalidError(type, name, errors);
}
