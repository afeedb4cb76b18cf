// Which pods belong to the components the runbooks are about, and which workload owns them.
// Heuristics on labels, container names, images and the thanos subcommand: there is no single
// convention across Helm charts, operators and hand-written manifests.
import type { KubeObject } from '../cluster/types';

type Obj = Record<string, unknown>;

const LABEL_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/component', 'app', 'k8s-app', 'component', 'name'];
const THANOS_COMMANDS = ['sidecar', 'compact', 'store', 'query', 'query-frontend', 'receive', 'rule', 'tools', 'bucket'];
/** Component names by a word found in a label value, container name or image. */
const COMPONENT_WORDS: [RegExp, string][] = [
  [/prometheus-operator|prometheus-config-reloader/, 'prometheus-operator'],
  [/alertmanager/, 'alertmanager'],
  [/grafana/, 'grafana'],
  [/kube-state-metrics/, 'kube-state-metrics'],
  [/node-exporter/, 'node-exporter'],
  [/prometheus/, 'prometheus'],
  [/\betcd\b|etcd-/, 'etcd'],
  [/rke2|k3s/, 'rke2'],
  [/minio/, 'minio'],
];

/** The components a pod runs (several for prometheus + thanos-sidecar), or none. */
export function componentsOf(pod: KubeObject): string[] {
  const found = new Set<string>();
  const spec = (pod.spec ?? {}) as Obj;
  const containers = [...asArray(spec.containers), ...asArray(spec.initContainers)];
  for (const c of containers) {
    const name = String(c.name ?? '');
    const image = String(c.image ?? '');
    if (/thanos/.test(image) || /thanos/.test(name)) {
      const args = [...asArray<string>(c.command), ...asArray<string>(c.args)].map(String);
      const sub = args.find((a) => THANOS_COMMANDS.includes(a));
      found.add(`thanos-${sub ?? (name.replace(/^thanos-?/, '') || 'unknown')}`);
      continue;
    }
    for (const [word, component] of COMPONENT_WORDS) {
      if (word.test(name) || word.test(imageName(image))) {
        found.add(component);
        break;
      }
    }
  }
  const labels = pod.metadata.labels ?? {};
  for (const key of LABEL_KEYS) {
    const value = labels[key];
    if (!value) continue;
    if (/thanos/.test(value) && ![...found].some((f) => f.startsWith('thanos-'))) found.add(value.startsWith('thanos-') ? value : `thanos-${value.replace(/^thanos/, '') || 'unknown'}`);
    for (const [word, component] of COMPONENT_WORDS) if (word.test(value)) found.add(component);
  }
  return [...found].sort();
}

function imageName(image: string): string {
  // quay.io/prometheus/prometheus:v2 → prometheus/prometheus (the tag and registry say nothing).
  return image.replace(/[:@].*$/, '').split('/').slice(-2).join('/');
}

export interface WorkloadRef {
  kind: string;
  name: string;
  namespace: string;
}

/** The controller a pod belongs to: Deployment (through its ReplicaSet), StatefulSet, DaemonSet, Job, or the pod itself. */
export function workloadOf(pod: KubeObject): WorkloadRef {
  const namespace = pod.metadata.namespace ?? '';
  const owners = asArray(pod.metadata.ownerReferences);
  const owner = owners.find((o) => o.controller === true) ?? owners[0];
  if (!owner) return { kind: 'Pod', name: pod.metadata.name, namespace };
  const kind = String(owner.kind ?? 'Pod');
  const name = String(owner.name ?? pod.metadata.name);
  if (kind === 'ReplicaSet') {
    const deployment = name.replace(/-[a-z0-9]{6,10}$/, '');
    return deployment !== name ? { kind: 'Deployment', name: deployment, namespace } : { kind, name, namespace };
  }
  return { kind, name, namespace };
}

export function isRke2Node(node: KubeObject): boolean {
  const status = (node.status ?? {}) as Obj;
  const info = (status.nodeInfo ?? {}) as Obj;
  const labels = node.metadata.labels ?? {};
  const annotations = node.metadata.annotations ?? {};
  return (
    /\+rke2/.test(String(info.kubeletVersion ?? '')) ||
    labels['node.kubernetes.io/instance-type'] === 'rke2' ||
    Object.keys(annotations).some((k) => k.startsWith('rke2.io/'))
  );
}

export function asArray<T = Obj>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
