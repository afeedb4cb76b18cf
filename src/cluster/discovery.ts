// Which URL serves a kind: the apiVersion a kind defaults to, the server's resource lists
// (/api/v1, /apis/<group>/<version>) cached per apiVersion, and the path built from them.

import { clusterError } from './errors';
import type { ResourceInfo, Result } from './types';

const DEFAULT_API_VERSIONS: Record<string, string> = {};
function defaults(apiVersion: string, kinds: string[]): void {
  for (const kind of kinds) DEFAULT_API_VERSIONS[kind.toLowerCase()] = apiVersion;
}
defaults('v1', [
  'Pod',
  'Service',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Namespace',
  'Node',
  'Event',
  'Endpoints',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ReplicationController',
  'LimitRange',
  'ResourceQuota',
]);
defaults('apps/v1', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision']);
defaults('networking.k8s.io/v1', ['NetworkPolicy', 'Ingress', 'IngressClass']);
defaults('batch/v1', ['Job', 'CronJob']);
defaults('rbac.authorization.k8s.io/v1', ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
defaults('storage.k8s.io/v1', ['StorageClass', 'CSIDriver', 'VolumeAttachment']);
defaults('policy/v1', ['PodDisruptionBudget']);
defaults('autoscaling/v2', ['HorizontalPodAutoscaler']);
defaults('coordination.k8s.io/v1', ['Lease']);
defaults('apiextensions.k8s.io/v1', ['CustomResourceDefinition']);

/** The apiVersion a built-in kind lives in; undefined for kinds that must say (custom resources). */
export function defaultApiVersion(kind: string): string | undefined {
  return DEFAULT_API_VERSIONS[kind.toLowerCase()];
}

export interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  singularName?: string | undefined;
  shortNames?: string[] | undefined;
}

export type { ResourceInfo } from './types';

/** Fetches `{resources: [...]}` for one apiVersion; errors are already classified. */
export type ResourceListFetcher = (apiVersion: string) => Promise<Result<{ resources: ApiResource[] }>>;

function findResource(resources: ApiResource[], kind: string): ApiResource | undefined {
  const top = resources.filter((r) => !r.name.includes('/')); // skip subresources (pods/log, …)
  const lower = kind.toLowerCase();
  return (
    top.find((r) => r.kind === kind) ??
    top.find((r) => r.kind.toLowerCase() === lower) ??
    top.find((r) => r.name === lower || r.singularName === lower || (r.shortNames ?? []).includes(lower))
  );
}

export class Discovery {
  private readonly cache = new Map<string, Promise<Result<{ resources: ApiResource[] }>>>();

  constructor(
    private readonly context: string,
    private readonly fetchList: ResourceListFetcher,
  ) {}

  async resolve(apiVersion: string, kind: string): Promise<Result<ResourceInfo>> {
    let list = await this.load(apiVersion, false);
    if (!list.ok) return list;
    let resource = findResource(list.value.resources, kind);
    if (!resource) {
      // A CRD may have been installed since the list was cached: look once more.
      list = await this.load(apiVersion, true);
      if (!list.ok) return list;
      resource = findResource(list.value.resources, kind);
    }
    if (!resource) {
      const detail = `the server has no resource of kind "${kind}" in ${apiVersion}`;
      return { ok: false, error: clusterError('not-found', this.context, `kind ${kind}`, detail) };
    }
    return { ok: true, value: { apiVersion, kind: resource.kind, plural: resource.name, namespaced: resource.namespaced } };
  }

  private load(apiVersion: string, refresh: boolean): Promise<Result<{ resources: ApiResource[] }>> {
    const cached = this.cache.get(apiVersion);
    if (cached && !refresh) return cached;
    const pending = this.fetchList(apiVersion).then((result) => {
      if (!result.ok) this.cache.delete(apiVersion); // don't remember a transient failure
      return result;
    });
    this.cache.set(apiVersion, pending);
    return pending;
  }
}

export function apiVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** `/api/v1/namespaces/ns/pods/name/log`; namespace '*' or undefined: no namespace segment. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let path = apiVersionPath(info.apiVersion);
  if (info.namespaced && namespace && namespace !== '*') path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${info.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

const CLUSTER_SCOPED = new Set(
  [
    'Namespace',
    'Node',
    'PersistentVolume',
    'ClusterRole',
    'ClusterRoleBinding',
    'StorageClass',
    'CSIDriver',
    'VolumeAttachment',
    'IngressClass',
    'CustomResourceDefinition',
  ].map((k) => k.toLowerCase()),
);

/** Built-in kinds known to live outside namespaces (for display only: requests use discovery). */
export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind.toLowerCase());
}
