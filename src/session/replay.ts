// Rebuilds a walk from its journal by feeding the recorded evidence and answers back into the
// pure engine: nothing is re-run. The engine must take, at every step, the branch the journal
// says it took; where it does not (the runbook or the engine changed), replay stops and says where.
import type { CheckResult } from '../cluster/types';
import type { WalkState } from '../engine/state';
import { abandon, answer, proceed, startWalk, submitResults, verifyFix } from '../engine/walk';
import type { Runbook } from '../runbook/schema';
import type { ConnectionInfo, WalkEvent, WalkStarted } from './events';

export interface Note {
  at: string;
  step: string;
  text: string;
}

export interface Replayed {
  start: WalkStarted;
  /** Where the walk stands; a walk stopped by `interrupted` stands where it was stopped, not abandoned. */
  state: WalkState;
  notes: Note[];
  /** Set when the walk was stopped (and not resumed since): it can go on from `state`. */
  stopped?: { at: string; step: string; reason: string } | undefined;
  /** A fix was applied and its verification step not yet entered. */
  pendingVerification: boolean;
  /** The connection as last recorded (walk-started, then each session-resumed). */
  connection: ConnectionInfo;
  /** Things a person resuming should know (an answer that was recorded but not acted on). */
  warnings: string[];
}

export class ReplayError extends Error {
  constructor(
    message: string,
    /** 1-based line of the journal event replay stopped at. */
    readonly line: number,
  ) {
    super(message);
  }
}

