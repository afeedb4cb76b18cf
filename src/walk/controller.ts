// Drives the pure engine: runs the checks a step asks for, records every event, and tells
// subscribers (the Ink UI, the non-interactive runner) when the walk changed.
import type { CheckResult } from '../cluster/types';
import { answer, abandon, proceed, startWalk, submitResults, verifyFix } from '../engine/walk';
import type { PlannedCheck, PrintedFix, WalkState } from '../engine/state';
import type { AppliedChange, ApplyResult } from '../fix/apply';
import type { FixPlan } from '../fix/plan';
import type { RolloutOutcome } from '../fix/rollout';
import type { Runbook } from '../runbook/schema';
import type { ConnectionInfo, Recorder, WalkStartInfo } from '../session/events';

export type CheckRunner = (check: PlannedCheck & { runnable: true }) => Promise<CheckResult>;

/** What applying a fix takes; the session wires it to a cluster, tests to doubles. */
export interface FixOps {
  plan(fix: PrintedFix): Promise<FixPlan>;
  apply(plan: Extract<FixPlan, { applicable: true }>): Promise<ApplyResult>;
  /** Waits for the rollout the applied fix implies; undefined when it implies none. */
  waitForRollout(plan: Extract<FixPlan, { applicable: true }>, onProgress: (message: string) => void): Promise<RolloutOutcome | undefined>;
}

/** Where applying the fix of the current conclusion stands. */
export type FixStatus =
  | { stage: 'planning'; step: string }
  | { stage: 'planned'; step: string; plan: FixPlan }
  | { stage: 'applying'; step: string; plan: FixPlan }
  | { stage: 'rolling-out'; step: string; plan: FixPlan; change: AppliedChange; progress: string }
  | { stage: 'applied'; step: string; plan: FixPlan; change: AppliedChange; rollout?: RolloutOutcome | undefined }
  | { stage: 'failed'; step: string; plan: FixPlan; message: string };

export interface InFlight {
  name: string;
  title?: string | undefined;
  command: string;
  startedAt: string;
}

export interface Snapshot {
  state: WalkState;
  /** Checks of the current step still running. */
  inFlight: InFlight[];
  /** Notes the operator added, in order. */
  notes: { at: string; step: string; text: string }[];
  /** Step-by-step mode: the next step's checks wait for `proceed()` so the operator can read the evidence. */
  paused: boolean;
  /** The fix of the current conclusion, once planning started; kept (with its change) after verification moves on. */
  fix?: FixStatus | undefined;
  /** Every fix applied in this walk. */
  applied: { step: string; change: AppliedChange; rollout?: RolloutOutcome | undefined }[];
}

export interface WalkOptions {
  runbook: Runbook;
  params: Record<string, string>;
  runCheck: CheckRunner;
  /** How a planned check reads as a command line before it has run. */
  describe: (check: PlannedCheck & { runnable: true }) => string;
  recorder: Recorder;
  clock?: () => Date;
  /** At most this many checks of one step run at once. */
  concurrency?: number;
  /** Wait for `proceed()` before running each step after the first (interactive walks). */
  stepByStep?: boolean;
  /** How fixes are planned and applied; without it every fix is printed only. */
  fixes?: FixOps;
  /** Recorded with `walk-started`: what a later process needs to resume or report this walk. */
  start?: WalkStartInfo | undefined;
  /** Continue a walk rebuilt from its journal (see session/replay) instead of starting one. */
  resume?: ResumePoint | undefined;
}

export interface ResumePoint {
  state: WalkState;
  notes: Snapshot['notes'];
  /** Recorded with `session-resumed`. */
  connection: ConnectionInfo;
  warnings: string[];
}

export class WalkController {
  #snapshot: Snapshot;
  #listeners = new Set<(s: Snapshot) => void>();
  #opts: WalkOptions;

