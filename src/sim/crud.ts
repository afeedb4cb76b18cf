// Reads and writes of stored objects: get, list, create, update, patch, delete, and the
// status and scale subresources.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { SimContext } from './context';
import { acceptsAs, parseMediaType, readBody, sendJson } from './http';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError, type Json } from './patch';
import { apiVersionOf, type ResourceType } from './resources';
import { checkFields, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';
import { alreadyExists, ApiError, badRequest, conflict, failure, invalid, methodNotAllowed, notFound, unsupportedMediaType } from './status';
import { clone, isObject, type StoredObject } from './store';
import { toTable, type IncludeObject } from './table';
import { validateWrite } from './validate';

export interface ResourceRequest {
  type: ResourceType;
  namespace?: string | undefined;
  name?: string | undefined;
  params: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
}

function wantsTable(req: IncomingMessage): boolean {
  return acceptsAs(req.headers.accept, 'Table', 'meta.k8s.io', 'v1') || acceptsAs(req.headers.accept, 'Table', 'meta.k8s.io', 'v1beta1');
}

function includeObject(params: URLSearchParams): IncludeObject {
  const v = params.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function isDryRun(params: URLSearchParams): boolean {
  const values = params.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}`);
  return values.length > 0;
}

// --- reads --------------------------------------------------------------------------------------

export function getObject(ctx: SimContext, r: ResourceRequest): void {
  const obj = ctx.store.get(r.type, r.namespace, r.name!);
  if (!obj) throw notFound(r.type.group, r.type.plural, r.name!);
  if (wantsTable(r.req)) {
    sendJson(r.res, 200, toTable(r.type, [obj], { resourceVersion: ctx.store.resourceVersion, includeObject: includeObject(r.params) }));
    return;
  }
  sendJson(r.res, 200, obj);
}

export interface Filter {
  labels: ReturnType<typeof parseLabelSelector>;
  fields: ReturnType<typeof parseFieldSelector>;
}

export function parseFilter(type: ResourceType, params: URLSearchParams): Filter {
  try {
    const labels = parseLabelSelector(params.get('labelSelector') ?? '');
    const fields = parseFieldSelector(params.get('fieldSelector') ?? '');
    if (type.builtin) checkFields(type.kind, fields);
    return { labels, fields };
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

export function matchesFilter(type: ResourceType, f: Filter, obj: StoredObject): boolean {
  return matchesLabels(f.labels, obj.metadata.labels as Record<string, string> | undefined) && matchesFields(type.kind, f.fields, obj);
}

/** Items as the API server lists them: built-in types without per-item apiVersion/kind. */
function listItem(type: ResourceType, obj: StoredObject): unknown {
  if (!type.builtin) return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export function listObjects(ctx: SimContext, r: ResourceRequest): void {
  const filter = parseFilter(r.type, r.params);
  let items = ctx.store.list(r.type, r.namespace).filter((o) => matchesFilter(r.type, filter, o));

  const limit = Number(r.params.get('limit') ?? '0');
  let offset = 0;
  const token = r.params.get('continue');
  if (token) {
    try {
      offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number }).offset;
    } catch {
      throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
    }
  }
  let continueToken: string | undefined;
  if (Number.isInteger(limit) && limit > 0) {
    if (offset + limit < items.length) continueToken = Buffer.from(JSON.stringify({ offset: offset + limit })).toString('base64');
    items = items.slice(offset, offset + limit);
  } else if (offset) {
    items = items.slice(offset);
  }

  const rv = ctx.store.resourceVersion;
  if (wantsTable(r.req)) {
    const table = toTable(r.type, items, { resourceVersion: rv, includeObject: includeObject(r.params), ...(continueToken ? { continueToken } : {}) });
    sendJson(r.res, 200, table);
    return;
  }
  sendJson(r.res, 200, {
    kind: `${r.type.kind}List`,
    apiVersion: apiVersionOf(r.type.group, r.type.version),
    metadata: { resourceVersion: rv, ...(continueToken ? { continue: continueToken } : {}) },
    items: items.map((o) => listItem(r.type, o)),
  });
}

// --- bodies -------------------------------------------------------------------------------------

async function readJsonBody(req: IncomingMessage, accepted: string[]): Promise<unknown> {
  const contentType = parseMediaType(req.headers['content-type'] ?? 'application/json').type;
  if (!accepted.includes(contentType)) throw unsupportedMediaType(accepted);
  const text = (await readBody(req)).toString('utf8');
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
}

function asObject(type: ResourceType, body: unknown, namespace: string | undefined): StoredObject {
  if (!isObject(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(type.group, type.version)})`);
  }
  const obj = clone(body) as StoredObject;
  obj.apiVersion = apiVersionOf(type.group, type.version);
  obj.kind = type.kind;
  if (!isObject(obj.metadata)) obj.metadata = { name: '' };
  if (type.namespaced) {
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace!;
  }
  return obj;
}

