// `scanCluster` against a simulated fleet of a few hundred pods: the broken workload is found with
// its evidence, healthy ones are not reported, and reads stay within the concurrency bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetScenario } from '../../bench/fleet';
import { connect } from '../../src/cluster/connect';
import type { Cluster } from '../../src/cluster/types';
import { loadSignatures } from '../../src/match/library';
import { scanCluster } from '../../src/match/scan';
import type { RunbookSignatures } from '../../src/match/signatures';
import { builtinRunbooksDir } from '../../src/runbook/library';
import { parseScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';

const PODS = 300;
const fleet = fleetScenario(PODS);
let sim: SimServer;
let dir: string;
let cluster: Cluster;
let runbooks: RunbookSignatures[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-scan-'));
  sim = await startSim(await parseScenario(fleet.yaml, join(dir, 'fleet.yaml')));
  await sim.writeKubeconfig(join(dir, 'kubeconfig'));
  const connected = await connect({ kubeconfig: join(dir, 'kubeconfig'), timeoutMs: 10_000 });
  if (!connected.ok) throw new Error(connected.error.message);
  cluster = connected.value;
  runbooks = (await loadSignatures([builtinRunbooksDir()])).runbooks;
}, 60_000);

afterAll(async () => {
  cluster?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same cluster, counting log reads in flight. */
function counting(inner: Cluster): Cluster & { maxInFlight: number } {
  let inFlight = 0;
  const wrapped = Object.create(inner) as Cluster & { maxInFlight: number };
  wrapped.maxInFlight = 0;
  wrapped.logs = async (q) => {
    wrapped.maxInFlight = Math.max(wrapped.maxInFlight, ++inFlight);
    try {
      return await inner.logs(q);
    } finally {
      inFlight--;
    }
  };
  return wrapped;
}

describe('scan of a simulated fleet', () => {
  it('finds the broken sidecar with its evidence, nothing on healthy workloads, within the read bound', async () => {
    const probe = counting(cluster);
    const scanned = await scanCluster(probe, runbooks, { namespace: '*', concurrency: 4, tailLines: 50 });
    if (!scanned.ok) throw new Error(scanned.error.message);
    const report = scanned.value;
    expect(report.podsListed).toBe(fleet.pods);
    // Only monitoring components are read: the application pods are listed, never read.
    expect(report.podsScanned).toBe(Math.floor(PODS / 10) + 2);
    expect(report.problems).toEqual([]);
    expect(probe.maxInFlight).toBeLessThanOrEqual(4);
    expect(probe.maxInFlight).toBeGreaterThan(1);

    const sidecar = report.findings.find((f) => f.name === 'prometheus-shard-1');
    expect(sidecar?.runbooks[0]?.id).toBe('thanos-sidecar-upload-permission');
    expect(sidecar?.runbooks[0]?.matched[0]).toMatchObject({ how: 'regex', source: 'monitoring/prometheus-shard-1-0/thanos-sidecar', count: 2 });
    // Every finding is one of the two broken workloads (a runbook not installed finds nothing).
    const known = new Set(runbooks.map((r) => r.id));
    const expected = fleet.broken.filter((b) => known.has(b.runbook)).map((b) => `${b.namespace}/${b.kind}/${b.name}`);
    expect(report.findings.map((f) => `${f.namespace}/${f.kind}/${f.name}`).sort()).toEqual(expected.sort());
  }, 60_000);

  it('scans one namespace only when asked', async () => {
    const scanned = await scanCluster(cluster, runbooks, { namespace: 'apps-0' });
    if (!scanned.ok) throw new Error(scanned.error.message);
    expect(scanned.value.podsScanned).toBe(0);
    expect(scanned.value.findings).toEqual([]);
  }, 60_000);
});
