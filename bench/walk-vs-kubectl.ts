// A full non-interactive walk (`runbook run ID --yes --json`) on the simulator, against a shell
// script that runs the same checks with kubectl one after the other: the commands are the ones
// the walk itself reports for each check, so both do exactly the same reads and execs.
//
// Two figures. `walk` is the walk itself in a running process (connection, parameters, every
// check, the journal): what one keep-alive connection and parallel checks buy; the target is
// for it. `walkCommand` is the whole command, and with it what a command costs before it walks
// at all: Node's own start-up (`node -e 0`) and loading the CLI (`runbook run` of a runbook
// that does not exist: every module of a walk, no cluster). On this machine that start-up alone
// is about half the kubectl script, so the command's ratio is reported without a target.
//
//   npm run build && npx tsx bench/walk-vs-kubectl.ts [RUNBOOK/SCENARIO]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '../src/cluster/connect';
import { findRunbook } from '../src/runbook/library';
import { loadScenario, scenarioPath } from '../src/sim/scenario';
import { startSim } from '../src/sim/server';
import { resolveParams } from '../src/walk/params';
import { WalkSession } from '../src/walk/session';
import { walkToEnd } from '../src/walk/to-end';

const run = promisify(execFile);
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const cli = join(root, 'bin', 'runbook.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchWalkVsKubectl(ref = 'thanos-sidecar-upload-permission/broken', runs = 3) {
  const [runbook] = ref.split('/');
  const sim = await startSim(await loadScenario(scenarioPath(join(root, 'runbooks'), ref)));
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bench-walk-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    // kubectl keeps its discovery cache under $HOME/.kube/cache: warmed once below, as on a workstation.
    const env = { ...process.env, HOME: dir, KUBECONFIG: kubeconfig, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
    const walk = async () => {
      const t = performance.now();
      const { stdout, stderr } = await run(process.execPath, [cli, "run", runbook!, "--kubeconfig", kubeconfig, "--yes", "--json"], { env, maxBuffer: 64 << 20 }).catch((e: { stdout: string; stderr: string }) => e);
      if (!stdout.trim()) throw new Error(`the walk printed no report: ${stderr}`);
      return { ms: performance.now() - t, report: JSON.parse(stdout) as { path: string[]; steps: { checks: Record<string, { command: string }> }[] } };
    };
    const first = await walk();
    const commands = first.report.steps.flatMap((s) => Object.values(s.checks).map((c) => c.command)).filter((c) => c.startsWith('kubectl '));
    const script = join(dir, 'checks.sh');
    writeFileSync(script, `#!/bin/sh\n# The checks of ${ref}, one after the other, as a person would script them.\n${commands.map((c) => `${c} >/dev/null 2>&1`).join('\n')}\n`);
    const shell = async () => {
      const t = performance.now();
      await run('sh', [script], { env, maxBuffer: 64 << 20 }).catch(() => undefined);
      return performance.now() - t;
    };
    // The same walk inside this process: connecting (one keep-alive connection), parameters,
    // every check (independent ones in parallel), the journal; no Node start-up or module loading.
    const found = await findRunbook(runbook!, [join(root, 'runbooks')]);
    if (!found.ok) throw new Error(`no runbook ${runbook}`);
    process.env.XDG_STATE_HOME = join(dir, 'state');
    const inProcess = async () => {
      const t = performance.now();
      const connected = await connect({ kubeconfig });
      if (!connected.ok) throw new Error(connected.error.message);
      const cluster = connected.value;
      const params = await resolveParams(found.runbook, {}, cluster, cluster.namespace);
      if (!params.ok) throw new Error(params.message);
      const session = new WalkSession({ runbook: found.runbook, params: params.params, cluster, namespace: cluster.namespace, stepByStep: false });
      const final = await walkToEnd(session.controller);
      session.close();
      if (final.state.path.map((p) => p.step).join() !== first.report.path.join()) throw new Error('the in-process walk took another path');
      return performance.now() - t;
    };
    const timed = async (file: string, args: string[]) => {
      const t = performance.now();
      await run(file, args, { env }).catch(() => undefined);
      return performance.now() - t;
    };
    const nodeStart = () => timed(process.execPath, ['-e', '0']);
    const cliStart = () => timed(process.execPath, [cli, 'run', 'no-such-runbook', '--kubeconfig', kubeconfig]);
    await shell();
    await inProcess();
    const walkMs: number[] = [];
    const shellMs: number[] = [];
    const inProcessMs: number[] = [];
    const nodeMs: number[] = [];
    const startupMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      walkMs.push((await walk()).ms);
      shellMs.push(await shell());
      inProcessMs.push(await inProcess());
      nodeMs.push(await nodeStart());
      startupMs.push(await cliStart());
    }
    const w = median(walkMs);
    const s = median(shellMs);
    const p = median(inProcessMs);
    const ratio = (x: number) => Math.round((x / s) * 100) / 100;
    return {
      bench: 'walk-vs-kubectl',
      scenario: ref,
      path: first.report.path,
      checks: commands.length,
      // The walk itself, in a running process.
      walk: { ratio: ratio(p), target: 0.3, walkMs: Math.round(p), kubectlScriptMs: Math.round(s), runs, samplesMs: inProcessMs.map(Math.round), scriptSamplesMs: shellMs.map(Math.round) },
      // The whole command, and the start-up it cannot avoid (see the top of this file).
      walkCommand: {
        ratio: ratio(w),
        commandMs: Math.round(w),
        kubectlScriptMs: Math.round(s),
        samplesMs: walkMs.map(Math.round),
        startup: { ratio: ratio(median(startupMs)), ms: Math.round(median(startupMs)), nodeAloneMs: Math.round(median(nodeMs)), nodeAloneRatio: ratio(median(nodeMs)) },
      },
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchWalkVsKubectl(process.argv[2]).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
}