// --- writes -------------------------------------------------------------------------------------

export async function createObject(ctx: SimContext, r: ResourceRequest): Promise<void> {
  const body = await readJsonBody(r.req, ['application/json', 'application/yaml']);
  const obj = asObject(r.type, body, r.namespace);
  if (!obj.metadata.name) {
    const gen = obj.metadata.generateName;
    if (typeof gen !== 'string' || !gen) {
      throw invalid(r.type.group, r.type.kind, '', 'metadata.name: Required value: name or generateName is required', [
        { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
      ]);
    }
    obj.metadata.name = gen + Math.random().toString(36).slice(2, 7);
  }
  if (ctx.store.get(r.type, r.namespace, obj.metadata.name)) throw alreadyExists(r.type.group, r.type.plural, obj.metadata.name);
  validateWrite(r.type, undefined, obj);
  delete obj.metadata.resourceVersion;
  obj.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (isDryRun(r.params)) {
    sendJson(r.res, 201, obj);
    return;
  }
  sendJson(r.res, 201, ctx.store.create(r.type, obj));
}

function checkPrecondition(r: ResourceRequest, current: StoredObject, next: StoredObject): void {
  const rv = next.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
    throw conflict(r.type.group, r.type.plural, current.metadata.name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
}

/** Validate and store (or, for a dry run, just compute) the new state of an existing object. */
function commit(ctx: SimContext, r: ResourceRequest, current: StoredObject, next: StoredObject): StoredObject {
  next.apiVersion = current.apiVersion;
  next.kind = current.kind;
  if (!isObject(next.metadata)) next.metadata = { name: current.metadata.name };
  if (next.metadata.name !== current.metadata.name) {
    throw badRequest(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${current.metadata.name})`);
  }
  if (r.type.namespaced && next.metadata.namespace !== current.metadata.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  checkPrecondition(r, current, next);
  validateWrite(r.type, current, next);
  next.metadata.resourceVersion = current.metadata.resourceVersion;
  return isDryRun(r.params) ? ctx.store.prepareUpdate(r.type, next) : ctx.store.update(r.type, next);
}

export async function replaceObject(ctx: SimContext, r: ResourceRequest, subresource?: 'status'): Promise<void> {
  const current = ctx.store.get(r.type, r.namespace, r.name!);
  if (!current) throw notFound(r.type.group, r.type.plural, r.name!);
  const body = asObject(r.type, await readJsonBody(r.req, ['application/json', 'application/yaml']), r.namespace);
  checkPrecondition(r, current, body);
  const next = subresource === 'status' ? { ...current, status: body.status } : body;
  sendJson(r.res, 200, commit(ctx, r, current, next as StoredObject));
}

const PATCH_TYPES = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
} as const;

function acceptedPatchTypes(type: ResourceType): string[] {
  const all = Object.keys(PATCH_TYPES);
  return type.builtin ? all : all.filter((t) => t !== 'application/strategic-merge-patch+json');
}

function applyPatchBody(type: ResourceType, contentType: string, current: StoredObject, body: Buffer): StoredObject {
  const accepted = acceptedPatchTypes(type);
  if (!accepted.includes(contentType)) throw unsupportedMediaType(accepted);
  const kind = PATCH_TYPES[contentType as keyof typeof PATCH_TYPES];
  let patch: unknown;
  try {
    patch = kind === 'apply' ? parseYaml(body.toString('utf8')) : JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  try {
    const target = current as unknown as Json;
    let result: Json;
    if (kind === 'json') result = applyJsonPatch(target, patch);
    else if (kind === 'strategic') result = applyStrategicMergePatch(target, patch);
    // Server-side apply is approximated by a merge of the applied configuration (no field ownership).
    else result = applyMergePatch(target, (isObject(patch) ? patch : {}) as Json);
    if (!isObject(result)) throw badRequest('the patch did not produce an object');
    return result as unknown as StoredObject;
  } catch (e) {
    if (e instanceof PatchError) {
      if (e.kind === 'bad-request') throw badRequest(e.message);
      throw new ApiError(failure(422, 'Invalid', e.message));
    }
    throw e;
  }
}

export async function patchObject(ctx: SimContext, r: ResourceRequest, subresource?: 'status'): Promise<void> {
  const contentType = parseMediaType(r.req.headers['content-type'] ?? '').type;
  const body = await readBody(r.req);
  const current = ctx.store.get(r.type, r.namespace, r.name!);
  if (!current) {
    if (contentType === 'application/apply-patch+yaml' && !subresource) {
      const applied = asObject(r.type, parseYaml(body.toString('utf8')), r.namespace);
      applied.metadata.name = r.name!;
      validateWrite(r.type, undefined, applied);
      sendJson(r.res, 201, isDryRun(r.params) ? applied : ctx.store.create(r.type, applied));
      return;
    }
    throw notFound(r.type.group, r.type.plural, r.name!);
  }
  const patched = applyPatchBody(r.type, contentType, current, body);
  const next = subresource === 'status' ? { ...current, status: patched.status, metadata: { ...current.metadata, resourceVersion: patched.metadata?.resourceVersion } } : patched;
  sendJson(r.res, 200, commit(ctx, r, current, next as StoredObject));
}

export function deleteObject(ctx: SimContext, r: ResourceRequest): void {
  const current = ctx.store.get(r.type, r.namespace, r.name!);
  if (!current) throw notFound(r.type.group, r.type.plural, r.name!);
  if (isDryRun(r.params)) {
    sendJson(r.res, 200, current);
    return;
  }
  sendJson(r.res, 200, ctx.store.delete(r.type, r.namespace, r.name!));
}

// --- scale --------------------------------------------------------------------------------------

function selectorString(sel: unknown): string {
  const labels = isObject(sel) && isObject(sel.matchLabels) ? sel.matchLabels : {};
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

function toScale(obj: StoredObject): StoredObject {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const status = isObject(obj.status) ? obj.status : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace!,
      uid: obj.metadata.uid!,
      resourceVersion: obj.metadata.resourceVersion!,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorString(spec.selector) },
  };
}

export async function scaleSubresource(ctx: SimContext, r: ResourceRequest, method: string): Promise<void> {
  const current = ctx.store.get(r.type, r.namespace, r.name!);
  if (!current) throw notFound(r.type.group, r.type.plural, r.name!);
  if (method === 'GET') {
    sendJson(r.res, 200, toScale(current));
    return;
  }
  let scale: StoredObject;
  if (method === 'PATCH') {
    const contentType = parseMediaType(r.req.headers['content-type'] ?? '').type;
    scale = applyPatchBody({ ...r.type, kind: 'Scale' }, contentType, toScale(current), await readBody(r.req));
  } else if (method === 'PUT') {
    scale = (await readJsonBody(r.req, ['application/json', 'application/yaml'])) as StoredObject;
  } else {
    throw methodNotAllowed();
  }
  const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined;
  if (typeof replicas !== 'number') throw badRequest('Scale.spec.replicas must be an integer');
  const next = clone(current);
  next.spec = { ...(isObject(next.spec) ? next.spec : {}), replicas };
  if (isObject(scale.metadata) && scale.metadata.resourceVersion) next.metadata.resourceVersion = scale.metadata.resourceVersion;
  sendJson(r.res, 200, toScale(commit(ctx, r, current, next)));
}
