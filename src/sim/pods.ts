// What the kubelet would say about a pod's containers, for logs and exec.
import { badRequest } from './status';
import type { StoredObject } from './store';

type Obj = Record<string, unknown>;

function names(pod: StoredObject, field: string): string[] {
  const spec = (pod.spec ?? {}) as Obj;
  const list = spec[field];
  return Array.isArray(list) ? list.map((c) => String((c as Obj).name ?? '')) : [];
}

export function containerNames(pod: StoredObject): { containers: string[]; init: string[]; ephemeral: string[] } {
  return { containers: names(pod, 'containers'), init: names(pod, 'initContainers'), ephemeral: names(pod, 'ephemeralContainers') };
}

/**
 * The container a logs/exec request is about, validated the way the API server's pod strategy
 * does it: one container is the default; several need an explicit name.
 */
export function resolveContainer(pod: StoredObject, requested: string | undefined, purpose: 'logs' | 'exec'): string {
  const { containers, init, ephemeral } = containerNames(pod);
  const name = pod.metadata.name;
  if (!requested) {
    if (containers.length === 1) return containers[0]!;
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
    if (init.length > 0) msg += ` or one of the init containers: [${init.join(' ')}]`;
    if (purpose === 'logs' && ephemeral.length > 0) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(msg);
  }
  if (![...containers, ...init, ...ephemeral].includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** `ranBefore`: a waiting container that has run (CrashLoopBackOff): the kubelet still serves its last run's log. */
export type ContainerState = { state: 'running' } | { state: 'waiting'; reason: string; ranBefore: boolean } | { state: 'terminated'; reason: string };

/** The container's current state from status.*ContainerStatuses, or from the pod phase when absent. */
export function containerState(pod: StoredObject, container: string): ContainerState {
  const status = (pod.status ?? {}) as Obj;
  for (const field of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const list = status[field];
    if (!Array.isArray(list)) continue;
    const cs = list.find((c) => (c as Obj).name === container) as Obj | undefined;
    if (!cs) continue;
    const st = (cs.state ?? {}) as Obj;
    if (st.running) return { state: 'running' };
    if (st.terminated) return { state: 'terminated', reason: String((st.terminated as Obj).reason ?? 'Error') };
    if (st.waiting) {
      const ranBefore = Boolean(((cs.lastState ?? {}) as Obj).terminated) || Number(cs.restartCount ?? 0) > 0;
      return { state: 'waiting', reason: String((st.waiting as Obj).reason ?? 'ContainerCreating'), ranBefore };
    }
  }
  const phase = String(status.phase ?? 'Pending');
  if (phase === 'Running') return { state: 'running' };
  if (phase === 'Succeeded' || phase === 'Failed') return { state: 'terminated', reason: phase === 'Succeeded' ? 'Completed' : 'Error' };
  return { state: 'waiting', reason: 'ContainerCreating', ranBefore: false };
}

export interface LogQuery {
  tailLines?: number;
  limitBytes?: number;
  previous: boolean;
}

function intParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  return Number(raw);
}

export function parseLogQuery(params: URLSearchParams): LogQuery {
  const q: LogQuery = { previous: params.get('previous') === 'true' || params.get('previous') === '1' };
  const tail = intParam(params, 'tailLines');
  const limit = intParam(params, 'limitBytes');
  if (tail !== undefined) {
    if (tail < 0) throw badRequest('PodLogOptions "" is invalid: tailLines: Invalid value: ' + tail + ': must be greater than or equal to 0');
    q.tailLines = tail;
  }
  if (limit !== undefined) {
    if (limit < 1) throw badRequest('PodLogOptions "" is invalid: limitBytes: Invalid value: ' + limit + ': must be greater than 0');
    q.limitBytes = limit;
  }
  return q;
}

/** Log text as the kubelet serves it: the last `tailLines` lines, cut at `limitBytes`. */
export function renderLogs(text: string, q: LogQuery): string {
  let out = text;
  if (q.tailLines !== undefined) {
    const lines = out.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const kept = q.tailLines === 0 ? [] : lines.slice(-q.tailLines);
    out = kept.length ? `${kept.join('\n')}\n` : '';
  }
  if (q.limitBytes !== undefined) out = Buffer.from(out).subarray(0, q.limitBytes).toString('utf8');
  return out;
}

/** The log text for a container, or the kubelet's error when there is none to give. */
export function containerLogs(
  logs: Readonly<Record<string, string>>,
  pod: StoredObject,
  container: string,
  q: LogQuery,
): string {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}/${container}`;
  if (q.previous) {
    const prev = logs[`${key}@previous`];
    if (prev === undefined) throw badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    return renderLogs(prev, q);
  }
  const st = containerState(pod, container);
  if (st.state === 'waiting' && !st.ranBefore) throw badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${st.reason}`);
  return renderLogs(logs[key] ?? '', q);
}
