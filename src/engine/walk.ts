// The decision-tree walker: pure functions from (state, event) to the next state.
// No I/O, no clock: callers pass `now`.
import type { CheckFailed, CheckResult, ResolvedCheck } from '../cluster/types';
import type { Branch, CheckSpec, CheckStep, ConclusionStep, Fix, Mark, Runbook, Step } from '../runbook/schema';
import { render, renderDeep, UnresolvedError, type Resolver } from '../runbook/template';
import { evaluate } from './conditions';
import type { AskOption, Conclusion, Outcome, PathEntry, Phase, PlannedCheck, PrintedFix, WalkState } from './state';
import { valuesOf } from './values';

/** A walk that visits more steps than this is looping; it ends inconclusive instead of hanging. */
export const MAX_VISITS = 200;

export class WalkError extends Error {}

export function startWalk(runbook: Runbook, params: Record<string, string>, now: string): WalkState {
  const initial: WalkState = { runbook, params, results: {}, values: {}, path: [], verifications: [], phase: { kind: 'info', step: '', text: '', next: runbook.start } };
  return enter(initial, runbook.start, now);
}

/** Results of the checks of the current `checking` phase, by check name. */
export function submitResults(state: WalkState, results: Record<string, CheckResult>, now: string): WalkState {
  const phase = expectPhase(state, 'checking');
  const step = stepOf(state.runbook, phase.step) as CheckStep;
  const collected: Record<string, CheckResult> = {};
  for (const planned of phase.checks) {
    const result = planned.runnable ? results[planned.name] : notRun(planned.error, now);
    collected[planned.name] = result ?? notRun('no result was reported for this check', now);
  }
  const values = { ...state.values };
  for (const [name, result] of Object.entries(collected)) values[name] = valuesOf(result, step.checks[name]);
  const next: WalkState = {
    ...state,
    results: { ...state.results, ...collected },
    values,
    path: replaceLast(state.path, { results: collected }),
  };
  return decide(next, phase.step, step, now);
}

/** The operator's choice at an `asking` phase (index into its options). */
export function answer(state: WalkState, option: number, now: string): WalkState {
  const phase = expectPhase(state, 'asking');
  const chosen = phase.options[option];
  if (!chosen) throw new WalkError(`no option ${option} at step ${phase.step}`);
  const mark = phase.missingEvidence ? 'unknown' : chosen.finding ? 'problem' : 'ok';
  const left = leave(state, { mark, finding: chosen.finding, next: chosen.next, answer: chosen.label }, now);
  return enter(settleVerification(left, { step: phase.step, next: chosen.next, mark }), chosen.next, now);
}

/** Moves past an `info` phase. */
export function proceed(state: WalkState, now: string): WalkState {
  const phase = expectPhase(state, 'info');
  return enter(leave(state, { mark: 'ok', next: phase.next }, now), phase.next, now);
}

/** Goes to the fix's verification step (after the fix was applied). */
export function verifyFix(state: WalkState, now: string): WalkState {
  const phase = expectPhase(state, 'concluded');
  const fixStep = phase.conclusion.step;
  const verifyStep = phase.conclusion.fix?.verify;
  if (!verifyStep) throw new WalkError(`the fix at ${fixStep} names no verification step`);
  const before = [...state.path].reverse().find((e) => e.step === verifyStep && e.next)?.next;
  const verifications = [...state.verifications, { fixStep, verifyStep, before }];
  // The conclusion is left for its verification: the path shows where the walk went on from.
  const path = state.path.map((e, i) => (i === state.path.length - 1 ? { ...e, leftAt: now, next: verifyStep, finding: e.finding ?? 'fix applied; verifying' } : e));
  return enter({ ...state, path, verifications }, verifyStep, now);
}

