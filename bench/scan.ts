// `runbook scan -A` against a simulated fleet (bench/fleet.ts): wall time and peak memory of the
// scan process, as one JSON document per size. Numbers, not pass/fail. The simulator runs in a
// process of its own, as a real API server would.
//
//   npm run build && npx tsx bench/scan.ts [PODS ...]      (default: 250 1000)
//
// `benchScan()` is what `npm run bench` reports: the 1,000-pod scan against its budget (issue
// "Fast and unbreakable", item 3: under 3 s wall and 250 MB peak), as ratios (≤ 1 is within).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fleetScenario } from './fleet';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const cli = join(root, 'bin', 'runbook.js');
/** The budget of a 1,000-pod `scan -A`. */
export const SCAN_BUDGET = { wallMs: 3000, peakRssMb: 250 } as const;

export async function benchScan(pods = 1000) {
  const run = await benchOne(pods);
  const measure = (value: number | null, limit: number) => ({ value, limit, ratio: value === null ? null : Math.round((value / limit) * 1000) / 1000, target: 1 });
  return {
    [`scan${pods}`]: {
      wallMs: measure(run.wallMs, SCAN_BUDGET.wallMs),
      peakRssMb: measure(run.peakRssMb, SCAN_BUDGET.peakRssMb),
      scanMs: run.scanMs,
      podsScanned: run.podsScanned,
      logsRead: run.logsRead,
      expectedFindingsSeen: run.expectedFindingsSeen,
    },
  };
}

export async function benchOne(pods: number) {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
  const fleet = fleetScenario(pods);
  const scenarioFile = join(dir, 'fleet.yaml');
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(scenarioFile, fleet.yaml);
  const sim = spawn(process.execPath, [cli, 'sim', scenarioFile, '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      sim.stdout.on('data', (d: Buffer) => d.toString().includes('kubeconfig:') && resolve());
      sim.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before serving`)));
    });
    const started = performance.now();
    const scan = spawn(process.execPath, [cli, 'scan', '-A', '--json', '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peakKb = 0;
    // VmHWM is the process's own high-water mark; read it until the process is gone.
    const poll = setInterval(() => (peakKb = Math.max(peakKb, highWaterKb(scan.pid))), 20);
    let out = '';
    scan.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => scan.once('exit', resolve));
    clearInterval(poll);
    const wallMs = Math.round(performance.now() - started);
    const report = JSON.parse(out) as { podsListed: number; podsScanned: number; logsRead: number; durationMs: number; findings: { namespace: string; kind: string; name: string; runbooks: { id: string }[] }[]; problems: unknown[] };
    const found = fleet.broken.filter((b) => report.findings.some((f) => f.namespace === b.namespace && f.kind === b.kind && f.name === b.name && f.runbooks[0]?.id === b.runbook));
    return {
      bench: 'scan -A',
      pods: report.podsListed,
      podsScanned: report.podsScanned,
      logsRead: report.logsRead,
      exitCode: code,
      wallMs,
      scanMs: report.durationMs,
      peakRssMb: peakKb ? Math.round(peakKb / 102.4) / 10 : null,
      findings: report.findings.map((f) => `${f.namespace}/${f.kind}/${f.name}: ${f.runbooks[0]?.id}`),
      readProblems: report.problems.length,
      expectedFindingsSeen: `${found.length}/${fleet.broken.length} (a runbook that is not installed cannot be found)`,
    };
  } finally {
    sim.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function highWaterKb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone, or not Linux
  }
}

async function main(sizes: number[]) {
  for (const pods of sizes.length ? sizes : [250, 1000]) process.stdout.write(`${JSON.stringify(await benchOne(pods))}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2).map(Number).filter((n) => n >= 4)).catch((e: unknown) => {
    process.stderr.write(`bench/scan: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
