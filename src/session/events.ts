// What the journal records: one event per line, in the order things happened.
import type { CheckResult } from '../cluster/types';
import type { Conclusion } from '../engine/state';
import type { Mark } from '../runbook/schema';

export type WalkEvent =
  | ({ type: 'walk-started'; at: string; runbook: string; version: number; params: Record<string, string> } & WalkStartInfo)
  | { type: 'step-entered'; at: string; step: string; title: string; why?: string | undefined }
  | { type: 'check-started'; at: string; name: string; command: string }
  | { type: 'check-finished'; at: string; name: string; result: CheckResult }
  | { type: 'check-skipped'; at: string; name: string; error: string }
  | { type: 'step-left'; at: string; step: string; mark?: Mark | undefined; finding?: string | undefined; next?: string | undefined }
  | { type: 'asked'; at: string; step: string; question: string; because: string }
  | { type: 'answered'; at: string; step: string; option: number; label: string }
  | { type: 'note'; at: string; step: string; text: string }
  | { type: 'concluded'; at: string; conclusion: Conclusion }
  | { type: 'fix-planned'; at: string; step: string; applicable: boolean; reason?: string | undefined; permissions: { verb: string; resource: string; allowed: boolean }[]; diff?: string | undefined }
  | { type: 'fix-applied'; at: string; step: string; kubectl: string[]; undo: string[]; before: unknown }
  | { type: 'fix-failed'; at: string; step: string; message: string }
  | { type: 'rollout'; at: string; step: string; status: string; message: string }
  /** The operator applied a printed fix by hand and asked for its verification. */
  | { type: 'verify-requested'; at: string; step: string }
  | { type: 'verified'; at: string; step: string; verifyStep: string; verified: boolean; after?: string | undefined }
  /** The walk was stopped where it stood (operator, signal, or a question no one could answer); it can be resumed. */
  | { type: 'interrupted'; at: string; step: string; reason: string }
  /**
   * A later process took the walk over, rebuilt by replaying the journal: the walk stands at
   * `step` (the `pathLength`-th step of the path) in `phase`; a step that was checking runs its checks again.
   */
  | ({ type: 'session-resumed'; at: string; step: string; phase: string; pathLength: number; warnings: string[] } & ConnectionInfo);

/** How the walk reached its cluster: enough to reconnect, never a credential. */
export interface ConnectionInfo {
  context?: string | undefined;
  /** The kubeconfig file given on the command line (absolute), if any. */
  kubeconfig?: string | undefined;
  clusterVersion?: string | undefined;
}

/** What a later process needs to resume or report a walk, beyond the runbook id and params. */
export interface WalkStartInfo extends ConnectionInfo {
  session?: string | undefined;
  title?: string | undefined;
  /** Identifies the runbook's content (see runbookHash): a resume warns when it changed. */
  runbookHash?: string | undefined;
  /**
   * The runbook as walked (parsed): a colleague without this version of it can still resume and
   * report. Written as a Runbook; read back as unknown, to be validated before use.
   */
  definition?: unknown;
  /** The runbook file the walk used. */
  runbookFile?: string | undefined;
  namespace?: string | undefined;
  /** The runbook's symptom patterns, so that a report from the journal alone can show what matched. */
  symptoms?: { logs: string[]; alerts: string[] } | undefined;
}

export type WalkStarted = Extract<WalkEvent, { type: 'walk-started' }>;

export interface Recorder {
  record(event: WalkEvent): void;
}