/** Settles a pending verification as the walk leaves its verify step or reaches a conclusion. */
function settleVerification(state: WalkState, left: { step: string; next?: string | undefined; mark?: Mark | undefined } | undefined): WalkState {
  const pending = state.verifications.at(-1);
  if (!pending || pending.verified !== undefined) return state;
  let verified: boolean | undefined;
  let after: string | undefined;
  if (left && left.step === pending.verifyStep && pending.before !== undefined) {
    // The verify step could not check (pod gone, forbidden): a different branch proves nothing;
    // the conclusion the walk reaches decides.
    if (left.mark === 'unknown') return state;
    after = left.next;
    verified = left.next !== pending.before;
  } else if (!left && state.phase.kind === 'concluded') {
    const c = state.phase.conclusion;
    after = c.step;
    verified = c.step !== pending.fixStep && c.verdict === 'healthy';
  }
  if (verified === undefined) return state;
  return { ...state, verifications: [...state.verifications.slice(0, -1), { ...pending, verified, after }] };
}

/**
 * Ends the walk where it stands, inconclusive — for a driver that cannot answer a question
 * (non-interactive runs) or an operator who stops.
 */
export function abandon(state: WalkState, reason: string, now: string): WalkState {
  if (state.phase.kind === 'concluded') return state;
  const step = state.phase.step;
  const title = state.path.at(-1)?.title ?? step;
  const left = leave(state, { mark: 'unknown' }, now);
  return {
    ...left,
    phase: {
      kind: 'concluded',
      conclusion: { step, title, verdict: 'inconclusive', rootCause: reason, followUps: [], seeAlso: [] },
    },
  };
}

export function outcomeOf(state: WalkState): Outcome | undefined {
  if (state.phase.kind !== 'concluded') return undefined;
  const c = state.phase.conclusion;
  return { step: c.step, verdict: c.verdict, finding: c.finding ?? c.rootCause, rootCause: c.rootCause };
}

function decide(state: WalkState, stepId: string, step: CheckStep, now: string): WalkState {
  const resolve = resolverFor(state);
  const ctx = { results: state.results, resolve };
  const stepResults = state.path.at(-1)?.results ?? {};
  const anyFailed = Object.values(stepResults).some((r) => r.status === 'failed');
  for (const [index, branch] of step.branches.entries()) {
    if ('when' in branch) {
      const truth = evaluate(branch.when, ctx);
      if (!truth.known) return askForMissingEvidence(state, stepId, step.branches.slice(index), truth.missing, now);
      if (!truth.value) continue;
    }
    const next = 'when' in branch ? branch.next : branch.otherwise;
    const finding = branch.finding === undefined ? undefined : renderLeniently(branch.finding, resolve);
    const mark = branch.mark ?? (anyFailed ? 'unknown' : finding ? 'problem' : 'ok');
    const left = settleVerification(leave(state, { mark, finding, next, branch: index }, now), { step: stepId, next, mark });
    return enter(left, next, now);
  }
  return abandon(state, `no branch of step "${stepId}" matched the evidence`, now);
}

function askForMissingEvidence(state: WalkState, stepId: string, branches: Branch[], missing: string[], now: string): WalkState {
  const resolve = resolverFor(state);
  const reasons = [...new Set(missing)].map((name) => {
    const r = state.results[name];
    if (r?.status === 'failed') return `${name} could not run (${r.reason}: ${r.message})${r.manual ? `; by hand: ${r.manual}` : ''}`;
    return `${name} has no value`;
  });
  const options: AskOption[] = branches.map((b) => {
    const next = 'when' in b ? b.next : b.otherwise;
    const finding = b.finding === undefined ? undefined : renderLeniently(b.finding, resolve);
    return { label: finding ?? titleOf(state.runbook, next), next, finding };
  });
  void now;
  const phase: Phase = {
    kind: 'asking',
    step: stepId,
    question: 'The evidence is incomplete. What do you see when you check by hand?',
    because: reasons.join('\n'),
    options,
    missingEvidence: true,
  };
  return { ...state, phase };
}

