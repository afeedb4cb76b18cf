// Looks at a live cluster the way an on-call engineer would in the first minutes: the pods of
// the monitoring components, their recent logs (bounded), restarts and termination messages,
// warning events, rke2 nodes and their etcd snapshot records; runs the matcher over all of it
// and says which runbooks apply to which workload. Reads only; bounded in time and memory.
import type { Cluster, ClusterError, KubeObject } from '../cluster/types';
import { asArray, componentsOf, isRke2Node, workloadOf, type WorkloadRef } from './components';
import { forEachLimit } from './pool';
import { Prefilter } from './prefilter';
import { Matcher, type EvidenceLine, type Ranked } from './rank';
import type { RunbookSignatures } from './signatures';

type Obj = Record<string, unknown>;

export interface ScanOptions {
  /** A namespace, or '*' for all. */
  namespace: string;
  /** Log lines read per container (kubelet tailLines). */
  tailLines?: number;
  /** Bytes kept per log read: the newest ones. */
  maxLogBytes?: number;
  /** Requests in flight at once. */
  concurrency?: number;
}

export const SCAN_DEFAULTS = { tailLines: 200, maxLogBytes: 256 * 1024, concurrency: 8 } as const;

export interface WorkloadFinding extends WorkloadRef {
  components: string[];
  pods: string[];
  runbooks: Ranked[];
}

export interface ScanProblem {
  target: string;
  reason: ClusterError['reason'];
  message: string;
}

export interface ScanReport {
  context: string;
  namespace: string;
  podsListed: number;
  /** Pods of a known component whose evidence was read. */
  podsScanned: number;
  logsRead: number;
  rke2Nodes: string[];
  /** Workloads at least one runbook applies to, best first. */
  findings: WorkloadFinding[];
  /** Reads that failed (forbidden, gone, timed out): the scan went on without them. */
  problems: ScanProblem[];
  durationMs: number;
}

interface Target {
  workload: WorkloadRef;
  components: Set<string>;
  pods: string[];
  matcher: Matcher;
}

interface LogRead {
  target: Target;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
}

