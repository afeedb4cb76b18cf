// `runbook scan [-n NS | -A] [--json]`: which runbooks apply to which workloads of a live cluster.
import { connect } from '../cluster/connect';
import type { FailureReason } from '../cluster/types';
import { formatRanking } from '../match/format';
import { loadSignatures } from '../match/library';
import { scanCluster, type ScanReport } from '../match/scan';
import { sanitizeLine } from '../session/sanitize';
import { EXIT, type Io } from './exit-codes';

export interface ScanCommandOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  namespace?: string | undefined;
  allNamespaces: boolean;
  json: boolean;
}

export async function scanCommand(opts: ScanCommandOptions, io: Io): Promise<number> {
  if (opts.allNamespaces && opts.namespace) {
    io.stderr.write('runbook: scan takes -n NAMESPACE or -A, not both\n');
    return EXIT.usage;
  }
  // Reading the runbooks takes as long as the first lists: do both at once.
  const loading = loadSignatures().then((library) => {
    for (const p of library.problems) io.stderr.write(`runbook: warning: ${p.runbook}: ${p.message}\n`);
    return library.runbooks;
  });
  const connected = await connect({ kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace });
  if (!connected.ok) {
    await loading;
    io.stderr.write(`runbook: ${connected.error.message}\n`);
    return connected.error.reason === 'invalid' ? EXIT.usage : EXIT.cluster;
  }
  const cluster = connected.value;
  try {
    const scanned = await scanCluster(cluster, loading, { namespace: opts.allNamespaces ? '*' : cluster.namespace });
    if (!scanned.ok) {
      io.stderr.write(`runbook: context ${cluster.context}: cannot list pods: ${scanned.error.message}\n`);
      return isClusterFailure(scanned.error.reason) ? EXIT.cluster : EXIT.usage;
    }
    const report = scanned.value;
    if (opts.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(formatScan(report));
    return report.findings.length ? EXIT.done : EXIT.problem;
  } finally {
    cluster.close();
  }
}

function isClusterFailure(reason: FailureReason): boolean {
  return reason === 'unreachable' || reason === 'forbidden' || reason === 'unauthorized' || reason === 'timeout';
}

export function formatScan(r: ScanReport): string {
  const scope = r.namespace === '*' ? 'all namespaces' : `namespace ${r.namespace}`;
  let out = `context ${sanitizeLine(r.context)}, ${scope}: ${r.podsScanned} of ${r.podsListed} pods are monitoring components; ${r.logsRead} logs read in ${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.rke2Nodes.length) out += `; ${r.rke2Nodes.length} rke2 node(s)`;
  out += '\n';
  if (r.findings.length === 0) out += '\nno runbook applies to what the scan found\n';
  for (const f of r.findings) {
    const where = f.kind === 'Node' ? `Node ${f.name}` : `${f.namespace}/${f.kind} ${f.name}`;
    out += `\n${sanitizeLine(where)}  [${f.components.join(', ')}]  pods: ${sanitizeLine(f.pods.slice(0, 3).join(', '))}${f.pods.length > 3 ? ` +${f.pods.length - 3}` : ''}\n`;
    out += formatRanking(f.runbooks, '  ');
  }
  if (r.problems.length) {
    out += `\n${r.problems.length} read(s) failed:\n`;
    for (const p of r.problems.slice(0, 10)) out += `  ${p.reason.padEnd(12)} ${sanitizeLine(p.target)}: ${sanitizeLine(p.message)}\n`;
    if (r.problems.length > 10) out += `  … ${r.problems.length - 10} more (see --json)\n`;
  }
  if (r.findings[0]?.runbooks[0]) {
    const f = r.findings[0];
    out += `\nnext: runbook run ${f.runbooks[0]!.id}${f.namespace ? ` -n ${f.namespace}` : ''}\n`;
  }
  return out;
}