function enter(state: WalkState, stepId: string, now: string): WalkState {
  const step = stepOf(state.runbook, stepId);
  if (state.path.length >= MAX_VISITS) {
    return abandon(state, `the walk visited ${MAX_VISITS} steps without concluding; the runbook loops`, now);
  }
  const resolve = resolverFor(state);
  const entry: PathEntry = {
    step: stepId,
    title: renderLeniently(step.title, resolve),
    why: step.why === undefined ? undefined : renderLeniently(step.why, resolve),
    enteredAt: now,
    results: {},
  };
  const entered: WalkState = { ...state, path: [...state.path, entry] };
  const next = { ...entered, phase: phaseFor(entered, stepId, step) };
  return next.phase.kind === 'concluded' ? settleVerification(next, undefined) : next;
}

function phaseFor(state: WalkState, stepId: string, step: Step): Phase {
  const resolve = resolverFor(state);
  if ('checks' in step) {
    return { kind: 'checking', step: stepId, checks: Object.entries(step.checks).map(([name, spec]) => plan(name, spec, state, resolve)) };
  }
  if ('ask' in step) {
    return {
      kind: 'asking',
      step: stepId,
      question: renderLeniently(step.ask.question, resolve),
      because: renderLeniently(step.ask.because, resolve),
      options: step.ask.options.map((o) => ({
        label: renderLeniently(o.label, resolve),
        next: o.next,
        finding: o.finding === undefined ? undefined : renderLeniently(o.finding, resolve),
      })),
      missingEvidence: false,
    };
  }
  if ('info' in step) return { kind: 'info', step: stepId, text: renderLeniently(step.info, resolve), next: step.next };
  return { kind: 'concluded', conclusion: conclude(state, stepId, step, resolve) };
}

function conclude(state: WalkState, stepId: string, step: ConclusionStep, resolve: Resolver): Conclusion {
  const c = step.conclusion;
  // The evidence behind this conclusion: for a problem, the latest problem found on the way;
  // otherwise only what the step that led here found (an earlier, since-explained finding
  // must not stand beside a healthy verdict).
  const leading = state.path.at(-2);
  const lastFinding =
    c.verdict === 'problem' ? [...state.path].reverse().find((e) => e.finding && e.mark === 'problem')?.finding : leading?.finding;
  return {
    step: stepId,
    title: renderLeniently(step.title, resolve),
    verdict: c.verdict,
    rootCause: renderLeniently(c.rootCause, resolve),
    finding: lastFinding,
    fix: c.fix ? printFix(c.fix, state, resolve) : undefined,
    followUps: (c.followUps ?? []).map((f) => renderLeniently(f, resolve)),
    seeAlso: c.seeAlso ?? [],
  };
}

function printFix(fix: Fix, state: WalkState, resolve: Resolver): PrintedFix {
  const printed: PrintedFix = {
    summary: renderLeniently(fix.summary, resolve),
    restarts: fix.restarts === undefined ? undefined : renderLeniently(fix.restarts, resolve),
    print: fix.print === undefined ? undefined : renderLeniently(fix.print, resolve),
    verify: fix.verify,
    rollout: fix.rollout && {
      apiVersion: fix.rollout.apiVersion,
      kind: fix.rollout.kind,
      name: renderLeniently(fix.rollout.name, resolve),
      namespace: fix.rollout.namespace === undefined ? state.params.namespace : renderLeniently(fix.rollout.namespace, resolve),
    },
  };
  if (fix.patch) {
    const p = fix.patch;
    const name = renderLeniently(p.name, resolve);
    const namespace = p.namespace === undefined ? state.params.namespace : renderLeniently(p.namespace, resolve);
    const body = renderDeep(p.body, lenient(resolve));
    const group = p.apiVersion?.includes('/') ? p.apiVersion.split('/')[0] : undefined;
    const resource = `${p.kind.toLowerCase()}${group ? `.${group}` : ''}`;
    const kubectl = ['kubectl', 'patch', resource, name, ...(namespace ? ['-n', namespace] : []), `--type=${p.type}`, '-p', JSON.stringify(body)];
    printed.patch = { apiVersion: p.apiVersion, kind: p.kind, name, namespace, type: p.type, body, kubectl };
  }
  return printed;
}

