// The walk as data. The engine turns (state, event) into the next state; whoever drives it
// (the Ink UI, the non-interactive runner) performs what the phase asks for and reports back.
import type { CheckResult, ResolvedCheck } from '../cluster/types';
import type { Mark, Runbook, Verdict } from '../runbook/schema';

/** A check of the current step, ready to run — or already known to be unrunnable. */
export type PlannedCheck = {
  name: string;
  title?: string | undefined;
  timeoutMs?: number | undefined;
  manual?: string | undefined;
} & ({ runnable: true; check: ResolvedCheck } | { runnable: false; error: string });

export interface PrintedFix {
  summary: string;
  restarts?: string | undefined;
  /** The change as an API patch, every template rendered. */
  patch?:
    | {
        apiVersion?: string | undefined;
        kind: string;
        name: string;
        namespace?: string | undefined;
        type: 'strategic' | 'merge' | 'json';
        body: unknown;
        /** The same patch as a kubectl command line (argv). */
        kubectl: string[];
      }
    | undefined;
  print?: string | undefined;
  verify?: string | undefined;
  /** The workload to wait for after applying, rendered. */
  rollout?: { apiVersion?: string | undefined; kind: string; name: string; namespace?: string | undefined } | undefined;
}

/** A fix's verification: the verify step re-run after the fix was applied. */
export interface Verification {
  /** The conclusion whose fix was applied. */
  fixStep: string;
  verifyStep: string;
  /** The branch the verify step took before the fix (undefined when the walk had not visited it). */
  before?: string | undefined;
  /** Filled once known: true when the evidence no longer leads back to the fixed problem. */
  verified?: boolean | undefined;
  after?: string | undefined;
}

export interface Conclusion {
  step: string;
  title: string;
  verdict: Verdict;
  rootCause: string;
  /** The finding of the branch that led here (most specific evidence), if any. */
  finding?: string | undefined;
  fix?: PrintedFix | undefined;
  followUps: string[];
  seeAlso: string[];
}

export interface AskOption {
  label: string;
  next: string;
  finding?: string | undefined;
}

/** What the walk waits for. */
export type Phase =
  | { kind: 'checking'; step: string; checks: PlannedCheck[] }
  | {
      kind: 'asking';
      step: string;
      question: string;
      /** Why a person must answer: the runbook's reason, or the checks that could not run. */
      because: string;
      options: AskOption[];
      /** True when the engine asks because evidence is missing, not because the runbook asks. */
      missingEvidence: boolean;
    }
  | { kind: 'info'; step: string; text: string; next: string }
  | { kind: 'concluded'; conclusion: Conclusion };

export interface PathEntry {
  step: string;
  title: string;
  why?: string | undefined;
  enteredAt: string;
  /** Names of the checks run at this visit (results live in `results` of the entry). */
  results: Record<string, CheckResult>;
  /** Filled when the step is left. */
  mark?: Mark | undefined;
  finding?: string | undefined;
  next?: string | undefined;
  /** At a check step: the index of the branch taken (branch coverage tells apart two branches to one step). */
  branch?: number | undefined;
  leftAt?: string | undefined;
  /** The operator's choice at an ask step (label). */
  answer?: string | undefined;
}

export interface WalkState {
  runbook: Runbook;
  params: Record<string, string>;
  /** Latest result of every check run so far, by check name. */
  results: Record<string, CheckResult>;
  /** Template values of every check run so far: stdout, stderr, exitCode, status, reason, captures. */
  values: Record<string, Record<string, string>>;
  path: PathEntry[];
  phase: Phase;
  /** Fix verifications, in order; the last may still be running. */
  verifications: Verification[];
}

/** What the JSON output and the postmortem call the end of a walk. */
export interface Outcome {
  step: string;
  verdict: Verdict;
  finding: string;
  rootCause: string;
}
