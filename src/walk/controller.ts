// Drives the pure engine: runs the checks a step asks for, records every event, and tells
// subscribers (the Ink UI, the non-interactive runner) when the walk changed.
import type { CheckResult } from '../cluster/types';
import { answer, abandon, proceed, startWalk, submitResults } from '../engine/walk';
import type { PlannedCheck, WalkState } from '../engine/state';
import type { Runbook } from '../runbook/schema';
import type { Recorder } from '../session/events';

export type CheckRunner = (check: PlannedCheck & { runnable: true }) => Promise<CheckResult>;

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
}

export class WalkController {
  #snapshot: Snapshot;
  #listeners = new Set<(s: Snapshot) => void>();
  #opts: WalkOptions;

  constructor(opts: WalkOptions) {
    this.#opts = opts;
    const state = startWalk(opts.runbook, opts.params, this.#now());
    this.#snapshot = { state, inFlight: [], notes: [], paused: false };
    opts.recorder.record({ type: 'walk-started', at: this.#now(), runbook: opts.runbook.id, version: opts.runbook.version, params: opts.params });
    this.#afterTransition(undefined);
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

  /** Stops the walk where it stands (inconclusive). Everything recorded so far is kept. */
  stop(reason: string): void {
    if (this.#snapshot.state.phase.kind === 'concluded') return;
    this.#transition(abandon(this.#snapshot.state, reason, this.#now()));
  }

  #transition(state: WalkState): void {
    const before = this.#snapshot.state;
    this.#set({ ...this.#snapshot, state, inFlight: [], paused: false });
    this.#afterTransition(before);
  }

  #afterTransition(before: WalkState | undefined): void {
    const { state } = this.#snapshot;
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
      recorder.record({ type: 'step-entered', at: entry.enteredAt, step: entry.step, title: entry.title });
      if (entry.leftAt) recorder.record({ type: 'step-left', at: entry.leftAt, step: entry.step, mark: entry.mark, finding: entry.finding, next: entry.next });
    }
    const phase = state.phase;
    if (phase.kind === 'checking') {
      if (this.#opts.stepByStep && before) this.#set({ ...this.#snapshot, paused: true });
      else void this.#runChecks(phase.checks);
    }
    else if (phase.kind === 'asking') recorder.record({ type: 'asked', at: this.#now(), step: phase.step, question: phase.question, because: phase.because });
    else if (phase.kind === 'concluded') recorder.record({ type: 'concluded', at: this.#now(), conclusion: phase.conclusion });
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