function plan(name: string, spec: CheckSpec, state: WalkState, resolve: Resolver): PlannedCheck {
  const base = {
    name,
    title: spec.title,
    timeoutMs: spec.timeoutSeconds === undefined ? undefined : spec.timeoutSeconds * 1000,
    manual: spec.manual === undefined ? undefined : renderLeniently(spec.manual, resolve),
  };
  try {
    return { ...base, runnable: true, check: resolveCheck(spec, state.params.namespace, resolve) };
  } catch (e) {
    if (e instanceof UnresolvedError) return { ...base, runnable: false, error: e.message };
    throw e;
  }
}

function resolveCheck(spec: CheckSpec, walkNamespace: string | undefined, resolve: Resolver): ResolvedCheck {
  const r = (t: string) => render(t, resolve);
  const ns = (t: string | undefined) => (t === undefined ? walkNamespace : r(t));
  if ('get' in spec) {
    const { apiVersion, kind, name, namespace } = spec.get;
    return { kind: 'get', ref: { apiVersion, kind, name: r(name), namespace: ns(namespace) } };
  }
  if ('list' in spec) {
    const { apiVersion, kind, namespace, labelSelector, fieldSelector } = spec.list;
    return {
      kind: 'list',
      query: {
        apiVersion,
        kind,
        namespace: ns(namespace),
        labelSelector: labelSelector === undefined ? undefined : r(labelSelector),
        fieldSelector: fieldSelector === undefined ? undefined : r(fieldSelector),
      },
    };
  }
  if ('logs' in spec) {
    const { pod, namespace, container, tail, previous } = spec.logs;
    return { kind: 'logs', pod: r(pod), namespace: ns(namespace), container: container === undefined ? undefined : r(container), tail, previous };
  }
  if ('exec' in spec) {
    const { pod, namespace, container, command } = spec.exec;
    return { kind: 'exec', pod: r(pod), namespace: ns(namespace), container: container === undefined ? undefined : r(container), command: command.map(r) };
  }
  if ('kubectl' in spec) return { kind: 'kubectl', args: spec.kubectl.map(r) };
  return { kind: 'host', argv: spec.host.map(r) };
}

export function resolverFor(state: WalkState): Resolver {
  return (ref) => (ref.kind === 'param' ? state.params[ref.name] : state.values[ref.check]?.[ref.field]);
}

/** For text shown to people: a value that is missing reads as «?» rather than failing the walk. */
function lenient(resolve: Resolver): Resolver {
  return (ref) => resolve(ref) ?? '«?»';
}

function renderLeniently(template: string, resolve: Resolver): string {
  return render(template, lenient(resolve));
}

function leave(state: WalkState, patch: Partial<PathEntry>, now: string): WalkState {
  return { ...state, path: replaceLast(state.path, { ...patch, leftAt: now }) };
}

function replaceLast(path: PathEntry[], patch: Partial<PathEntry>): PathEntry[] {
  const last = path.at(-1);
  if (!last) return path;
  return [...path.slice(0, -1), { ...last, ...patch }];
}

function notRun(error: string, now: string): CheckFailed {
  return { status: 'failed', reason: 'invalid', message: error, command: '(not run)', startedAt: now, durationMs: 0 };
}

function expectPhase<K extends Phase['kind']>(state: WalkState, kind: K): Extract<Phase, { kind: K }> {
  if (state.phase.kind !== kind) throw new WalkError(`the walk is ${state.phase.kind}, not ${kind}`);
  return state.phase as Extract<Phase, { kind: K }>;
}

export function stepOf(runbook: Runbook, id: string): Step {
  const step = runbook.steps[id];
  if (!step) throw new WalkError(`runbook ${runbook.id} has no step "${id}"`);
  return step;
}

function titleOf(runbook: Runbook, id: string): string {
  return runbook.steps[id]?.title ?? id;
}
