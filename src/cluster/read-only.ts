// A session that may not change the cluster: writes are refused here, in the cluster layer,
// whatever the UI shows. Dry runs stay allowed (they change nothing and make the plan).
import type { Cluster } from './types';

export function readOnly(inner: Cluster, why: string): Cluster {
  return {
    ...bind(inner),
    patch: async (req) =>
      req.dryRun
        ? inner.patch(req)
        : { ok: false, error: { reason: 'forbidden', message: `context ${inner.context}: refused to change ${req.ref.kind.toLowerCase()} "${req.ref.name}": this session is read-only (${why})` } },
    kubectl: async (args, opts) => {
      const verb = mutatingVerb(args);
      if (!verb) return inner.kubectl(args, opts);
      return { ok: false, error: { reason: 'forbidden', message: `context ${inner.context}: refused \`kubectl ${verb}\`: this session is read-only (${why})` } };
    },
  };
}

/** kubectl subcommands that change a cluster (`rollout status` reads; `rollout restart` writes). */
const MUTATING = new Set(['apply', 'create', 'delete', 'patch', 'replace', 'edit', 'scale', 'autoscale', 'annotate', 'label', 'set', 'drain', 'cordon', 'uncordon', 'taint', 'expose', 'run', 'debug', 'cp', 'exec', 'attach', 'port-forward']);
const ROLLOUT_WRITES = new Set(['restart', 'undo', 'pause', 'resume']);

function mutatingVerb(args: string[]): string | undefined {
  // Flags may take values (`-n monitoring delete …`), so look at the first few words, not just one.
  const words = args.filter((a) => !a.startsWith('-')).slice(0, 3);
  for (const [i, word] of words.entries()) {
    if (MUTATING.has(word)) return word;
    const sub = words[i + 1];
    if (word === 'rollout' && sub !== undefined && ROLLOUT_WRITES.has(sub)) return `rollout ${sub}`;
  }
  return undefined;
}

/**
 * Every method forwarded by name, on purpose: a method added to Cluster does not compile until
 * it is listed here, which is where its author decides whether a read-only session may call it.
 */
function bind(inner: Cluster): Cluster {
  return {
    context: inner.context,
    namespace: inner.namespace,
    version: () => inner.version(),
    get: (ref) => inner.get(ref),
    list: (q) => inner.list(q),
    logs: (q) => inner.logs(q),
    exec: (q) => inner.exec(q),
    patch: (req) => inner.patch(req),
    resource: (kind, apiVersion) => inner.resource(kind, apiVersion),
    canI: (q) => inner.canI(q),
    kubectl: (args, opts) => inner.kubectl(args, opts),
    close: () => inner.close(),
  };
}
