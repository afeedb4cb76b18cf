// A simulated cluster of any size for `runbook scan`: one Prometheus shard (prometheus +
// thanos-sidecar + config-reloader) per ten pods, the rest application pods, a Thanos compactor
// and store gateway. Two things are broken, with real log lines (test/match/corpus.yaml):
// shard 1's sidecar cannot hard-link blocks (thanos#6811) and the compactor halted on
// overlapping blocks (thanos#5523). Everything else logs benign lines from the same corpus.
//
//   npx tsx bench/fleet.ts 500 > /tmp/fleet.yaml
//   node bin/runbook.js sim /tmp/fleet.yaml --kubeconfig-out /tmp/fleet.kubeconfig
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

interface CorpusEntry {
  runbook: string | null;
  source: string;
  text: string;
}

const corpusFile = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'test', 'match', 'corpus.yaml');

/** Log lines per container: what `kubectl logs --tail` would return at most. */
const LINES_PER_LOG = 150;

export interface Fleet {
  yaml: string;
  pods: number;
  /** Workloads the scan should report, with the runbook each should get first. */
  broken: { namespace: string; kind: string; name: string; runbook: string }[];
}

export function fleetScenario(totalPods: number): Fleet {
  const corpus = parse(readFileSync(corpusFile, 'utf8')) as CorpusEntry[];
  const benign = corpus.filter((e) => !e.runbook).map((e) => e.text.replace(/\n/g, ' '));
  const line = (runbook: string, source: string) => corpus.find((e) => e.runbook === runbook && e.source.endsWith(source))!.text;
  const hardLink = line('thanos-sidecar-upload-permission', '/issues/6811');
  const overlap = line('thanos-compactor-overlapping-blocks', '/issues/5523');
  const filler = (seed: number, extra: string[] = []) => {
    const out: string[] = [];
    for (let i = 0; out.length < LINES_PER_LOG - extra.length; i++) out.push(benign[(seed + i) % benign.length]!);
    return [...out, ...extra].join('\n') + '\n';
  };

  const objects: unknown[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } }];
  const logs: Record<string, string> = {};
  const shards = Math.max(2, Math.floor(totalPods / 10));
  const fixed = 2; // compactor + store gateway
  const apps = Math.max(0, totalPods - shards - fixed);
  const appNamespaces = Math.max(1, Math.ceil(apps / 100));
  for (let n = 0; n < appNamespaces; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `apps-${n}` } });

  for (let s = 0; s < shards; s++) {
    const name = `prometheus-shard-${s}-0`;
    const sts = `prometheus-shard-${s}`;
    objects.push(
      pod(name, 'monitoring', { kind: 'StatefulSet', name: sts }, { 'app.kubernetes.io/name': 'prometheus' }, [
        { name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.53.0' },
        { name: 'thanos-sidecar', image: 'quay.io/thanos/thanos:v0.36.1', args: ['sidecar', '--tsdb.path=/prometheus'] },
        { name: 'config-reloader', image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0' },
      ]),
    );
    logs[`monitoring/${name}/prometheus`] = filler(s);
    logs[`monitoring/${name}/thanos-sidecar`] = filler(s + 1, s === 1 ? [hardLink, hardLink] : []);
    logs[`monitoring/${name}/config-reloader`] = filler(s + 2);
  }
  objects.push(
    pod('thanos-compact-0', 'monitoring', { kind: 'StatefulSet', name: 'thanos-compact' }, { 'app.kubernetes.io/name': 'thanos-compact' }, [
      { name: 'thanos', image: 'quay.io/thanos/thanos:v0.36.1', args: ['compact', '--wait'] },
    ], 4),
    pod('thanos-store-0', 'monitoring', { kind: 'StatefulSet', name: 'thanos-store' }, { 'app.kubernetes.io/name': 'thanos-store' }, [
      { name: 'thanos', image: 'quay.io/thanos/thanos:v0.36.1', args: ['store'] },
    ]),
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'thanos-compact-0.restart', namespace: 'monitoring' },
      involvedObject: { kind: 'Pod', name: 'thanos-compact-0', namespace: 'monitoring' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container thanos in pod thanos-compact-0_monitoring',
    },
  );
  logs['monitoring/thanos-compact-0/thanos'] = filler(7, [overlap]);
  logs['monitoring/thanos-compact-0/thanos@previous'] = filler(8, [overlap]);
  logs['monitoring/thanos-store-0/thanos'] = filler(9);

  for (let a = 0; a < apps; a++) {
    const ns = `apps-${a % appNamespaces}`;
    const deployment = `web-${Math.floor(a / 3)}`;
    objects.push(pod(`${deployment}-7d9f8c6b5d-${String(a).padStart(5, '0')}`, ns, { kind: 'ReplicaSet', name: `${deployment}-7d9f8c6b5d` }, { app: deployment }, [{ name: 'web', image: 'docker.io/library/nginx:1.27' }]));
  }

  const scenario = {
    description: `a fleet of ${totalPods} pods: ${shards} Prometheus shards with Thanos sidecars, a compactor, a store gateway, ${apps} application pods`,
    cluster: { namespace: 'monitoring', context: 'sim-fleet' },
    objects,
    logs,
  };
  return {
    yaml: stringify(scenario, { lineWidth: 0 }),
    pods: shards + fixed + apps,
    broken: [
      { namespace: 'monitoring', kind: 'StatefulSet', name: 'prometheus-shard-1', runbook: 'thanos-sidecar-upload-permission' },
      { namespace: 'monitoring', kind: 'StatefulSet', name: 'thanos-compact', runbook: 'thanos-compactor-overlapping-blocks' },
    ],
  };
}

function pod(name: string, namespace: string, owner: { kind: string; name: string }, labels: Record<string, string>, containers: { name: string; image: string; args?: string[] }[], restarts = 0) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true }] },
    spec: { containers },
    status: {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({
        name: c.name,
        ready: true,
        restartCount: restarts,
        image: c.image,
        state: { running: { startedAt: '2025-03-04T05:00:00Z' } },
        ...(restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-03-04T04:59:00Z' } } } : {}),
      })),
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number.parseInt(process.argv[2] ?? '500', 10);
  if (!Number.isInteger(n) || n < 4) {
    process.stderr.write('usage: npx tsx bench/fleet.ts PODS (at least 4) > fleet.yaml\n');
    process.exit(2);
  }
  process.stdout.write(fleetScenario(n).yaml);
}
