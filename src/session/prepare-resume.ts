// Everything `runbook resume` needs before it touches a cluster: the journal (taken in when it
// comes from elsewhere), the runbook the walk used, and the walk rebuilt by replay.
import type { WalkState } from '../engine/state';
import { verifyFix } from '../engine/walk';
import type { Runbook } from '../runbook/schema';
import { checkedEvent } from './event-check';
import { JournalError, readJournalFile } from './journal';
import { runbookForJournal } from './journal-runbook';
import { replayJournal, ReplayError, type Replayed } from './replay';
import { adoptJournal, locateSession } from './store';

export interface ResumeSource {
  id: string;
  path: string;
  /** The file the journal was copied in from, when it came from outside the sessions directory. */
  imported?: string | undefined;
  runbook: Runbook;
  replayed: Replayed;
  /** Where the resumed walk starts: the replayed state, moved on to a fix's verification if that was next. */
  state: WalkState;
  /** What the operator should know, also recorded with `session-resumed`. */
  warnings: string[];
}

export async function prepareResume(ref: string | undefined, now: string, dir?: string): Promise<{ ok: true; source: ResumeSource } | { ok: false; message: string }> {
  const located = locateSession(ref, (s) => s.status.kind !== 'concluded', 'unfinished', dir);
  if (!located.ok) return located;
  const adopted = adoptJournal(located.path, dir);
  if (!adopted.ok) return adopted;
  let events;
  let torn;
  try {
    ({ events, torn } = readJournalFile(adopted.path, checkedEvent));
  } catch (e) {
    if (e instanceof JournalError) return { ok: false, message: e.message };
    throw e;
  }
  if (events.length === 0) return { ok: false, message: `${adopted.path}: empty journal` };
  const start = events[0]!;
  if (start.type !== 'walk-started') return { ok: false, message: `${adopted.path}:1:1: not a runbook session journal` };
  const found = await runbookForJournal(start);
  if (!found.ok) return { ok: false, message: `cannot resume ${adopted.id}: ${found.message}` };
  let replayed: Replayed;
  try {
    replayed = replayJournal(events, found.runbook);
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    const hint = found.from === 'installed' ? '' : ' (replayed against the copy recorded in the journal)';
    return { ok: false, message: `${adopted.path}:${e.line}:1: cannot resume ${adopted.id}: ${e.message}${hint}` };
  }
  const warnings = [...(found.warning ? [found.warning] : []), ...replayed.warnings];
  if (torn) warnings.push('the last journal line was cut off by the crash; the event it held is lost');
  const state = replayed.pendingVerification ? verifyFix(replayed.state, now) : replayed.state;
  return { ok: true, source: { id: adopted.id, path: adopted.path, imported: adopted.imported, runbook: found.runbook, replayed, state, warnings } };
}
