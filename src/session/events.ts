// What the journal records: one event per line, in the order things happened.
import type { CheckResult } from '../cluster/types';
import type { Conclusion } from '../engine/state';
import type { Mark } from '../runbook/schema';

export type WalkEvent =
  | { type: 'walk-started'; at: string; runbook: string; version: number; params: Record<string, string> }
  | { type: 'step-entered'; at: string; step: string; title: string }
  | { type: 'check-started'; at: string; name: string; command: string }
  | { type: 'check-finished'; at: string; name: string; result: CheckResult }
  | { type: 'check-skipped'; at: string; name: string; error: string }
  | { type: 'step-left'; at: string; step: string; mark?: Mark | undefined; finding?: string | undefined; next?: string | undefined }
  | { type: 'asked'; at: string; step: string; question: string; because: string }
  | { type: 'answered'; at: string; step: string; option: number; label: string }
  | { type: 'note'; at: string; step: string; text: string }
  | { type: 'concluded'; at: string; conclusion: Conclusion };

export interface Recorder {
  record(event: WalkEvent): void;
}
