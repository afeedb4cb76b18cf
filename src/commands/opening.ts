// `runbook` with no arguments: the opening screen (filter, paste, or scan), then the walk of the
// runbook chosen, against the context and namespace chosen, with the parameters picked.
import { connect } from '../cluster/connect';
import { loadKubeconfig } from '../cluster/kubeconfig';
import type { Cluster } from '../cluster/types';
import { loadSignatures } from '../match/library';
import { scanCluster } from '../match/scan';
import { loadRunbook } from '../runbook/load';
import { listRunbookDirs } from '../runbook/library';
import type { Runbook } from '../runbook/schema';
import type { Loaded, OpeningData, OpeningRunbook } from '../ui/opening/opening-screen';
import { discoverCandidates } from '../walk/params';
import { EXIT, type Io } from './exit-codes';
import { walkRunbook } from './run';

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
  const kubeconfig = loadKubeconfig({ kubeconfig: opts.kubeconfig });
  if (!kubeconfig.ok) {
    io.stderr.write(`runbook: ${kubeconfig.error.message}\n`);
    return kubeconfig.error.reason === 'invalid' ? EXIT.usage : EXIT.cluster;
  }
  const runbooks: Runbook[] = [];
  for (const entry of listRunbookDirs()) {
    const loaded = await loadRunbook(entry.dir);
    if (loaded.ok) runbooks.push(loaded.runbook);
  }
  const library = await loadSignatures();
  const clusters = new Map<string, Promise<Loaded<Cluster>>>();
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
      const scanned = await scanCluster(cluster.value, library.runbooks, { namespace });
      return scanned.ok ? scanned : { ok: false, message: scanned.error.message };
    },
  };
  const { renderOpening } = await import('../ui/opening/render-opening');
  const choice = await renderOpening({ runbooks: runbooks.map(toOpening), signatures: library.runbooks, data });
  for (const c of clusters.values()) void c.then((r) => r.ok && r.value.close());
  if (!choice) return EXIT.done;
  const runbook = byId.get(choice.runbook)!;
  const connected = await connect({ kubeconfig: opts.kubeconfig, context: choice.context, namespace: choice.namespace });
  if (!connected.ok) {
    io.stderr.write(`runbook: ${connected.error.message}\n`);
    return EXIT.cluster;
  }
  return walkRunbook(runbook, connected.value, { runbook: runbook.id, kubeconfig: opts.kubeconfig, context: choice.context, namespace: choice.namespace, set: choice.set, yes: false, json: false, interactive: true }, io);
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