/** `signatures` may still be loading: the first lists go out while they do. */
export async function scanCluster(cluster: Cluster, signatures: RunbookSignatures[] | Promise<RunbookSignatures[]>, opts: ScanOptions): Promise<{ ok: true; value: ScanReport } | { ok: false; error: ClusterError }> {
  const started = Date.now();
  const tailLines = opts.tailLines ?? SCAN_DEFAULTS.tailLines;
  const maxLogBytes = opts.maxLogBytes ?? SCAN_DEFAULTS.maxLogBytes;
  const concurrency = opts.concurrency ?? SCAN_DEFAULTS.concurrency;
  const namespace = opts.namespace;
  const problems: ScanProblem[] = [];

  const lists = Promise.all([
    cluster.list({ kind: 'Pod', namespace }),
    cluster.list({ kind: 'Event', namespace, fieldSelector: 'type=Warning' }),
    cluster.list({ kind: 'Node' }),
  ]);
  const runbooks = await signatures;
  const [pods, events, nodes] = await lists;
  if (!pods.ok) return pods;
  if (!events.ok) problems.push({ target: 'warning events', ...events.error });
  if (!nodes.ok && nodes.error.reason !== 'forbidden') problems.push({ target: 'nodes', ...nodes.error });

  const prefilter = new Prefilter(runbooks);
  const targets = new Map<string, Target>();
  const targetFor = (workload: WorkloadRef, components: string[]): Target => {
    const key = `${workload.namespace}/${workload.kind}/${workload.name}`;
    let t = targets.get(key);
    if (!t) targets.set(key, (t = { workload, components: new Set(), pods: [], matcher: new Matcher(runbooks, prefilter) }));
    for (const c of components) t.components.add(c);
    return t;
  };

  const reads: LogRead[] = [];
  const podTargets = new Map<string, Target>();
  let podsScanned = 0;
  for (const pod of pods.value) {
    const components = componentsOf(pod);
    if (components.length === 0) continue;
    podsScanned++;
    const ns = pod.metadata.namespace ?? cluster.namespace;
    const target = targetFor(workloadOf(pod), components);
    target.pods.push(pod.metadata.name);
    podTargets.set(`${ns}/${pod.metadata.name}`, target);
    const source = `${ns}/${pod.metadata.name}`;
    for (const line of statusEvidence(pod)) target.matcher.add({ text: line, source });
    for (const c of containerStatuses(pod)) {
      const name = String(c.name ?? '');
      const state = (c.state ?? {}) as Obj;
      if (!state.waiting) reads.push({ target, namespace: ns, pod: pod.metadata.name, container: name, previous: false });
      if (Number(c.restartCount ?? 0) > 0 && (c.lastState as Obj | undefined)?.terminated) {
        reads.push({ target, namespace: ns, pod: pod.metadata.name, container: name, previous: true });
      }
    }
  }

  const rke2Nodes = nodes.ok ? nodes.value.filter(isRke2Node).map((n) => n.metadata.name) : [];
  const nodeTargets = new Map(rke2Nodes.map((n) => [n, targetFor({ kind: 'Node', name: n, namespace: '' }, ['rke2'])]));

  // Warning events: about a scanned pod, its workload, or an rke2 node.
  const eventLists: KubeObject[][] = events.ok ? [events.value] : [];
  if (rke2Nodes.length && namespace !== '*') {
    // Node and etcd-snapshot events are recorded outside the scanned namespace.
    for (const ns of ['default', 'kube-system'].filter((n) => n !== namespace)) {
      const more = await cluster.list({ kind: 'Event', namespace: ns, fieldSelector: 'type=Warning' });
      if (more.ok) eventLists.push(more.value);
    }
  }
  const workloadTargets = new Map([...targets.values()].map((t) => [`${t.workload.namespace}/${t.workload.kind}/${t.workload.name}`, t]));
  for (const ev of eventLists.flat()) {
    const involved = (ev.involvedObject ?? {}) as Obj;
    const kind = String(involved.kind ?? '');
    const name = String(involved.name ?? '');
    const ns = String(involved.namespace ?? ev.metadata.namespace ?? '');
    const target =
      kind === 'Pod' ? podTargets.get(`${ns}/${name}`) : kind === 'Node' ? nodeTargets.get(name) : workloadTargets.get(`${ns}/${kind}/${name}`) ?? (rke2Nodes.length && /etcd|snapshot/i.test(kind) ? nodeTargets.get(rke2Nodes[0]!) : undefined);
    if (!target) continue;
    target.matcher.add({ text: `${String(ev.reason ?? '')}: ${String(ev.message ?? '')}`, source: `event ${kind}/${name}` });
  }

  if (rke2Nodes.length) {
    const snapshots = await cluster.list({ kind: 'ETCDSnapshotFile', apiVersion: 'k3s.cattle.io/v1' });
    if (snapshots.ok) {
      for (const s of snapshots.value) {
        const spec = (s.spec ?? {}) as Obj;
        const error = ((s.status ?? {}) as Obj).error as Obj | undefined;
        const node = String(spec.nodeName ?? rke2Nodes[0]);
        const target = nodeTargets.get(node) ?? nodeTargets.get(rke2Nodes[0]!)!;
        if (error?.message) target.matcher.add({ text: String(error.message), source: `ETCDSnapshotFile/${s.metadata.name}` });
      }
    } else if (snapshots.error.reason !== 'not-found') problems.push({ target: 'etcd snapshot files', ...snapshots.error });
  }

  let logsRead = 0;
  await forEachLimit(reads, concurrency, async (r) => {
    const got = await cluster.logs({ pod: r.pod, namespace: r.namespace, container: r.container, tail: tailLines, previous: r.previous });
    const what = `${r.namespace}/${r.pod}/${r.container}${r.previous ? ' (previous)' : ''}`;
    if (!got.ok) {
      // A container that restarted between the list and the read has no previous log: not a problem.
      if (!(r.previous && got.error.reason === 'invalid')) problems.push({ target: `logs of ${what}`, ...got.error });
      return;
    }
    logsRead++;
    const source = `${r.namespace}/${r.pod}/${r.container}${r.previous ? '@previous' : ''}`;
    for (const line of newestLines(got.value, maxLogBytes)) r.target.matcher.add({ text: line, source });
  });

  const findings: WorkloadFinding[] = [];
  for (const t of targets.values()) {
    const ranked = t.matcher.results();
    if (ranked.length) findings.push({ ...t.workload, components: [...t.components].sort(), pods: t.pods.sort(), runbooks: ranked });
  }
  findings.sort((a, b) => (b.runbooks[0]?.score ?? 0) - (a.runbooks[0]?.score ?? 0) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return {
    ok: true,
    value: { context: cluster.context, namespace, podsListed: pods.value.length, podsScanned, logsRead, rke2Nodes, findings, problems, durationMs: Date.now() - started },
  };
}

/** The newest lines of a log that fit in `maxBytes` (a partial first line is dropped). */
export function newestLines(text: string, maxBytes: number): string[] {
  let kept = text;
  if (Buffer.byteLength(text) > maxBytes) {
    kept = Buffer.from(text).subarray(-maxBytes).toString('utf8');
    kept = kept.slice(kept.indexOf('\n') + 1);
  }
  return kept.split('\n');
}

function containerStatuses(pod: KubeObject): Obj[] {
  const status = (pod.status ?? {}) as Obj;
  return [...asArray(status.initContainerStatuses), ...asArray(status.containerStatuses)];
}

/** What the pod's status says in words: waiting reasons, termination reasons and messages. */
export function statusEvidence(pod: KubeObject): EvidenceLine['text'][] {
  const out: string[] = [];
  const status = (pod.status ?? {}) as Obj;
  if (status.reason || status.message) out.push(`pod ${String(status.reason ?? '')}: ${String(status.message ?? '')}`);
  for (const c of containerStatuses(pod)) {
    const name = String(c.name ?? '');
    for (const [when, state] of [['now', c.state], ['last', c.lastState]] as const) {
      const s = (state ?? {}) as Obj;
      const waiting = s.waiting as Obj | undefined;
      const terminated = s.terminated as Obj | undefined;
      if (waiting?.reason && waiting.reason !== 'ContainerCreating') out.push(`container ${name} waiting: ${String(waiting.reason)}${waiting.message ? `: ${String(waiting.message)}` : ''}`);
      if (terminated && (terminated.exitCode !== 0 || when === 'now')) {
        out.push(`container ${name} terminated (${when}): ${String(terminated.reason ?? '')} exit ${String(terminated.exitCode ?? '?')}`);
        // The termination message is often the last error the process wrote.
        for (const line of String(terminated.message ?? '').split('\n')) if (line.trim()) out.push(line);
      }
    }
  }
  return out;
}
