// The kinds the simulated API server serves: built-in ones with the names, short names and
// verbs a real v1.32 API server reports, plus custom resources inferred from scenario objects.

export interface SubresourceType {
  name: string;
  kind: string;
  group: string;
  version: string;
  verbs: string[];
}

export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
  subresources: SubresourceType[];
  /**
   * Types of the Kubernetes project's own groups: strategic merge patch, list items without
   * apiVersion/kind. False for custom resources.
   */
  builtin: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function sub(name: string, kind: string, verbs: string[], group = '', version = 'v1'): SubresourceType {
  return { name, kind, group, version, verbs };
}

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  opts: { namespaced?: boolean; shortNames?: string[]; verbs?: string[]; categories?: string[]; subresources?: SubresourceType[] } = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    verbs: opts.verbs ?? CRUD,
    categories: opts.categories ?? [],
    subresources: opts.subresources ?? [],
    builtin: true,
  };
}

function statusOf(kind: string, group: string, version = 'v1'): SubresourceType {
  return sub('status', kind, ['get', 'patch', 'update'], group, version);
}

function scaleOf(): SubresourceType {
  return sub('scale', 'Scale', ['get', 'patch', 'update'], 'autoscaling', 'v1');
}

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  builtin('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      sub('exec', 'PodExecOptions', ['create', 'get']),
      sub('log', 'Pod', ['get']),
      statusOf('Pod', ''),
      sub('ephemeralcontainers', 'Pod', ['get', 'patch', 'update']),
    ],
  }),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  builtin('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtin('', 'v1', 'Secret', 'secrets'),
  builtin('', 'v1', 'Service', 'services', { shortNames: ['svc'], categories: ['all'], subresources: [statusOf('Service', '')] }),
  builtin('', 'v1', 'Endpoints', 'endpoints', { shortNames: ['ep'] }),
  builtin('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  builtin('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [statusOf('Namespace', '')],
  }),
  builtin('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'], subresources: [statusOf('Node', '')] }),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    subresources: [statusOf('PersistentVolumeClaim', '')],
  }),
  builtin('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [scaleOf(), statusOf('Deployment', 'apps')],
  }),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [scaleOf(), statusOf('StatefulSet', 'apps')],
  }),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', { shortNames: ['ds'], categories: ['all'], subresources: [statusOf('DaemonSet', 'apps')] }),
  builtin('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [scaleOf(), statusOf('ReplicaSet', 'apps')],
  }),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', { shortNames: ['netpol'] }),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    subresources: [statusOf('Ingress', 'networking.k8s.io')],
  }),
  builtin('batch', 'v1', 'Job', 'jobs', { categories: ['all'], subresources: [statusOf('Job', 'batch')] }),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', { shortNames: ['cj'], categories: ['all'], subresources: [statusOf('CronJob', 'batch')] }),
  builtin('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', {
    namespaced: false,
    verbs: ['create'],
  }),
];

/** Groups the Kubernetes project itself serves: their types take strategic merge patches. */
function isKubernetesGroup(group: string): boolean {
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
}

/** Kinds of Kubernetes' own groups that are cluster-scoped; the rest of those groups is namespaced. */
const CLUSTER_SCOPED_KINDS = new Set([
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'IngressClass',
  'CustomResourceDefinition',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'RuntimeClass',
  'APIService',
  'CertificateSigningRequest',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ComponentStatus',
]);

const KNOWN_SHORT_NAMES: Record<string, string[]> = {
  PersistentVolume: ['pv'],
  StorageClass: ['sc'],
  PodDisruptionBudget: ['pdb'],
  HorizontalPodAutoscaler: ['hpa'],
  ResourceQuota: ['quota'],
  LimitRange: ['limits'],
  ReplicationController: ['rc'],
  PriorityClass: ['pc'],
  CustomResourceDefinition: ['crd', 'crds'],
  CertificateSigningRequest: ['csr'],
};

/** English plural the way CRD authors usually spell it: Prometheus → prometheuses, Policy → policies. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export interface ObjectLike {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { namespace?: unknown } | undefined;
}

export class ResourceRegistry {
  readonly types: ResourceType[];

  constructor(objects: readonly ObjectLike[] = []) {
    this.types = [...BUILTIN_RESOURCES];
    for (const obj of objects) this.learn(obj);
  }

  /** Register a custom kind seen in the scenario (any kind no built-in covers). */
  private learn(obj: ObjectLike): void {
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return;
    const { group, version } = splitApiVersion(obj.apiVersion);
    const existing = this.types.find((t) => t.group === group && t.kind === obj.kind);
    const kubernetesGroup = isKubernetesGroup(group);
    // Custom resources: namespaced when the scenario gives any of them a namespace.
    const namespaced = kubernetesGroup ? !CLUSTER_SCOPED_KINDS.has(obj.kind) : typeof obj.metadata?.namespace === 'string';
    if (existing) {
      if (!existing.builtin && namespaced) existing.namespaced = true;
      return;
    }
    this.types.push({
      group,
      version,
      kind: obj.kind,
      plural: pluralOf(obj.kind),
      singular: obj.kind.toLowerCase(),
      namespaced,
      shortNames: kubernetesGroup ? (KNOWN_SHORT_NAMES[obj.kind] ?? []) : [],
      verbs: CRUD,
      categories: [],
      subresources: [],
      builtin: kubernetesGroup,
    });
  }

  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.kind === kind);
  }

  forApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    const t = this.byKind(group, kind);
    return t && t.version === version ? t : undefined;
  }

  /** Groups in the order discovery lists them: core first, then named groups in first-seen order. */
  groups(): { group: string; version: string }[] {
    const seen = new Map<string, string>();
    for (const t of this.types) if (!seen.has(t.group)) seen.set(t.group, t.version);
    return [...seen].map(([group, version]) => ({ group, version }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }
}