  constructor(opts: WalkOptions) {
    this.#opts = opts;
    if (opts.resume) {
      const { state, notes, connection, warnings } = opts.resume;
      this.#snapshot = { state, inFlight: [], notes, paused: false, applied: [] };
      const step = state.phase.kind === 'concluded' ? state.phase.conclusion.step : state.phase.step;
      opts.recorder.record({ type: 'session-resumed', at: this.#now(), step, phase: state.phase.kind, pathLength: state.path.length, warnings, ...connection });
      // A step whose checks were in flight when the walk stopped runs them again, without a pause.
      if (state.phase.kind === 'checking') void this.#runChecks(state.phase.checks);
      return;
    }
    const state = startWalk(opts.runbook, opts.params, this.#now());
    this.#snapshot = { state, inFlight: [], notes: [], paused: false, applied: [] };
    opts.recorder.record({ type: 'walk-started', at: this.#now(), runbook: opts.runbook.id, version: opts.runbook.version, params: opts.params, ...opts.start });
    this.#recordTransition(undefined, state);
    this.#startPhase(undefined);
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** Resolves once the walk waits for the operator (paused, a question, an info step) or has concluded. */
  settled(): Promise<Snapshot> {
    const ready = (s: Snapshot) => s.state.phase.kind !== 'checking' || s.paused;
    if (ready(this.#snapshot)) return Promise.resolve(this.#snapshot);
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe((s) => {
        if (!ready(s)) return;
        unsubscribe();
        resolve(s);
      });
    });
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  answer(option: number): void {
    const before = this.#snapshot.state;
    if (before.phase.kind !== 'asking') return;
    const chosen = before.phase.options[option];
    this.#opts.recorder.record({ type: 'answered', at: this.#now(), step: before.phase.step, option, label: chosen?.label ?? String(option) });
    this.#transition(answer(before, option, this.#now()));
  }

  /** Continues a paused walk, or moves past an info step. */
  proceed(): void {
    const { state, paused } = this.#snapshot;
    if (paused && state.phase.kind === 'checking') {
      this.#set({ ...this.#snapshot, paused: false });
      void this.#runChecks(state.phase.checks);
    } else if (state.phase.kind === 'info') {
      this.#transition(proceed(state, this.#now()));
    }
  }

  note(text: string): void {
    const step = this.#snapshot.state.path.at(-1)?.step ?? '';
    const at = this.#now();
    this.#opts.recorder.record({ type: 'note', at, step, text });
    this.#set({ ...this.#snapshot, notes: [...this.#snapshot.notes, { at, step, text }] });
  }

  /**
   * Checks what applying the current conclusion's fix needs (permissions, a server-side dry
   * run, the diff). The plan says whether the fix can be applied and, if not, why.
   */
  async planFix(): Promise<FixPlan | undefined> {
    const { state } = this.#snapshot;
    if (state.phase.kind !== 'concluded' || !state.phase.conclusion.fix) return undefined;
    const step = state.phase.conclusion.step;
    const fix = state.phase.conclusion.fix;
    if (!this.#opts.fixes) {
      const plan: FixPlan = { applicable: false, reason: 'fixes are printed only in this session', permissions: [] };
      this.#set({ ...this.#snapshot, fix: { stage: 'planned', step, plan } });
      return plan;
    }
    this.#set({ ...this.#snapshot, fix: { stage: 'planning', step } });
    const plan = await this.#opts.fixes.plan(fix).catch((e: unknown): FixPlan => ({ applicable: false, reason: `internal error: ${(e as Error).message}`, permissions: [] }));
    this.#opts.recorder.record({ type: 'fix-planned', at: this.#now(), step, applicable: plan.applicable, reason: plan.applicable ? undefined : plan.reason, permissions: plan.permissions, diff: plan.diff });
    this.#set({ ...this.#snapshot, fix: { stage: 'planned', step, plan } });
    return plan;
  }

  /**
   * Applies a planned fix (the caller has the operator's confirmation), waits for the rollout it
   * implies, then re-runs the fix's verification step; a failed verification continues the walk.
   */
  async applyFix(): Promise<void> {
    const current = this.#snapshot.fix;
    const fixes = this.#opts.fixes;
    const { state } = this.#snapshot;
    if (!fixes || current?.stage !== 'planned' || !current.plan.applicable || state.phase.kind !== 'concluded') return;
    const { step, plan } = current;
    const fix = state.phase.conclusion.fix!;
    this.#set({ ...this.#snapshot, fix: { stage: 'applying', step, plan } });
    const result = await fixes.apply(plan).catch((e: unknown): ApplyResult => ({ ok: false, message: `internal error: ${(e as Error).message}` }));
    if (!result.ok) {
      this.#opts.recorder.record({ type: 'fix-failed', at: this.#now(), step, message: result.message });
      this.#set({ ...this.#snapshot, fix: { stage: 'failed', step, plan, message: result.message } });
      return;
    }
    const { change } = result;
    this.#opts.recorder.record({ type: 'fix-applied', at: this.#now(), step, kubectl: change.kubectl, undo: change.undo.kubectl, before: plan.before });
    this.#set({ ...this.#snapshot, fix: { stage: 'rolling-out', step, plan, change, progress: 'waiting for the rollout' } });
    const rollout = await fixes
      .waitForRollout(plan, (progress) => this.#set({ ...this.#snapshot, fix: { stage: 'rolling-out', step, plan, change, progress } }))
      .catch((e: unknown): RolloutOutcome => ({ status: 'error', message: (e as Error).message }));
    if (rollout) this.#opts.recorder.record({ type: 'rollout', at: this.#now(), step, status: rollout.status, message: rollout.message });
    const applied = [...this.#snapshot.applied, { step, change, rollout }];
    this.#set({ ...this.#snapshot, applied, fix: { stage: 'applied', step, plan, change, rollout } });
    if (fix.verify) this.#verify();
  }

  /**
   * The operator carried out the printed fix themselves (a change request, Helm, the cloud
   * console): run its verification step, as after applying it from here.
   */
  verifyByHand(): void {
    const { state, fix } = this.#snapshot;
    if (state.phase.kind !== 'concluded' || !state.phase.conclusion.fix?.verify) return;
    if (fix?.step === state.phase.conclusion.step && fix.stage !== 'planned' && fix.stage !== 'failed') return;
    this.#opts.recorder.record({ type: 'verify-requested', at: this.#now(), step: state.phase.conclusion.step });
    this.#verify();
  }

  /** Stops the walk where it stands (inconclusive). Everything recorded so far is kept. */
  stop(reason: string): void {
    const { state } = this.#snapshot;
    if (state.phase.kind === 'concluded') return;
    this.#opts.recorder.record({ type: 'interrupted', at: this.#now(), step: state.phase.step, reason });
    this.#transition(abandon(state, reason, this.#now()));
  }

  /** Runs the conclusion's verification step at once, without a step-by-step pause: the operator asked for it. */
  #verify(): void {
    this.#transition(verifyFix(this.#snapshot.state, this.#now()), { pause: false });
  }

  /** Journal first, then the screen: what was shown has been written down. */
  #transition(state: WalkState, opts: { pause?: boolean } = {}): void {
    const before = this.#snapshot.state;
    this.#recordTransition(before, state);
    const pause = (opts.pause ?? true) && Boolean(this.#opts.stepByStep);
    this.#set({ ...this.#snapshot, state, inFlight: [], paused: pause && state.phase.kind === 'checking' });
    this.#startPhase(pause ? before : undefined);
  }

  #recordTransition(before: WalkState | undefined, state: WalkState): void {
    const recorder = this.#opts.recorder;
    const from = before?.path.length ?? 0;
    // Steps left since the last transition, then steps entered.
    for (const entry of state.path.slice(Math.max(0, from - 1))) {
      const previous = before?.path[state.path.indexOf(entry)];
      if (entry.leftAt && !previous?.leftAt) {
        recorder.record({ type: 'step-left', at: entry.leftAt, step: entry.step, mark: entry.mark, finding: entry.finding, next: entry.next });
      }
    }
    for (const entry of state.path.slice(from)) {
      recorder.record({ type: 'step-entered', at: entry.enteredAt, step: entry.step, title: entry.title, why: entry.why });
      if (entry.leftAt) recorder.record({ type: 'step-left', at: entry.leftAt, step: entry.step, mark: entry.mark, finding: entry.finding, next: entry.next });
    }
    const settled = state.verifications.at(-1);
    if (settled?.verified !== undefined && before?.verifications.at(-1)?.verified === undefined) {
      recorder.record({ type: 'verified', at: this.#now(), step: settled.fixStep, verifyStep: settled.verifyStep, verified: settled.verified, after: settled.after });
    }
    const phase = state.phase;
    if (phase.kind === 'asking') recorder.record({ type: 'asked', at: this.#now(), step: phase.step, question: phase.question, because: phase.because });
    else if (phase.kind === 'concluded') recorder.record({ type: 'concluded', at: this.#now(), conclusion: phase.conclusion });
  }

  /** Runs the checks of a checking phase, unless step-by-step mode pauses before them. */
  #startPhase(before: WalkState | undefined): void {
    const { phase } = this.#snapshot.state;
    if (phase.kind !== 'checking') return;
    if (this.#opts.stepByStep && before) this.#set({ ...this.#snapshot, paused: true });
    else void this.#runChecks(phase.checks);
  }

  async #runChecks(checks: PlannedCheck[]): Promise<void> {
    const runnable = checks.filter((c): c is PlannedCheck & { runnable: true } => c.runnable);
    const results: Record<string, CheckResult> = {};
    const limit = Math.max(1, this.#opts.concurrency ?? 6);
    const queue = [...runnable];
    const worker = async () => {
      for (let check = queue.shift(); check; check = queue.shift()) {
        const inFlight: InFlight = { name: check.name, title: check.title, command: this.#opts.describe(check), startedAt: this.#now() };
        this.#opts.recorder.record({ type: 'check-started', at: inFlight.startedAt, name: check.name, command: inFlight.command });
        this.#set({ ...this.#snapshot, inFlight: [...this.#snapshot.inFlight, inFlight] });
        const result = await this.#opts.runCheck(check).catch((e: unknown) => crashed(e, inFlight));
        const withManual: CheckResult = result.status === 'failed' && check.manual && !result.manual ? { ...result, manual: check.manual } : result;
        results[check.name] = withManual;
        this.#opts.recorder.record({ type: 'check-finished', at: this.#now(), name: check.name, result: withManual });
        this.#set({ ...this.#snapshot, inFlight: this.#snapshot.inFlight.filter((f) => f !== inFlight) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, runnable.length) }, worker));
    // Stopped while these checks ran: the walk has concluded without them.
    const now = this.#snapshot.state.phase;
    if (now.kind !== 'checking' || now.checks !== checks) return;
    for (const check of checks) {
      if (!check.runnable) this.#opts.recorder.record({ type: 'check-skipped', at: this.#now(), name: check.name, error: check.error });
    }
    let next: WalkState;
    try {
      next = submitResults(this.#snapshot.state, results, this.#now());
    } catch (e) {
      next = abandon(this.#snapshot.state, `the runbook could not be evaluated: ${(e as Error).message}`, this.#now());
    }
    this.#transition(next);
  }

  #set(snapshot: Snapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener(snapshot);
  }

  #now(): string {
    return (this.#opts.clock?.() ?? new Date()).toISOString();
  }
}

/** A check runner must not reject; if one does, that is recorded as a failed check, not a crash. */
function crashed(e: unknown, check: InFlight): CheckResult {
  return { status: 'failed', reason: 'error', message: `internal error: ${(e as Error)?.message ?? String(e)}`, command: check.command, startedAt: check.startedAt, durationMs: 0 };
}
