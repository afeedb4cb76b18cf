// meta.k8s.io/v1 Table output (what plain `kubectl get` asks for), with the columns and cell
// wording of the API server's built-in printers. The server fills the wide columns too;
// kubectl hides priority-1 columns unless -o wide.
import type { ResourceType } from './resources';
import type { StoredObject } from './store';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number;
type Obj = Record<string, unknown>;

function col(name: string, description: string, priority = 0, type: ColumnDefinition['type'] = 'string', format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.', 0, 'string', 'name');
const AGE = col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

function get(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const p of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Obj)[p];
  }
  return cur;
}

function str(obj: unknown, dotted: string, fallback = ''): string {
  const v = get(obj, dotted);
  return v === undefined || v === null || v === '' ? fallback : String(v);
}

function num(obj: unknown, dotted: string): number {
  const v = get(obj, dotted);
  return typeof v === 'number' ? v : 0;
}

function arr(obj: unknown, dotted: string): Obj[] {
  const v = get(obj, dotted);
  return Array.isArray(v) ? (v as Obj[]) : [];
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function since(ts: unknown, now: number): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function labelSelectorString(sel: unknown): string {
  if (typeof sel !== 'object' || sel === null) return '<none>';
  const parts: string[] = [];
  for (const [k, v] of Object.entries((get(sel, 'matchLabels') as Obj | undefined) ?? {})) parts.push(`${k}=${String(v)}`);
  for (const e of arr(sel, 'matchExpressions')) {
    const values = Array.isArray(e.values) ? (e.values as string[]).join(',') : '';
    switch (e.operator) {
      case 'In':
        parts.push(`${String(e.key)} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${String(e.key)} notin (${values})`);
        break;
      case 'Exists':
        parts.push(String(e.key));
        break;
      case 'DoesNotExist':
        parts.push(`!${String(e.key)}`);
        break;
    }
  }
  return parts.length ? parts.join(',') : '<none>';
}

function mapSelectorString(sel: unknown): string {
  if (typeof sel !== 'object' || sel === null || Object.keys(sel).length === 0) return '<none>';
  return Object.entries(sel as Obj)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

function containersAndImages(podSpec: unknown): [string, string] {
  const cs = arr(podSpec, 'containers');
  return [cs.map((c) => String(c.name ?? '')).join(','), cs.map((c) => String(c.image ?? '')).join(',')];
}

const CONTAINERS = col('Containers', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'Images referenced by each container in the template.', 1);
const SELECTOR = col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1);

// --- Pod ----------------------------------------------------------------------------------------

function isRestartableInit(c: Obj | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function terminatedReason(t: Obj, prefix: string): string {
  if (typeof t.reason === 'string' && t.reason) return prefix + t.reason;
  if (typeof t.signal === 'number' && t.signal !== 0) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${typeof t.exitCode === 'number' ? t.exitCode : 0}`;
}

function laterOf(a: number, ts: unknown): number {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? a : Math.max(a, t);
}

function podRow(pod: StoredObject, now: number): Cell[] {
  const initSpecs = new Map(arr(pod, 'spec.initContainers').map((c) => [String(c.name), c]));
  const total = arr(pod, 'spec.containers').length + [...initSpecs.values()].filter(isRestartableInit).length;
  let ready = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  const phase = str(pod, 'status.phase');
  let reason = str(pod, 'status.reason', phase);
  const conditions = arr(pod, 'status.conditions');
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = arr(pod, 'status.initContainerStatuses');
  for (const [i, cs] of initStatuses.entries()) {
    const spec = initSpecs.get(String(cs.name));
    restarts += typeof cs.restartCount === 'number' ? cs.restartCount : 0;
    lastRestart = laterOf(lastRestart, get(cs, 'lastState.terminated.finishedAt'));
    if (isRestartableInit(spec)) {
      restartableInitRestarts += typeof cs.restartCount === 'number' ? cs.restartCount : 0;
      lastRestartableInitRestart = laterOf(lastRestartableInitRestart, get(cs, 'lastState.terminated.finishedAt'));
    }
    const terminated = get(cs, 'state.terminated') as Obj | undefined;
    const waiting = get(cs, 'state.waiting') as Obj | undefined;
    if (terminated && terminated.exitCode === 0) continue;
    if (isRestartableInit(spec) && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (waiting && typeof waiting.reason === 'string' && waiting.reason && waiting.reason !== 'PodInitializing') reason = `Init:${waiting.reason}`;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = arr(pod, 'status.containerStatuses');
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += typeof cs.restartCount === 'number' ? cs.restartCount : 0;
      lastRestart = laterOf(lastRestart, get(cs, 'lastState.terminated.finishedAt'));
      const waiting = get(cs, 'state.waiting') as Obj | undefined;
      const terminated = get(cs, 'state.terminated') as Obj | undefined;
      if (waiting && typeof waiting.reason === 'string' && waiting.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason(terminated, '');
      else if (cs.ready === true && get(cs, 'state.running') !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (get(pod, 'metadata.deletionTimestamp') !== undefined) {
    if (str(pod, 'status.reason') === 'NodeLost') reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }
  const restartsCell = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  const podIP = str(arr(pod, 'status.podIPs')[0], 'ip') || str(pod, 'status.podIP', '<none>');
  const gates = arr(pod, 'spec.readinessGates');
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const trueGates = gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True')).length;
    readinessGates = `${trueGates}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restartsCell,
    since(pod.metadata.creationTimestamp, now),
    podIP,
    str(pod, 'spec.nodeName', '<none>'),
    str(pod, 'status.nominatedNodeName', '<none>'),
    readinessGates,
  ];
}

// --- Per kind -----------------------------------------------------------------------------------

interface Printer {
  columns: ColumnDefinition[];
  row(o: StoredObject, now: number): Cell[];
}

function joinPorts(ports: Obj[], fmt: (p: Obj) => string): string {
  return ports.length ? ports.map(fmt).join(',') : '<none>';
}

const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      NAME,
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE,
      col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      col('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
      col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
      col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
    ],
    row: podRow,
  },
  ServiceAccount: {
    columns: [NAME, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', 0, 'string'), AGE],
    row: (o, now) => [o.metadata.name, arr(o, 'secrets').length, since(o.metadata.creationTimestamp, now)],
  },
  ConfigMap: {
    columns: [NAME, col('Data', 'Number of data entries in the ConfigMap.', 0, 'integer'), AGE],
    row: (o, now) => [
      o.metadata.name,
      Object.keys((o.data as Obj | undefined) ?? {}).length + Object.keys((o.binaryData as Obj | undefined) ?? {}).length,
      since(o.metadata.creationTimestamp, now),
    ],
  },
  Secret: {
    columns: [NAME, col('Type', 'The type of the secret'), col('Data', 'The number of data entries in the secret', 0, 'integer'), AGE],
    row: (o, now) => [
      o.metadata.name,
      str(o, 'type', 'Opaque'),
      Object.keys((o.data as Obj | undefined) ?? {}).length + Object.keys((o.stringData as Obj | undefined) ?? {}).length,
      since(o.metadata.creationTimestamp, now),
    ],
  },
  Service: {
    columns: [
      NAME,
      col('Type', 'The type of the service.'),
      col('Cluster-IP', 'The cluster IP of the service.'),
      col('External-IP', 'The external IP of the service.'),
      col('Port(s)', 'The ports of the service.'),
      AGE,
      col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', 1),
    ],
    row: (o, now) => {
      const type = str(o, 'spec.type', 'ClusterIP');
      const lbIngress = arr(o, 'status.loadBalancer.ingress').map((i) => str(i, 'ip') || str(i, 'hostname'));
      const external = [...((get(o, 'spec.externalIPs') as string[] | undefined) ?? []), ...lbIngress];
      const externalCell =
        type === 'ExternalName' ? str(o, 'spec.externalName', '<none>') : external.length ? external.join(',') : type === 'LoadBalancer' ? '<pending>' : '<none>';
      return [
        o.metadata.name,
        type,
        str(o, 'spec.clusterIP', '<none>'),
        externalCell,
        joinPorts(arr(o, 'spec.ports'), (p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${String(p.protocol ?? 'TCP')}`),
        since(o.metadata.creationTimestamp, now),
        mapSelectorString(get(o, 'spec.selector')),
      ];
    },
  },
  Endpoints: {
    columns: [NAME, col('Endpoints', 'Endpoints of this resource.'), AGE],
    row: (o, now) => {
      const eps: string[] = [];
      for (const s of arr(o, 'subsets')) {
        const ports = arr(s, 'ports');
        for (const a of arr(s, 'addresses')) {
          if (ports.length === 0) eps.push(String(a.ip));
          for (const p of ports) eps.push(`${String(a.ip)}:${String(p.port)}`);
        }
      }
      const shown = eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',') || '<none>';
      return [o.metadata.name, shown, since(o.metadata.creationTimestamp, now)];
    },
  },
  Event: {
    columns: [
      col('Last Seen', 'Time when last event occurred.'),
      col('Type', 'Type of this event.'),
      col('Reason', 'Reason is why the action was taken.'),
      col('Object', 'The object this event is about.'),
      col('Subobject', 'The subobject this event is about.', 1),
      col('Source', 'The source of this event.', 1),
      col('Message', 'A human-readable description of the status of this operation.'),
      col('First Seen', 'Time when first event occurred.', 1),
      col('Count', 'Number of times this event has occurred.', 1),
      col('Name', 'Name of the event.', 1),
    ],
    row: (o, now) => {
      const last = get(o, 'lastTimestamp') ?? get(o, 'eventTime') ?? o.metadata.creationTimestamp;
      const first = get(o, 'firstTimestamp') ?? get(o, 'eventTime') ?? o.metadata.creationTimestamp;
      return [
        since(last, now),
        str(o, 'type'),
        str(o, 'reason'),
        `${str(o, 'involvedObject.kind').toLowerCase()}/${str(o, 'involvedObject.name')}`,
        str(o, 'involvedObject.fieldPath'),
        [str(o, 'source.component') || str(o, 'reportingComponent'), str(o, 'source.host')].filter(Boolean).join(', '),
        str(o, 'message').trim(),
        since(first, now),
        num(o, 'count') || 1,
        o.metadata.name,
      ];
    },
  },
  Namespace: {
    columns: [NAME, col('Status', 'The status of the namespace'), AGE],
    row: (o, now) => [o.metadata.name, str(o, 'status.phase', 'Active'), since(o.metadata.creationTimestamp, now)],
  },
  Node: {
    columns: [
      NAME,
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      AGE,
      col('Version', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'List of internal IPs for the node.', 1),
      col('External-IP', 'List of external IPs for the node.', 1),
      col('OS-Image', 'OS image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      col('Kernel-Version', 'Kernel Version reported by the node from uname -r (e.g. 3.16.0-0.bpo.4-amd64).', 1),
      col('Container-Runtime', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
    ],
    row: (o, now) => {
      const ready = arr(o, 'status.conditions').find((c) => c.type === 'Ready');
      const status = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
      if (get(o, 'spec.unschedulable') === true) status.push('SchedulingDisabled');
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((l) => l.startsWith('node-role.kubernetes.io/'))
        .map((l) => l.slice('node-role.kubernetes.io/'.length))
        .filter(Boolean);
      const addr = (t: string): string =>
        arr(o, 'status.addresses')
          .filter((a) => a.type === t)
          .map((a) => String(a.address))
          .join(',') || '<none>';
      return [
        o.metadata.name,
        status.join(','),
        roles.length ? roles.sort().join(',') : '<none>',
        since(o.metadata.creationTimestamp, now),
        str(o, 'status.nodeInfo.kubeletVersion'),
        addr('InternalIP'),
        addr('ExternalIP'),
        str(o, 'status.nodeInfo.osImage', '<unknown>'),
        str(o, 'status.nodeInfo.kernelVersion', '<unknown>'),
        str(o, 'status.nodeInfo.containerRuntimeVersion', '<unknown>'),
      ];
    },
  },
  PersistentVolumeClaim: {
    columns: [
      NAME,
      col('Status', 'The phase of the claim.'),
      col('Volume', 'The volume bound to this claim.'),
      col('Capacity', 'The actual storage capacity of the claim.'),
      col('Access Modes', 'The access modes of the claim.'),
      col('StorageClass', 'The storage class of the claim.'),
      col('VolumeAttributesClass', 'The volume attributes class of the claim.'),
      AGE,
      col('VolumeMode', 'The volume mode of the claim.', 1),
    ],
    row: (o, now) => {
      const modes = ((get(o, 'status.accessModes') as string[] | undefined) ?? []).map(
        (m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m,
      );
      return [
        o.metadata.name,
        str(o, 'status.phase', 'Pending'),
        str(o, 'spec.volumeName'),
        str(o, 'status.capacity.storage'),
        modes.join(','),
        str(o, 'spec.storageClassName'),
        str(o, 'spec.volumeAttributesClassName', '<unset>'),
        since(o.metadata.creationTimestamp, now),
        str(o, 'spec.volumeMode', 'Filesystem'),
      ];
    },
  },
  Deployment: {
    columns: [
      NAME,
      col('Ready', 'Number of the pod with ready state'),
      col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', 0, 'integer'),
      col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', 0, 'integer'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.template.spec'));
      const desired = typeof get(o, 'spec.replicas') === 'number' ? num(o, 'spec.replicas') : 1;
      return [
        o.metadata.name,
        `${num(o, 'status.readyReplicas')}/${desired}`,
        num(o, 'status.updatedReplicas'),
        num(o, 'status.availableReplicas'),
        since(o.metadata.creationTimestamp, now),
        c,
        i,
        labelSelectorString(get(o, 'spec.selector')),
      ];
    },
  },
  StatefulSet: {
    columns: [NAME, col('Ready', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.template.spec'));
      const desired = typeof get(o, 'spec.replicas') === 'number' ? num(o, 'spec.replicas') : 1;
      return [o.metadata.name, `${num(o, 'status.readyReplicas')}/${desired}`, since(o.metadata.creationTimestamp, now), c, i];
    },
  },
  DaemonSet: {
    columns: [
      NAME,
      col('Desired', 'The desired number of pods', 0, 'integer'),
      col('Current', 'The current number of pods', 0, 'integer'),
      col('Ready', 'The number of pods ready', 0, 'integer'),
      col('Up-to-date', 'The number of pods updated', 0, 'integer'),
      col('Available', 'The number of pods available', 0, 'integer'),
      col('Node Selector', 'Which nodes will the pods run on'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.template.spec'));
      return [
        o.metadata.name,
        num(o, 'status.desiredNumberScheduled'),
        num(o, 'status.currentNumberScheduled'),
        num(o, 'status.numberReady'),
        num(o, 'status.updatedNumberScheduled'),
        num(o, 'status.numberAvailable'),
        mapSelectorString(get(o, 'spec.template.spec.nodeSelector')),
        since(o.metadata.creationTimestamp, now),
        c,
        i,
        labelSelectorString(get(o, 'spec.selector')),
      ];
    },
  },
  ReplicaSet: {
    columns: [
      NAME,
      col('Desired', 'Number of desired pods', 0, 'integer'),
      col('Current', 'Number of actual replicas', 0, 'integer'),
      col('Ready', 'The number of ready replicas', 0, 'integer'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.template.spec'));
      const desired = typeof get(o, 'spec.replicas') === 'number' ? num(o, 'spec.replicas') : 1;
      return [
        o.metadata.name,
        desired,
        num(o, 'status.replicas'),
        num(o, 'status.readyReplicas'),
        since(o.metadata.creationTimestamp, now),
        c,
        i,
        labelSelectorString(get(o, 'spec.selector')),
      ];
    },
  },
  NetworkPolicy: {
    columns: [NAME, col('Pod-Selector', 'Pod selector for the policy.'), AGE],
    row: (o, now) => {
      const sel = labelSelectorString(get(o, 'spec.podSelector'));
      return [o.metadata.name, sel === '<none>' ? '<none>' : sel, since(o.metadata.creationTimestamp, now)];
    },
  },
  Ingress: {
    columns: [
      NAME,
      col('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
      col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'Address is a list containing ingress points for the load-balancer'),
      col('Ports', 'Ports of TLS configurations that open'),
      AGE,
    ],
    row: (o, now) => {
      const hosts = arr(o, 'spec.rules').map((r) => str(r, 'host', '*'));
      const addrs = arr(o, 'status.loadBalancer.ingress').map((i) => str(i, 'ip') || str(i, 'hostname'));
      return [
        o.metadata.name,
        str(o, 'spec.ingressClassName', '<none>'),
        hosts.length ? hosts.join(',') : '*',
        addrs.join(','),
        arr(o, 'spec.tls').length ? '80, 443' : '80',
        since(o.metadata.creationTimestamp, now),
      ];
    },
  },
  Job: {
    columns: [
      NAME,
      col('Status', 'Status of the job.'),
      col('Completions', 'The completion status of the job.'),
      col('Duration', 'Time required to complete the job.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.template.spec'));
      const conds = arr(o, 'status.conditions').filter((x) => x.status === 'True');
      const status = conds.some((x) => x.type === 'Complete')
        ? 'Complete'
        : conds.some((x) => x.type === 'Failed')
          ? 'Failed'
          : conds.some((x) => x.type === 'Suspended')
            ? 'Suspended'
            : 'Running';
      const completions = typeof get(o, 'spec.completions') === 'number' ? num(o, 'spec.completions') : 1;
      const start = get(o, 'status.startTime');
      const end = get(o, 'status.completionTime');
      const duration =
        typeof start === 'string' ? humanDuration((typeof end === 'string' ? Date.parse(end) : now) - Date.parse(start)) : '';
      return [
        o.metadata.name,
        status,
        `${num(o, 'status.succeeded')}/${completions}`,
        duration,
        since(o.metadata.creationTimestamp, now),
        c,
        i,
        labelSelectorString(get(o, 'spec.selector')),
      ];
    },
  },
  CronJob: {
    columns: [
      NAME,
      col('Schedule', 'The schedule for running the job.'),
      col('Timezone', 'The time zone for the schedule.'),
      col('Suspend', 'Whether this cron job is suspended.', 0, 'boolean'),
      col('Active', 'Number of currently running jobs.', 0, 'integer'),
      col('Last Schedule', 'When the last job was successfully scheduled.'),
      AGE,
      CONTAINERS,
      IMAGES,
      SELECTOR,
    ],
    row: (o, now) => {
      const [c, i] = containersAndImages(get(o, 'spec.jobTemplate.spec.template.spec'));
      const last = get(o, 'status.lastScheduleTime');
      return [
        o.metadata.name,
        str(o, 'spec.schedule'),
        str(o, 'spec.timeZone', '<none>'),
        get(o, 'spec.suspend') === true ? 'True' : 'False',
        arr(o, 'status.active').length,
        typeof last === 'string' ? since(last, now) : '<none>',
        since(o.metadata.creationTimestamp, now),
        c,
        i,
        labelSelectorString(get(o, 'spec.jobTemplate.spec.selector')),
      ];
    },
  },
};

const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  row: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function partialMetadata(o: StoredObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  type: ResourceType,
  objects: readonly StoredObject[],
  opts: { resourceVersion: string; includeObject?: IncludeObject; continueToken?: string; now?: number },
): unknown {
  const printer = PRINTERS[type.builtin ? type.kind : ''] ?? DEFAULT_PRINTER;
  const now = opts.now ?? Date.now();
  const include = opts.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    columnDefinitions: printer.columns,
    rows: objects.map((o) => ({
      cells: printer.row(o, now),
      ...(include === 'None' ? {} : { object: include === 'Object' ? o : partialMetadata(o) }),
    })),
  };
}
