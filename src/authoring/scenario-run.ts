// Walks one scenario of a runbook through the simulator and compares the walk with what the
// scenario expects. The walk is real: simulated API server, client, kubectl; only the journal
// stays in memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../cluster/connect';
import { displayCommand } from '../cluster/display';
import { runCheck } from '../cluster/run-check';
import type { WalkState } from '../engine/state';
import { outcomeOf } from '../engine/walk';
import type { Runbook } from '../runbook/schema';
import type { WalkEvent } from '../session/events';
import type { Scenario } from '../sim/scenario';
import { startSim } from '../sim/server';
import { WalkController } from '../walk/controller';
import { resolveParams } from '../walk/params';
import { walkToEnd, type Answerer } from '../walk/to-end';

export interface ScenarioRun {
  scenario: string;
  ok: boolean;
  /** Why the scenario failed, one line each. */
  failures: string[];
  path: string[];
  verdict?: string | undefined;
  state?: WalkState | undefined;
  events: WalkEvent[];
}

export async function runScenario(runbook: Runbook, scenario: Scenario): Promise<ScenarioRun> {
  const events: WalkEvent[] = [];
  const sim = await startSim(scenario);
  const dir = await mkdtemp(join(tmpdir(), 'runbook-test-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const connected = await connect({ kubeconfig, context: sim.context });
    if (!connected.ok) return failed(scenario, [`cannot connect to the simulated cluster: ${connected.error.message}`], events);
    const cluster = connected.value;
    try {
      const namespace = scenario.params.namespace ?? runbook.params.namespace?.default ?? cluster.namespace;
      const params = await resolveParams(runbook, scenario.params, cluster, namespace);
      if (!params.ok) return failed(scenario, [params.message], events);
      const controller = new WalkController({
        runbook,
        params: params.params,
        recorder: { record: (e) => events.push(e) },
        describe: (c) => displayCommand(c.check, namespace),
        runCheck: (c) => runCheck(cluster, c.check, { timeoutMs: c.timeoutMs, manual: c.manual }),
      });
      const { state } = await walkToEnd(controller, scenarioAnswers(scenario));
      return compare(scenario, state, events);
    } finally {
      cluster.close();
    }
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The scenario's `expect.answers`: by option number (from 1) or by label (exact, else the one label containing it). */
function scenarioAnswers(scenario: Scenario): Answerer {
  const answers = scenario.expect?.answers ?? {};
  return (phase) => {
    const given = answers[phase.step];
    if (given === undefined) return undefined;
    if (typeof given === 'number') return given - 1 < phase.options.length ? given - 1 : undefined;
    const exact = phase.options.findIndex((o) => o.label === given);
    if (exact >= 0) return exact;
    const containing = phase.options.flatMap((o, i) => (o.label.toLowerCase().includes(given.toLowerCase()) ? [i] : []));
    return containing.length === 1 ? containing[0] : undefined;
  };
}

function compare(scenario: Scenario, state: WalkState, events: WalkEvent[]): ScenarioRun {
  const path = state.path.map((p) => p.step);
  const outcome = outcomeOf(state);
  const failures: string[] = [];
  const expect = scenario.expect;
  if (!expect) failures.push('the scenario declares no `expect` (path and verdict)');
  else {
    if (expect.path && expect.path.join(' ') !== path.join(' ')) {
      failures.push(`path: expected ${expect.path.join(' → ')}, got ${path.join(' → ')}`);
    }
    if (expect.verdict !== outcome?.verdict) {
      failures.push(`verdict: expected ${expect.verdict}, got ${outcome?.verdict ?? 'none'}${outcome ? ` (${outcome.rootCause.split('\n')[0]})` : ''}`);
    }
  }
  return { scenario: scenario.name, ok: failures.length === 0, failures, path, verdict: outcome?.verdict, state, events };
}

function failed(scenario: Scenario, failures: string[], events: WalkEvent[]): ScenarioRun {
  return { scenario: scenario.name, ok: false, failures, path: [], events };
}
