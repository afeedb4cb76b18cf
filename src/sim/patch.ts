// The three patch types kubectl and client-node send: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902) and a strategic merge patch that knows the well-known merge keys of built-in types.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

/** `bad-request`: the patch itself is malformed (400). `unprocessable`: it does not apply (422). */
export class PatchError extends Error {
  constructor(
    readonly kind: 'bad-request' | 'unprocessable',
    message: string,
  ) {
    super(message);
  }
}

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function copy<T extends Json | undefined>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// RFC 7386 JSON merge patch

export function applyMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isMap(patch)) return copy(patch);
  const result: JsonMap = isMap(target) ? copy(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = applyMergePatch(result[k], v);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// RFC 6902 JSON patch (messages worded like evanphx/json-patch, which the API server uses)

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError('unprocessable', `invalid JSON pointer: "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number | undefined {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
  const i = Number(token);
  return i <= (allowEnd ? length : length - 1) ? i : undefined;
}

/** The container holding the last token of `tokens`, or undefined when the path is missing. */
function parentOf(doc: Json, tokens: string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length, false);
      cur = i === undefined ? undefined : cur[i];
    } else if (isMap(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

function getAt(doc: Json, pointer: string): Json | undefined {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    return i === undefined ? undefined : parent[i];
  }
  if (isMap(parent)) return Object.prototype.hasOwnProperty.call(parent, last) ? parent[last] : undefined;
  return undefined;
}

function missing(op: string, pointer: string): PatchError {
  return new PatchError('unprocessable', `${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
}

function addAt(doc: Json, pointer: string, value: Json, op = 'add'): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, true);
    if (i === undefined) throw new PatchError('unprocessable', `${op} operation does not apply: doc is missing path: "${pointer}": missing value`);
    parent.splice(i, 0, value);
  } else if (isMap(parent)) {
    parent[last] = value;
  } else {
    throw missing(op, pointer);
  }
  return doc;
}

function removeAt(doc: Json, pointer: string, op = 'remove'): { doc: Json; removed: Json } {
  const tokens = parsePointer(pointer);
  const parent = tokens.length ? parentOf(doc, tokens) : undefined;
  const last = tokens[tokens.length - 1];
  if (last !== undefined && Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, false);
    if (i === undefined) throw missing(op, pointer);
    const [removed] = parent.splice(i, 1);
    return { doc, removed: removed as Json };
  }
  if (last !== undefined && isMap(parent) && Object.prototype.hasOwnProperty.call(parent, last)) {
    const removed = parent[last]!;
    delete parent[last];
    return { doc, removed };
  }
  throw missing(op, pointer);
}

function decodeOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new PatchError('bad-request', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return patch.map((raw) => {
    if (!isMap(raw) || typeof raw.op !== 'string') throw new PatchError('bad-request', `invalid JSON patch operation: ${JSON.stringify(raw)}`);
    if (typeof raw.path !== 'string') throw new PatchError('unprocessable', `${raw.op} operation does not apply: doc is missing path: "": missing value`);
    const op: Operation = { op: raw.op, path: raw.path };
    if (typeof raw.from === 'string') op.from = raw.from;
    if ('value' in raw) op.value = raw.value as Json;
    return op;
  });
}

