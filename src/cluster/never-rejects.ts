// The Cluster contract says nothing rejects. The implementation classifies every failure it
// knows of; this wrapper turns anything it did not foresee into an 'error' result as well.

import { clusterError, errorText } from './errors';
import type { Cluster, Result } from './types';

export function neverRejects(inner: Cluster): Cluster {
  const guard =
    <A extends unknown[], T>(operation: string, fn: (...args: A) => Promise<Result<T>>) =>
    async (...args: A): Promise<Result<T>> => {
      try {
        return await fn.apply(inner, args);
      } catch (err) {
        return { ok: false, error: clusterError('error', inner.context, operation, `unexpected failure: ${errorText(err)}`) };
      }
    };
  return {
    context: inner.context,
    namespace: inner.namespace,
    version: guard('version', inner.version),
    get: guard('get', inner.get),
    list: guard('list', inner.list),
    logs: guard('logs', inner.logs),
    exec: guard('exec', inner.exec),
    patch: guard('patch', inner.patch),
    canI: guard('canI', inner.canI),
    resource: guard('resource', inner.resource),
    kubectl: guard('kubectl', inner.kubectl),
    close: () => {
      try {
        inner.close();
      } catch {
        // closing twice or a socket already gone: nothing left to release
      }
    },
  };
}
