// What a journal tells, without the runbook: the steps visited with their evidence, the answers,
// the fix, the notes, the stops and resumes. The postmortem and the session list read this, so a
// journal copied from another machine reports the same everywhere.
import type { CheckResult } from '../cluster/types';
import type { Conclusion } from '../engine/state';
import type { Mark } from '../runbook/schema';
import type { ConnectionInfo, WalkEvent, WalkStarted } from './events';
import type { Note } from './replay';

export interface Visit {
  step: string;
  title: string;
  why?: string | undefined;
  enteredAt: string;
  /** Checks in the order they finished; a check run again after a resume appears again. */
  checks: { name: string; result: CheckResult }[];
  skipped: { name: string; error: string }[];
  question?: { text: string; because: string } | undefined;
  answer?: string | undefined;
  leftAt?: string | undefined;
  mark?: Mark | undefined;
  finding?: string | undefined;
  next?: string | undefined;
}

export interface FixRecord {
  step: string;
  planned?: Extract<WalkEvent, { type: 'fix-planned' }> | undefined;
  applied?: Extract<WalkEvent, { type: 'fix-applied' }> | undefined;
  failed?: string | undefined;
  rollout?: { status: string; message: string } | undefined;
  verified?: { verifyStep: string; verified: boolean; after?: string | undefined; at: string } | undefined;
}

export type SessionStatus =
  | { kind: 'concluded'; conclusion: Conclusion; at: string }
  | { kind: 'stopped'; step: string; reason: string; at: string }
  /** No conclusion and no recorded stop: still running, or the process died (crash, kill -9, lost host). */
  | { kind: 'open'; step: string; at: string };

export interface History {
  start: WalkStarted;
  visits: Visit[];
  notes: Note[];
  fixes: FixRecord[];
  resumes: Extract<WalkEvent, { type: 'session-resumed' }>[];
  status: SessionStatus;
  /** Every conclusion the walk reached, in order: a fixed problem, then what its verification found. */
  conclusions: Conclusion[];
  /** The connection as last recorded. */
  connection: ConnectionInfo;
  events: WalkEvent[];
}

export function historyOf(events: WalkEvent[]): History {
  const start = events[0];
  if (start?.type !== 'walk-started') throw new Error('the journal does not begin with walk-started');
  const visits: Visit[] = [];
  const notes: Note[] = [];
  const fixes: FixRecord[] = [];
  const resumes: History['resumes'] = [];
  const conclusions: Conclusion[] = [];
  let connection: ConnectionInfo = { context: start.context, kubeconfig: start.kubeconfig, clusterVersion: start.clusterVersion };
  let status: SessionStatus = { kind: 'open', step: '', at: start.at };
  let abandoning = false;
  const current = () => visits.at(-1);
  const fixAt = (step: string): FixRecord => {
    const last = fixes.at(-1);
    if (last && last.step === step && !last.verified) return last;
    const record: FixRecord = { step };
    fixes.push(record);
    return record;
  };

  for (const event of events) {
    switch (event.type) {
      case 'step-entered':
        visits.push({ step: event.step, title: event.title, why: event.why, enteredAt: event.at, checks: [], skipped: [] });
        status = { kind: 'open', step: event.step, at: event.at };
        break;
      case 'check-finished':
        current()?.checks.push({ name: event.name, result: event.result });
        break;
      case 'check-skipped':
        current()?.skipped.push({ name: event.name, error: event.error });
        break;
      case 'asked': {
        const visit = current();
        if (visit) visit.question = { text: event.question, because: event.because };
        break;
      }
      case 'answered': {
        const visit = current();
        if (visit) visit.answer = event.label;
        break;
      }
      case 'step-left': {
        if (abandoning) break;
        const visit = [...visits].reverse().find((v) => v.step === event.step && !v.leftAt);
        if (visit) Object.assign(visit, { leftAt: event.at, mark: event.mark, finding: event.finding, next: event.next });
        break;
      }
      case 'concluded':
        if (abandoning) {
          abandoning = false;
          break;
        }
        status = { kind: 'concluded', conclusion: event.conclusion, at: event.at };
        conclusions.push(event.conclusion);
        break;
      case 'interrupted':
        if (status.kind !== 'concluded') {
          status = { kind: 'stopped', step: event.step, reason: event.reason, at: event.at };
          abandoning = true;
        }
        break;
      case 'session-resumed':
        resumes.push(event);
        abandoning = false;
        if (status.kind !== 'concluded') status = { kind: 'open', step: event.step, at: event.at };
        connection = { context: event.context ?? connection.context, kubeconfig: event.kubeconfig ?? connection.kubeconfig, clusterVersion: event.clusterVersion ?? connection.clusterVersion };
        break;
      case 'note':
        notes.push({ at: event.at, step: event.step, text: event.text });
        break;
      case 'fix-planned':
        fixAt(event.step).planned = event;
        break;
      case 'fix-applied':
        fixAt(event.step).applied = event;
        break;
      case 'fix-failed':
        fixAt(event.step).failed = event.message;
        break;
      case 'rollout':
        fixAt(event.step).rollout = { status: event.status, message: event.message };
        break;
      case 'verified':
        fixAt(event.step).verified = { verifyStep: event.verifyStep, verified: event.verified, after: event.after, at: event.at };
        break;
      default:
        break;
    }
  }
  return { start, visits, notes, fixes, resumes, status, conclusions, connection, events };
}
