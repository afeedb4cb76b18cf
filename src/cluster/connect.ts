// Opening a Cluster from the kubeconfig kubectl would use. Nothing is sent to the server here:
// the first call finds out whether it answers.

import { errorText } from './errors';
import { KubeTransport } from './http-transport';
import { KubeCluster } from './kube-cluster';
import { loadKubeconfig } from './kubeconfig';
import { neverRejects } from './never-rejects';
import type { Cluster, Result } from './types';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface ConnectOptions {
  /** A kubeconfig file; otherwise KUBECONFIG (a list), ~/.kube/config, or the in-cluster account. */
  kubeconfig?: string | undefined;
  /** Otherwise the kubeconfig's current-context. */
  context?: string | undefined;
  /** Otherwise the context's namespace, otherwise "default". */
  namespace?: string | undefined;
  /** Deadline for each request (and the default for exec and kubectl). */
  timeoutMs?: number | undefined;
}

export async function connect(opts: ConnectOptions): Promise<Result<Cluster>> {
  const loaded = loadKubeconfig(opts);
  if (!loaded.ok) return loaded;
  const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
  let transport: KubeTransport;
  try {
    transport = await KubeTransport.create(loaded.value.kc, loaded.value.server, { timeoutMs });
  } catch (err) {
    return { ok: false, error: { reason: 'invalid', message: `context ${loaded.value.context}: cannot use this kubeconfig: ${errorText(err)}` } };
  }
  return { ok: true, value: neverRejects(new KubeCluster(loaded.value, transport, timeoutMs)) };
}
