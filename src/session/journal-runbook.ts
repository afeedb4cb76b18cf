// Which runbook a resumed walk continues with: the installed one when it is exactly the one the
// walk started with, otherwise the copy the journal carries — and the operator is told why.
import { findRunbook } from '../runbook/library';
import { runbookSchema, type Runbook } from '../runbook/schema';
import type { WalkStarted } from './events';
import { runbookHash, shortHash } from './runbook-hash';

export type JournalRunbook = { ok: true; runbook: Runbook; from: 'installed' | 'journal'; warning?: string | undefined } | { ok: false; message: string };

export async function runbookForJournal(start: WalkStarted, dirs?: string[]): Promise<JournalRunbook> {
  const installed = await findRunbook(start.runbook, dirs);
  const recorded = recordedCopy(start);
  const was = `version ${start.version}${start.runbookHash ? `, ${shortHash(start.runbookHash)}` : ''}`;
  if (installed.ok) {
    const hash = runbookHash(installed.runbook);
    if (!start.runbookHash) return { ok: true, runbook: installed.runbook, from: 'installed', warning: `the journal does not identify the runbook's content; continuing with the installed ${start.runbook} (version ${installed.runbook.version})` };
    if (hash === start.runbookHash) return { ok: true, runbook: installed.runbook, from: 'installed' };
    const now = `version ${installed.runbook.version}, ${shortHash(hash)}`;
    if (recorded) return { ok: true, runbook: recorded, from: 'journal', warning: `runbook ${start.runbook} has changed since this walk started (walked: ${was}; installed: ${now}); continuing with the version the walk used, recorded in the journal` };
    return { ok: false, message: `runbook ${start.runbook} has changed since this walk started (walked: ${was}; installed: ${now}) and the journal holds no usable copy of the version walked` };
  }
  if (recorded) {
    const why = 'missing' in installed ? 'is not installed here' : `does not load here (${installed.problems[0]?.message ?? 'invalid'})`;
    return { ok: true, runbook: recorded, from: 'journal', warning: `runbook ${start.runbook} ${why}; continuing with the copy recorded in the journal (${was})` };
  }
  if ('missing' in installed) return { ok: false, message: `runbook ${start.runbook} is not installed here and the journal holds no copy of it; add its folder to RUNBOOK_PATH` };
  return { ok: false, message: `runbook ${start.runbook} does not load: ${installed.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('; ')}` };
}

/** The runbook embedded in the journal, if it is intact (redaction or an edit would change its hash). */
function recordedCopy(start: WalkStarted): Runbook | undefined {
  if (!start.definition || !start.runbookHash) return undefined;
  const parsed = runbookSchema.safeParse(start.definition);
  if (!parsed.success || runbookHash(parsed.data) !== start.runbookHash) return undefined;
  return parsed.data;
}
