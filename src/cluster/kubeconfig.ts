// Finding and loading the kubeconfig the way kubectl does: --kubeconfig, else every file in
// KUBECONFIG merged (first definition of a name wins, missing files skipped), else
// ~/.kube/config, else the in-cluster service account.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster as KubeconfigCluster, Context as KubeconfigContext, User as KubeconfigUser } from '@kubernetes/client-node';
import { errorText } from './errors';
import type { ClusterError, Result } from './types';

export interface KubeconfigOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  namespace?: string | undefined;
}

export interface LoadedKubeconfig {
  kc: KubeConfig;
  context: string;
  namespace: string;
  server: string;
  /** The file kubectl must be pointed at; undefined when the environment already points it there. */
  kubeconfigFile: string | undefined;
  /** Loaded from the pod's service account: kubectl finds it by itself and knows no context name. */
  inCluster: boolean;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function invalid(message: string): { ok: false; error: ClusterError } {
  return { ok: false, error: { reason: 'invalid', message } };
}

function parseFile(file: string): Result<KubeConfig> {
  if (!fs.existsSync(file)) return invalid(`kubeconfig ${file}: no such file`);
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    return invalid(parseFailure(file, err));
  }
  return { ok: true, value: kc };
}

/**
 * `kubeconfig FILE:LINE:COLUMN: cannot parse: REASON` for a YAML error (js-yaml marks its
 * position, 0-based); otherwise the first line of what client-node said. Never the source
 * excerpt js-yaml appends: it would copy the file's bytes, control characters included, to the terminal.
 */
function parseFailure(file: string, err: unknown): string {
  const { mark, reason } = (err ?? {}) as { mark?: { line?: unknown; column?: unknown }; reason?: unknown };
  if (typeof mark?.line === 'number' && typeof mark.column === 'number' && typeof reason === 'string') {
    return `kubeconfig ${file}:${mark.line + 1}:${mark.column + 1}: cannot parse: ${reason}`;
  }
  return `kubeconfig ${file}: cannot parse: ${errorText(err).split('\n')[0]}`;
}

function firstWins<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}

function mergeKubeconfigs(parts: KubeConfig[]): KubeConfig {
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstWins<KubeconfigCluster>(parts.map((p) => p.getClusters())),
    users: firstWins<KubeconfigUser>(parts.map((p) => p.getUsers())),
    contexts: firstWins<KubeconfigContext>(parts.map((p) => p.getContexts())),
    currentContext: parts.map((p) => p.getCurrentContext()).find((c) => c) ?? '',
  });
  return merged;
}

function loadFromEnvironmentList(list: string): Result<KubeConfig> {
  const files = list.split(path.delimiter).filter((f) => f);
  const present = files.filter((f) => fs.existsSync(f));
  if (present.length === 0) return invalid(`none of the KUBECONFIG files exist: ${files.join(', ')}`);
  const parts: KubeConfig[] = [];
  for (const file of present) {
    const parsed = parseFile(file);
    if (!parsed.ok) return parsed;
    parts.push(parsed.value);
  }
  return { ok: true, value: mergeKubeconfigs(parts) };
}

function loadSource(opts: KubeconfigOptions, env: NodeJS.ProcessEnv): Result<{ kc: KubeConfig; file: string | undefined; inCluster?: boolean }> {
  if (opts.kubeconfig) {
    const file = path.resolve(opts.kubeconfig);
    const parsed = parseFile(file);
    return parsed.ok ? { ok: true, value: { kc: parsed.value, file } } : parsed;
  }
  if (env.KUBECONFIG) {
    const loaded = loadFromEnvironmentList(env.KUBECONFIG);
    return loaded.ok ? { ok: true, value: { kc: loaded.value, file: undefined } } : loaded;
  }
  const home = env.HOME || os.homedir();
  const homeConfig = path.join(home, '.kube', 'config');
  if (fs.existsSync(homeConfig)) {
    const parsed = parseFile(homeConfig);
    return parsed.ok ? { ok: true, value: { kc: parsed.value, file: undefined } } : parsed;
  }
  if (fs.existsSync(IN_CLUSTER_TOKEN)) {
    const kc = new KubeConfig();
    try {
      kc.loadFromCluster();
    } catch (err) {
      return invalid(`in-cluster configuration: ${errorText(err)}`);
    }
    return { ok: true, value: { kc, file: undefined, inCluster: true } };
  }
  return invalid('no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config');
}

export function loadKubeconfig(opts: KubeconfigOptions, env: NodeJS.ProcessEnv = process.env): Result<LoadedKubeconfig> {
  const source = loadSource(opts, env);
  if (!source.ok) return source;
  const { kc, file, inCluster = false } = source.value;
  const where = file ? `kubeconfig ${file}` : 'kubeconfig';
  const available = kc.getContexts().map((c) => c.name);
  const availableText = available.length ? available.join(', ') : 'none';

  const contextName = opts.context || kc.getCurrentContext();
  if (!contextName) return invalid(`${where}: no current context; pass --context (available contexts: ${availableText})`);
  const context = kc.getContextObject(contextName);
  if (!context) return invalid(`${where}: context "${contextName}" not found (available contexts: ${availableText})`);
  kc.setCurrentContext(contextName);

  const cluster = kc.getCurrentCluster();
  if (!cluster) return invalid(`context ${contextName}: cluster "${context.cluster}" is not defined in the ${where}`);
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    return invalid(`context ${contextName}: cluster "${cluster.name}" has no valid server URL (${JSON.stringify(cluster.server)})`);
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') {
    return invalid(`context ${contextName}: unsupported server URL ${cluster.server}`);
  }

  return {
    ok: true,
    value: {
      kc,
      context: contextName,
      namespace: opts.namespace || context.namespace || 'default',
      server: cluster.server,
      kubeconfigFile: file,
      inCluster,
    },
  };
}
