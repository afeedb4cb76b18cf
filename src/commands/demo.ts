// `runbook demo [RUNBOOK/SCENARIO]`: a simulated cluster in this process, and a walk of its
// runbook against it — through the same kubeconfig, client and kubectl paths a real cluster uses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../cluster/connect';
import { findRunbook } from '../runbook/library';
import { formatProblem } from '../runbook/problem';
import { loadScenario, ScenarioError, scenarioPath } from '../sim/scenario';
import { startSim } from '../sim/server';
import { EXIT, type Io } from './exit-codes';
import { walkRunbook, type WalkFlags } from './run';

export interface DemoOptions extends WalkFlags {
  ref: string;
}

export async function demoCommand(opts: DemoOptions, io: Io): Promise<number> {
  const [runbookId, scenarioName] = opts.ref.split('/');
  if (!runbookId || !scenarioName) {
    io.stderr.write(`runbook: demo takes RUNBOOK/SCENARIO, got "${opts.ref}"\n`);
    return EXIT.usage;
  }
  const found = await findRunbook(runbookId);
  if (!found.ok) {
    if ('missing' in found) io.stderr.write(`runbook: no runbook "${runbookId}"; known: ${found.known.join(', ')}\n`);
    else io.stderr.write(`${found.problems.map(formatProblem).join('\n')}\n`);
    return EXIT.usage;
  }
  let scenario;
  try {
    scenario = await loadScenario(scenarioPath(join(found.dir, '..'), opts.ref));
  } catch (e) {
    if (e instanceof ScenarioError) {
      io.stderr.write(`${e.issues.map((i) => `${i.location}: ${i.message}`).join('\n')}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`runbook: cannot read scenario ${opts.ref}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }

  const sim = await startSim(scenario);
  const dir = await mkdtemp(join(tmpdir(), 'runbook-demo-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const connected = await connect({ kubeconfig, context: sim.context });
    if (!connected.ok) {
      io.stderr.write(`runbook: ${connected.error.message}\n`);
      return EXIT.cluster;
    }
    if (!opts.json && !opts.interactive) io.stdout.write(`simulated cluster ${sim.context} (${scenario.description.trim()})\n`);
    return await walkRunbook(
      found.runbook,
      connected.value,
      { ...opts, runbook: runbookId, kubeconfig, context: sim.context, namespace: undefined, set: scenario.params, yes: opts.yes || !opts.interactive },
      io,
    );
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