export function applyJsonPatch(target: Json, patch: unknown): Json {
  let doc = copy(target);
  for (const op of decodeOperations(patch)) {
    switch (op.op) {
      case 'add':
        if (!('value' in op)) throw new PatchError('unprocessable', 'add operation does not apply: missing value');
        doc = addAt(doc, op.path, copy(op.value!));
        break;
      case 'remove':
        doc = removeAt(doc, op.path).doc;
        break;
      case 'replace': {
        if (getAt(doc, op.path) === undefined) throw missing('replace', op.path);
        if (op.path === '') {
          doc = copy(op.value ?? null);
          break;
        }
        doc = removeAt(doc, op.path, 'replace').doc;
        doc = addAt(doc, op.path, copy(op.value ?? null), 'replace');
        break;
      }
      case 'move': {
        if (op.from === undefined) throw new PatchError('unprocessable', 'move operation does not apply: missing from');
        const r = removeAt(doc, op.from, 'move');
        doc = addAt(r.doc, op.path, r.removed, 'move');
        break;
      }
      case 'copy': {
        if (op.from === undefined) throw new PatchError('unprocessable', 'copy operation does not apply: missing from');
        const v = getAt(doc, op.from);
        if (v === undefined) throw missing('copy', op.from);
        doc = addAt(doc, op.path, copy(v), 'copy');
        break;
      }
      case 'test': {
        const v = getAt(doc, op.path);
        // As in evanphx/json-patch: a missing path passes a test against null.
        const passed = v === undefined ? op.value === undefined || op.value === null : deepEqual(v, op.value ?? null);
        if (!passed) throw new PatchError('unprocessable', `testing value ${op.path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError('unprocessable', `Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch. The real one reads patchStrategy/patchMergeKey from Go struct tags;
// here the well-known list fields of built-in types carry them by field name.

const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  secrets: 'name',
  hostAliases: 'ip',
  resourceClaims: 'name',
  schedulingGates: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  ephemeralContainerStatuses: 'name',
};

/** Primitive lists whose patch strategy is merge (union) instead of replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: Json[]): string | undefined {
  if (field === 'ports') {
    // Container ports merge on containerPort, Service ports on port.
    if (items.some((i) => isMap(i) && 'containerPort' in i)) return 'containerPort';
    if (items.some((i) => isMap(i) && 'port' in i)) return 'port';
    return undefined;
  }
  return MERGE_KEYS[field];
}

/** Remove SMP directives from a value the patch contributes wholesale. */
function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.filter((i) => !(isMap(i) && i.$patch === 'replace')).map(stripDirectives);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (x === null) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

function mergePrimitiveList(original: Json[], patch: Json[]): Json[] {
  const out = [...original];
  for (const p of patch) if (!out.some((o) => deepEqual(o, p))) out.push(p);
  return out;
}

function mergeList(field: string, original: Json | undefined, patch: Json[]): Json[] {
  if (patch.some((i) => isMap(i) && i.$patch === 'replace')) return stripDirectives(patch) as Json[];
  const orig = Array.isArray(original) ? original : [];
  const key = mergeKeyFor(field, [...patch, ...orig]);
  if (!key) {
    if (MERGED_PRIMITIVE_LISTS.has(field)) return mergePrimitiveList(orig, patch);
    return stripDirectives(patch) as Json[];
  }
  const out = orig.map((o) => copy(o));
  for (const item of patch) {
    if (!isMap(item)) throw new PatchError('bad-request', `unable to find api field in struct for the list ${field}: element is not an object`);
    const id = item[key];
    if (id === undefined) {
      if (item.$patch === 'delete') continue;
      throw new PatchError('bad-request', `map: ${JSON.stringify(stripDirectives(item))} does not contain declared merge key: ${key}`);
    }
    const at = out.findIndex((o) => isMap(o) && deepEqual(o[key], id));
    if (item.$patch === 'delete') {
      for (let i = out.length - 1; i >= 0; i--) {
        const o = out[i];
        if (isMap(o) && deepEqual(o[key], id)) out.splice(i, 1);
      }
      continue;
    }
    if (at >= 0) out[at] = mergeMap(out[at] as JsonMap, item) ?? {};
    else out.push(mergeMap({}, item) ?? {});
  }
  return out;
}

/** Merge `patch` into `original`; undefined means the patch deleted the map (`$patch: delete`). */
function mergeMap(original: JsonMap, patch: JsonMap): JsonMap | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch) as JsonMap;
  if (directive !== undefined && directive !== 'merge') {
    throw new PatchError('bad-request', `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const result: JsonMap = copy(original);
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = result[field];
      if (!Array.isArray(v)) throw new PatchError('bad-request', 'invalid patch: $deleteFromPrimitiveList must be a list');
      if (Array.isArray(cur)) result[field] = cur.filter((c) => !v.some((d) => deepEqual(c, d)));
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete result[k];
    } else if (isMap(v)) {
      const cur = result[k];
      const merged = mergeMap(isMap(cur) ? cur : {}, v);
      if (merged === undefined) delete result[k];
      else result[k] = merged;
    } else if (Array.isArray(v)) {
      result[k] = mergeList(k, result[k], v);
    } else {
      result[k] = v;
    }
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchError('bad-request', 'invalid patch: $retainKeys must be a list');
    for (const k of Object.keys(result)) if (!retain.includes(k)) delete result[k];
  }
  return result;
}

export function applyStrategicMergePatch(target: Json, patch: unknown): Json {
  if (!isMap(patch)) throw new PatchError('bad-request', 'json: cannot unmarshal array into Go value of type map[string]interface {}');
  if (!isMap(target)) return stripDirectives(patch);
  return mergeMap(target, patch as JsonMap) ?? {};
}
