// The simulated cluster's objects, with resourceVersion, uid and generation kept the way the
// API server keeps them, and a change feed for watches.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resources';

export type JsonObject = Record<string, unknown>;

export interface StoredObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string; namespace?: string; resourceVersion?: string; uid?: string; generation?: number };
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: StoredObject;
}

/** Namespaces every real cluster has, whether or not the scenario mentions them. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** A stable uid, so that postmortems of two runs of the same scenario compare equal. */
function deterministicUid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private readonly byType = new Map<ResourceType, Map<string, StoredObject>>();
  private revision = 1;
  readonly changes = new EventEmitter();

  constructor(
    readonly registry: ResourceRegistry,
    objects: readonly JsonObject[],
    defaultNamespace: string,
    now = new Date(),
  ) {
    this.changes.setMaxListeners(0);
    const created = now.toISOString().replace(/\.\d+Z$/, 'Z');
    const namespaces = new Set(SYSTEM_NAMESPACES);
    namespaces.add(defaultNamespace);
    for (const raw of objects) {
      const type = registry.forApiVersionKind(String(raw.apiVersion), String(raw.kind));
      if (!type) throw new Error(`no resource type for ${String(raw.apiVersion)} ${String(raw.kind)}`);
      const obj = clone(raw) as StoredObject;
      const meta = obj.metadata;
      if (type.namespaced) {
        meta.namespace ??= defaultNamespace;
        namespaces.add(meta.namespace);
      } else {
        delete meta.namespace;
      }
      meta.creationTimestamp ??= created;
      if (type.kind === 'Event' && type.group === '' && obj.eventTime === undefined) {
        obj.firstTimestamp ??= meta.creationTimestamp;
        obj.lastTimestamp ??= obj.firstTimestamp;
      }
      this.insert(type, obj);
    }
    this.linkReferences();
    const nsType = registry.byKind('', 'Namespace');
    if (nsType) {
      for (const ns of namespaces) {
        if (this.get(nsType, undefined, ns)) continue;
        this.insert(nsType, {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns, creationTimestamp: created, labels: { 'kubernetes.io/metadata.name': ns } },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        });
      }
    }
  }

  /**
   * Real events and owner references always carry the uid of the object they point at (kubectl
   * describe searches events by it); scenarios may leave it out, so fill it in from the store.
   */
  private linkReferences(): void {
    const uidOf = (ref: JsonObject, namespace: string | undefined): string | undefined => {
      if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
      const group = typeof ref.apiVersion === 'string' && ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
      const type = this.registry.byKind(group, ref.kind);
      return type ? this.table(type).get(keyOf(type.namespaced ? namespace : undefined, ref.name))?.metadata.uid : undefined;
    };
    for (const table of this.byType.values()) {
      for (const obj of table.values()) {
        const involved = obj.involvedObject;
        if (obj.kind === 'Event' && isObject(involved) && !involved.uid) {
          const uid = uidOf(involved, typeof involved.namespace === 'string' ? involved.namespace : obj.metadata.namespace);
          if (uid) involved.uid = uid;
        }
        const owners = obj.metadata.ownerReferences;
        if (Array.isArray(owners)) {
          for (const owner of owners) {
            if (!isObject(owner) || owner.uid) continue;
            const uid = uidOf(owner, obj.metadata.namespace);
            if (uid) owner.uid = uid;
          }
        }
      }
    }
  }

  private table(type: ResourceType): Map<string, StoredObject> {
    let t = this.byType.get(type);
    if (!t) {
      t = new Map();
      this.byType.set(type, t);
    }
    return t;
  }

  private insert(type: ResourceType, obj: StoredObject): void {
    const meta = obj.metadata;
    meta.uid ??= deterministicUid(`${type.group}/${type.plural}/${keyOf(meta.namespace, meta.name)}`);
    meta.resourceVersion = String(++this.revision);
    if (isObject(obj.spec) && type.kind !== 'Pod' && type.kind !== 'Namespace' && type.kind !== 'Node') meta.generation ??= 1;
    obj.apiVersion = apiVersionOf(type.group, type.version);
    obj.kind = type.kind;
    this.table(type).set(keyOf(meta.namespace, meta.name), obj);
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const obj = this.table(type).get(keyOf(type.namespaced ? namespace : undefined, name));
    return obj ? clone(obj) : undefined;
  }

  /** Objects of a type, in one namespace or (namespace undefined) all, ordered like etcd keys. */
  list(type: ResourceType, namespace: string | undefined): StoredObject[] {
    return [...this.table(type).entries()]
      .filter(([, o]) => namespace === undefined || !type.namespaced || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => clone(o));
  }

  create(type: ResourceType, obj: StoredObject): StoredObject {
    const stored = clone(obj);
    this.insert(type, stored);
    this.changes.emit('change', { type: 'ADDED', resource: type, object: clone(stored) } satisfies WatchEvent);
    return clone(stored);
  }

  /**
   * What an update would store (uid and creationTimestamp kept, generation bumped when spec
   * changed), without storing it: the answer to a dry run.
   */
  prepareUpdate(type: ResourceType, next: StoredObject): StoredObject {
    const prev = this.table(type).get(keyOf(next.metadata.namespace, next.metadata.name));
    const result = clone(next);
    if (prev) {
      result.metadata.uid = prev.metadata.uid;
      result.metadata.creationTimestamp = prev.metadata.creationTimestamp;
      result.metadata.resourceVersion = prev.metadata.resourceVersion;
      if (typeof prev.metadata.generation === 'number') {
        result.metadata.generation =
          JSON.stringify(prev.spec) === JSON.stringify(result.spec) ? prev.metadata.generation : prev.metadata.generation + 1;
      }
    }
    return result;
  }

  /** Replace an existing object: a new resourceVersion, generation bumped when spec changed. */
  update(type: ResourceType, next: StoredObject): StoredObject {
    const stored = this.prepareUpdate(type, next);
    stored.metadata.resourceVersion = String(++this.revision);
    this.table(type).set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
    this.changes.emit('change', { type: 'MODIFIED', resource: type, object: clone(stored) } satisfies WatchEvent);
    return clone(stored);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const prev = this.table(type).get(key);
    if (!prev) return undefined;
    this.table(type).delete(key);
    prev.metadata.resourceVersion = String(++this.revision);
    this.changes.emit('change', { type: 'DELETED', resource: type, object: clone(prev) } satisfies WatchEvent);
    return clone(prev);
  }
}
