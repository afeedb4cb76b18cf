// `runbook` with no arguments: the opening screen (filter, paste, or scan), then the walk of the
// runbook chosen, against the context and namespace chosen, with the parameters picked.
// The screen is drawn first; the kubeconfig, the runbooks and the cluster client load behind it.
import type { Cluster } from '../cluster/types';
import type { Runbook } from '../runbook/schema';
import type { OpeningLibrary } from '../ui/opening/render-opening';
import type { Loaded, OpeningData, OpeningRunbook } from '../ui/opening/opening-screen';
import { EXIT, type Io } from './exit-codes';

const SPLASH = ['\u001b[1mrunbook — what do you see?\u001b[22m', '\u001b[2mloading the runbooks and the kubeconfig…\u001b[22m'];

export interface OpeningOptions {
  kubeconfig?: string | undefined;
  /** A terminal is attached. */
  interactive: boolean;
}

export async function openingCommand(opts: OpeningOptions, io: Io): Promise<number> {
  if (!opts.interactive) {
    io.stderr.write('runbook: the opening screen needs a terminal; use `runbook match`, `runbook scan` or `runbook run ID` (see runbook --help)\n');
    return EXIT.usage;
  }
  // Ink and React take most of a second to load: the first frame is written before they are, and
  // Ink draws over it (the same two lines its own loading frame shows).
  io.stdout.write(`${SPLASH.join('\n')}\n`);
  const { renderOpening } = await import('../ui/opening/render-opening');
  io.stdout.write(`\u001b[${SPLASH.length}A\u001b[J`);
  const clusters = new Map<string, Promise<Loaded<Cluster>>>();
  const library = loadLibrary(opts, clusters);
  const outcome = await renderOpening(library);
  for (const c of clusters.values()) void c.then((r) => r.ok && r.value.close());
  if (!outcome.ok) {
    io.stderr.write(`runbook: ${outcome.message}\n`);
    return outcome.code;
  }
  const choice = outcome.choice;
  if (!choice) return EXIT.done;
  const loaded = await library;
  const runbook = loaded.ok ? loaded.runbooks?.find((r) => r.id === choice.runbook) : undefined;
  if (!runbook) return EXIT.usage;
  const [{ connect }, { walkRunbook }] = await Promise.all([import('../cluster/connect'), import('./run')]);
  const connected = await connect({ kubeconfig: opts.kubeconfig, context: choice.context, namespace: choice.namespace });
  if (!connected.ok) {
    io.stderr.write(`runbook: ${connected.error.message}\n`);
    return EXIT.cluster;
  }
  return walkRunbook(runbook, connected.value, { runbook: runbook.id, kubeconfig: opts.kubeconfig, context: choice.context, namespace: choice.namespace, set: choice.set, yes: false, json: false, interactive: true }, io);
}

/** Everything the screen needs beyond its first frame. */
async function loadLibrary(opts: OpeningOptions, clusters: Map<string, Promise<Loaded<Cluster>>>): Promise<OpeningLibrary & { runbooks?: Runbook[] }> {
  const [{ loadKubeconfig }, { connect }, { loadSignatures }, { scanCluster }, { discoverCandidates }] = await Promise.all([
    import('../cluster/kubeconfig'),
    import('../cluster/connect'),
    import('../match/library'),
    import('../match/scan'),
    import('../walk/params'),
  ]);
  const kubeconfig = loadKubeconfig({ kubeconfig: opts.kubeconfig });
  if (!kubeconfig.ok) return { ok: false, message: kubeconfig.error.message, code: kubeconfig.error.reason === 'invalid' ? EXIT.usage : EXIT.cluster };
  // Each runbook is read once: the list, the signatures for pasted lines and scans, the walk.
  const signatures = await loadSignatures();
  const runbooks = signatures.definitions;
  const clusterFor = (context: string, namespace?: string): Promise<Loaded<Cluster>> => {
    const key = `${context}\u0000${namespace ?? ''}`;
    if (!clusters.has(key)) {
      clusters.set(key, connect({ kubeconfig: opts.kubeconfig, context, namespace }).then((r) => (r.ok ? { ok: true, value: r.value } : { ok: false, message: r.error.message })));
    }
    return clusters.get(key)!;
  };
  const byId = new Map(runbooks.map((r) => [r.id, r]));
  const kc = kubeconfig.value.kc;
  const data: OpeningData = {
    contexts: { names: kc.getContexts().map((c) => c.name), current: kubeconfig.value.context },
    async namespaces(context) {
      const cluster = await clusterFor(context);
      if (!cluster.ok) return cluster;
      const listed = await cluster.value.list({ kind: 'Namespace' });
      // Without permission to list namespaces, the context's own is still a choice.
      if (!listed.ok) return listed.error.reason === 'forbidden' ? { ok: true, value: { names: [cluster.value.namespace], current: cluster.value.namespace } } : { ok: false, message: listed.error.message };
      return { ok: true, value: { names: listed.value.map((n) => n.metadata.name).sort(), current: cluster.value.namespace } };
    },
    async discover(context, namespace, id, param) {
      const cluster = await clusterFor(context);
      const spec = byId.get(id)?.params[param]?.discover;
      if (!cluster.ok) return cluster;
      if (!spec) return { ok: false, message: `parameter ${param} of ${id} cannot be discovered` };
      const found = await discoverCandidates(param, spec, cluster.value, namespace);
      return found.ok ? { ok: true, value: found.candidates } : found;
    },
    async scan(context, namespace) {
      const cluster = await clusterFor(context);
      if (!cluster.ok) return cluster;
      const scanned = await scanCluster(cluster.value, signatures.runbooks, { namespace });
      return scanned.ok ? scanned : { ok: false, message: scanned.error.message };
    },
  };
  return { ok: true, screen: { runbooks: runbooks.map(toOpening), signatures: signatures.runbooks, data }, runbooks };
}

export function toOpening(r: Runbook): OpeningRunbook {
  return {
    id: r.id,
    title: r.title,
    namespace: r.params.namespace?.default,
    params: Object.entries(r.params)
      .filter(([name]) => name !== 'namespace')
      .map(([name, p]) => ({ name, description: p.description, default: p.default, discoverable: !!p.discover && p.default === undefined })),
  };
}
