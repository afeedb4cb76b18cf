// Walks one scenario of a runbook through the simulator and compares the walk with what the
// scenario expects. The walk is real: simulated API server, client, kubectl; only the journal
// stays in memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from '../cluster/connect';
import { displayCommand } from '../cluster/display';
import { runCheck } from '../cluster/run-check';
import type { WalkState } from '../engine/state';
import { outcomeOf } from '../engine/walk';
import type { Runbook } from '../runbook/schema';
import type { WalkEvent } from '../session/events';
import { applyFix } from '../fix/apply';
import { planFix } from '../fix/plan';
import { waitForRollout } from '../fix/rollout';
import type { Cluster } from '../cluster/types';
import { loadScenario, ScenarioError, type AfterFix, type Scenario } from '../sim/scenario';
import { startSim, type SimServer } from '../sim/server';
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
  const dir = await mkdtemp(join(tmpdir(), 'runbook-test-'));
  const sims: SimServer[] = [];
  const clusters: Cluster[] = [];
  /** A simulated cluster serving `s`, connected; the walk's checks go to the newest one. */
  const serve = async (s: Scenario): Promise<string | undefined> => {
    const sim = await startSim(s);
    sims.push(sim);
    const kubeconfig = join(dir, `kubeconfig-${sims.length}`);
    await sim.writeKubeconfig(kubeconfig);
    const connected = await connect({ kubeconfig, context: sim.context });
    if (!connected.ok) return `cannot connect to the simulated cluster: ${connected.error.message}`;
    clusters.push(connected.value);
    return undefined;
  };
  const cluster = () => clusters.at(-1)!;
  try {
    const refused = await serve(scenario);
    if (refused) return failed(scenario, [refused], events);
    const namespace = scenario.params.namespace ?? runbook.params.namespace?.default ?? cluster().namespace;
    const params = await resolveParams(runbook, scenario.params, cluster(), namespace);
    if (!params.ok) return failed(scenario, [params.message], events);
    const controller = new WalkController({
      runbook,
      params: params.params,
      recorder: { record: (e) => events.push(e) },
      describe: (c) => displayCommand(c.check, namespace),
      runCheck: (c) => runCheck(cluster(), c.check, { timeoutMs: c.timeoutMs, manual: c.manual }),
      fixes: {
        plan: (fix) => planFix(cluster(), fix, { readOnly: runbook.readOnly }),
        apply: (plan) => applyFix(cluster(), plan),
        waitForRollout: async (plan, onProgress) => (plan.rollout ? waitForRollout(cluster(), plan.rollout, { timeoutMs: 60_000, graceMs: 10_000, onProgress }) : undefined),
      },
    });
    const answers = answerer(scenario.expect?.answers ?? {});
    const { state } = await walkToEnd(controller, answers);
    const run = compare(scenario, state, events);
    const afterFix = scenario.expect?.afterFix;
    if (!afterFix || !run.ok) return run;
    const fixed = await makeFix(afterFix, scenario, controller, serve);
    if (fixed) return { ...run, ok: false, failures: [`after the fix: ${fixed}`] };
    const answersAfter = afterFix.answers ? answerer(afterFix.answers) : answers;
    return compareAfterFix(afterFix, run, (await walkToEnd(controller, answersAfter)).state, events);
  } finally {
    // Each one on its own: one that fails to close must not leave the others running.
    for (const c of clusters) await settle(() => c.close());
    for (const sim of sims) await settle(() => sim.close());
    await rm(dir, { recursive: true, force: true });
  }
}

async function settle(close: () => unknown): Promise<void> {
  try {
    await close();
  } catch {
    // already reported by the walk, or nothing left to close
  }
}

/** Makes the conclusion's fix the way the scenario says; why it could not, if it could not. */
async function makeFix(afterFix: AfterFix, scenario: Scenario, controller: WalkController, serve: (s: Scenario) => Promise<string | undefined>): Promise<string | undefined> {
  if (afterFix.by === 'apply') {
    const plan = await controller.planFix();
    if (!plan) return 'the conclusion has no fix to apply';
    if (!plan.applicable) return `the fix cannot be applied: ${plan.reason}`;
    await controller.applyFix();
    const { fix } = controller.snapshot;
    return fix?.stage === 'failed' ? `applying the fix failed: ${fix.message}` : undefined;
  }
  // The operator changed the cluster (a Helm upgrade, a new key): the walk goes on against it.
  let after: Scenario;
  try {
    after = await loadScenario(join(dirname(scenario.file), `${afterFix.cluster!}.yaml`));
  } catch (e) {
    return e instanceof ScenarioError ? `cluster ${afterFix.cluster}: ${e.message}` : String(e);
  }
  const refused = await serve(after);
  if (refused) return refused;
  controller.verifyByHand();
  return undefined;
}

function compareAfterFix(afterFix: AfterFix, before: ScenarioRun, state: WalkState, events: WalkEvent[]): ScenarioRun {
  const path = state.path.map((p) => p.step);
  const after = path.slice(before.path.length);
  const outcome = outcomeOf(state);
  const verified = state.verifications.at(-1)?.verified;
  const failures: string[] = [];
  if (after.join(' ') !== afterFix.path.join(' ')) failures.push(`after the fix, path: expected ${afterFix.path.join(' → ')}, got ${after.join(' → ') || '(nothing)'}`);
  if (outcome?.verdict !== afterFix.verdict) failures.push(`after the fix, verdict: expected ${afterFix.verdict}, got ${outcome?.verdict ?? 'none'}${outcome ? ` (${outcome.rootCause.split('\n')[0]})` : ''}`);
  if (verified !== afterFix.verified) failures.push(`after the fix, verified: expected ${afterFix.verified}, got ${verified ?? 'never decided'}`);
  return { ...before, ok: failures.length === 0, failures, path, verdict: outcome?.verdict, state, events };
}

/** Answers given by step: the option's number (from 1) or label (exact, else the one label containing it). */
function answerer(answers: Record<string, number | string>): Answerer {
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
