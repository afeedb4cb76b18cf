// A runbook's parameters: given with --set, else the runbook's default, else discovered from
// the cluster (the first matching object, running pods first).
import type { Cluster, KubeObject } from '../cluster/types';
import { asText, queryJson } from '../engine/values';
import type { Param, Runbook } from '../runbook/schema';

export interface ParamSource {
  name: string;
  value: string;
  from: 'given' | 'default' | 'discovered';
  /** For discovered values: what else matched, so the operator knows there was a choice. */
  candidates?: string[];
}

/** `cluster`: the cluster could not be asked (unreachable, unauthorized, forbidden); otherwise a missing value. */
export type ParamResult = { ok: true; params: Record<string, string>; sources: ParamSource[] } | { ok: false; message: string; cluster?: boolean };

export async function resolveParams(runbook: Runbook, given: Record<string, string>, cluster: Cluster, namespace: string): Promise<ParamResult> {
  const params: Record<string, string> = { ...given, namespace, context: cluster.context };
  const sources: ParamSource[] = [];
  for (const [name, spec] of Object.entries(runbook.params)) {
    if (given[name] !== undefined) {
      sources.push({ name, value: given[name]!, from: 'given' });
      continue;
    }
    if (spec.default !== undefined) {
      params[name] = spec.default;
      sources.push({ name, value: spec.default, from: 'default' });
      continue;
    }
    if (!spec.discover) return { ok: false, message: `parameter "${name}" has no value: pass --set ${name}=VALUE${spec.description ? ` (${spec.description})` : ''}` };
    const found = await discoverCandidates(name, spec.discover, cluster, namespace);
    if (!found.ok) return found;
    const { candidates } = found;
    params[name] = candidates[0]!;
    sources.push({ name, value: candidates[0]!, from: 'discovered', candidates });
  }
  return { ok: true, params, sources };
}

/** The values a parameter can take in this namespace, likeliest first; never empty when ok. */
export async function discoverCandidates(
  name: string,
  discover: NonNullable<Param['discover']>,
  cluster: Cluster,
  namespace: string,
): Promise<{ ok: true; candidates: string[] } | { ok: false; message: string; cluster?: boolean }> {
  const { kind, apiVersion, labelSelector, jsonpath } = discover;
  const listed = await cluster.list({ kind, apiVersion, namespace, labelSelector });
  const where = `${kind} objects${labelSelector ? ` matching ${labelSelector}` : ''} in namespace "${namespace}" (context ${cluster.context})`;
  if (!listed.ok) return { ok: false, message: `cannot discover parameter "${name}": listing ${where}: ${listed.error.message}`, cluster: true };
  const candidates = rank(listed.value).flatMap((o) => {
    const value = jsonpath ? queryJson(o, jsonpath).map(asText)[0] : o.metadata.name;
    return value ? [value] : [];
  });
  if (candidates.length === 0) return { ok: false, message: `cannot discover parameter "${name}": no ${where}; pass --set ${name}=VALUE` };
  return { ok: true, candidates };
}

/** Running pods first, then by name: the likeliest thing an operator means. */
function rank(objects: KubeObject[]): KubeObject[] {
  const running = (o: KubeObject) => ((o.status as { phase?: string } | undefined)?.phase === 'Running' ? 0 : 1);
  return [...objects].sort((a, b) => running(a) - running(b) || a.metadata.name.localeCompare(b.metadata.name));
}