export function replayJournal(events: WalkEvent[], runbook: Runbook): Replayed {
  const start = events[0];
  if (start?.type !== 'walk-started') throw new ReplayError('the journal does not begin with walk-started', 1);
  const firstEntered = events.find((e) => e.type === 'step-entered');
  let state = startWalk(runbook, start.params, firstEntered?.at ?? start.at);
  const notes: Note[] = [];
  const warnings: string[] = [];
  let connection: ConnectionInfo = { context: start.context, kubeconfig: start.kubeconfig, clusterVersion: start.clusterVersion };
  let collected: Record<string, CheckResult> = {};
  let pendingAnswer: { option: number; at: string; line: number } | undefined;
  let pendingVerification = false;
  let stopped: Replayed['stopped'];
  /** The walk was stopped: the step-left and concluded that follow record the abandon, not a decision. */
  let abandoning = false;
  let entered = 0;

  const diverged = (line: number, what: string): never => {
    throw new ReplayError(`the runbook no longer leads where this walk went: ${what}`, line);
  };
  const dropPendingAnswer = () => {
    if (!pendingAnswer) return;
    warnings.push(`the answer recorded at ${pendingAnswer.at} was not acted on before the walk stopped; the question is asked again`);
    pendingAnswer = undefined;
  };

  for (const [index, event] of events.entries()) {
    const line = index + 1;
    switch (event.type) {
      case 'walk-started':
        if (index !== 0) throw new ReplayError('a second walk-started: two walks in one journal', line);
        break;
      case 'step-entered': {
        if (state.path.length <= entered && state.phase.kind === 'concluded' && pendingVerification) {
          state = verifyFix(state, event.at);
          pendingVerification = false;
        }
        const expected = state.path[entered];
        if (!expected) diverged(line, `the journal enters "${event.step}" but the walk is ${describe(state)}`);
        if (expected!.step !== event.step) diverged(line, `the journal enters "${event.step}", the runbook now enters "${expected!.step}"`);
        entered += 1;
        collected = {};
        break;
      }
      case 'check-finished':
        if (state.phase.kind === 'checking') collected[event.name] = event.result;
        break;
      case 'asked':
        if (state.phase.kind === 'checking' && state.phase.step === event.step) state = decideFrom(state, collected, event.at);
        if (state.phase.kind !== 'asking' || state.phase.step !== event.step) diverged(line, `the journal asks at "${event.step}" but the walk is ${describe(state)}`);
        break;
      case 'answered':
        if (state.phase.kind !== 'asking' || state.phase.step !== event.step) diverged(line, `the journal answers at "${event.step}" but the walk is ${describe(state)}`);
        if (state.phase.kind === 'asking' && !state.phase.options[event.option]) diverged(line, `the question at "${event.step}" has no option ${event.option + 1} any more`);
        pendingAnswer = { option: event.option, at: event.at, line };
        break;
      case 'step-left': {
        if (abandoning) break;
        // A conclusion is left only for the verification of its fix (applied here or by hand).
        if (state.phase.kind === 'concluded' && state.phase.conclusion.step === event.step && state.phase.conclusion.fix?.verify === event.next) {
          state = verifyFix(state, event.at);
          pendingVerification = false;
          break;
        }
        const { phase } = state;
        if (phase.kind === 'concluded' || phase.step !== event.step) diverged(line, `the journal leaves "${event.step}" but the walk is ${describe(state)}`);
        if (phase.kind === 'checking') state = decideFrom(state, collected, event.at);
        else if (phase.kind === 'info') state = proceed(state, event.at);
        else if (phase.kind === 'asking') {
          if (!pendingAnswer) diverged(line, `the journal leaves "${event.step}" without an answer`);
          state = answer(state, pendingAnswer!.option, event.at);
          pendingAnswer = undefined;
        }
        const left = [...state.path].reverse().find((e) => e.leftAt !== undefined);
        if (left?.step !== event.step || (left.next ?? null) !== (event.next ?? null)) {
          diverged(line, `at "${event.step}" the journal went to "${event.next ?? '(end)'}", the runbook now goes to "${left?.next ?? '(end)'}"`);
        }
        break;
      }
      case 'concluded':
        if (abandoning) {
          abandoning = false;
          break;
        }
        if (state.phase.kind !== 'concluded' || state.phase.conclusion.step !== event.conclusion.step) {
          diverged(line, `the journal concludes at "${event.conclusion.step}" but the walk is ${describe(state)}`);
        }
        break;
      case 'fix-applied':
        pendingVerification = state.phase.kind === 'concluded' && Boolean(state.phase.conclusion.fix?.verify);
        break;
      case 'verify-requested':
        break;
      case 'note':
        notes.push({ at: event.at, step: event.step, text: event.text });
        break;
      case 'interrupted':
        dropPendingAnswer();
        stopped = { at: event.at, step: event.step, reason: event.reason };
        abandoning = state.phase.kind !== 'concluded';
        break;
      case 'session-resumed':
        dropPendingAnswer();
        // The resumed process went on to the verification of a fix applied just before the stop.
        if (pendingVerification && state.phase.kind === 'concluded' && event.step === state.phase.conclusion.fix?.verify) {
          state = verifyFix(state, event.at);
          pendingVerification = false;
          entered += 1;
        }
        if (event.pathLength !== state.path.length) diverged(line, `the journal resumed at step ${event.pathLength} ("${event.step}"), the walk stands at step ${state.path.length} (${describe(state)})`);
        stopped = undefined;
        abandoning = false;
        collected = {};
        connection = { context: event.context ?? connection.context, kubeconfig: event.kubeconfig ?? connection.kubeconfig, clusterVersion: event.clusterVersion ?? connection.clusterVersion };
        break;
      default:
        // check-started, check-skipped, fix-planned, fix-failed, rollout, verified: a record, not a move.
        break;
    }
  }
  dropPendingAnswer();
  return { start, state, notes, stopped, pendingVerification, connection, warnings };
}

/** The engine's decision on a step's recorded results, as the controller makes it. */
function decideFrom(state: WalkState, collected: Record<string, CheckResult>, at: string): WalkState {
  if (state.phase.kind !== 'checking') return state;
  const names = new Set(state.phase.checks.map((c) => c.name));
  const results = Object.fromEntries(Object.entries(collected).filter(([name]) => names.has(name)));
  try {
    return submitResults(state, results, at);
  } catch (e) {
    return abandon(state, `the runbook could not be evaluated: ${(e as Error).message}`, at);
  }
}

function describe(state: WalkState): string {
  const { phase } = state;
  if (phase.kind === 'concluded') return `concluded at "${phase.conclusion.step}"`;
  return `${phase.kind} at "${phase.step}"`;
}
