// The sessions on this machine: one journal per walk under the state directory. A journal
// copied from elsewhere is taken in by path and kept beside the others.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { historyOf, type SessionStatus } from './history';
import { checkedEvent } from './event-check';
import { JournalError, readJournalFile } from './journal';
import { sessionsDir } from './paths';

export interface SessionSummary {
  id: string;
  path: string;
  runbook: string;
  version: number;
  startedAt: string;
  context?: string | undefined;
  status: SessionStatus;
  /** When the journal last changed. */
  modified: Date;
}

export type SessionListing = { ok: true; summary: SessionSummary } | { ok: false; id: string; path: string; message: string };

export function sessionIdOf(path: string): string {
  return basename(path).replace(/\.jsonl$/, '');
}

/** Every journal in the sessions directory, newest first; an unreadable one says why. */
export function listSessions(dir = sessionsDir()): SessionListing[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const listed = files.map((file): SessionListing & { modified: number } => {
    const path = join(dir, file);
    const modified = statSync(path).mtime;
    try {
      return { ok: true, summary: summarize(path), modified: modified.getTime() };
    } catch (e) {
      return { ok: false, id: sessionIdOf(path), path, message: (e as Error).message, modified: modified.getTime() };
    }
  });
  return listed.sort((a, b) => b.modified - a.modified || (a.ok ? a.summary.id : a.id).localeCompare(b.ok ? b.summary.id : b.id)).map(({ modified: _, ...rest }) => rest as SessionListing);
}

export function summarize(path: string): SessionSummary {
  const { events } = readJournalFile(path, checkedEvent);
  if (events.length === 0) throw new JournalError(`${path}: empty journal`);
  const history = historyOf(events);
  const { start } = history;
  return {
    id: sessionIdOf(path),
    path,
    runbook: start.runbook,
    version: start.version,
    startedAt: start.at,
    context: history.connection.context,
    status: history.status,
    modified: statSync(path).mtime,
  };
}

export type Located = { ok: true; path: string; id: string; imported?: string | undefined } | { ok: false; message: string };

/**
 * SESSION as an id (or the unique start of one) in the sessions directory, or a journal file
 * anywhere; none: the most recent session `pick` accepts.
 */
export function locateSession(ref: string | undefined, pick: (s: SessionSummary) => boolean, what: string, dir = sessionsDir()): Located {
  if (ref === undefined) {
    const found = listSessions(dir).find((s) => s.ok && pick(s.summary));
    if (!found || !found.ok) return { ok: false, message: `no ${what} session in ${dir}; \`runbook sessions\` lists them` };
    return { ok: true, path: found.summary.path, id: found.summary.id };
  }
  if (ref.includes('/') || ref.endsWith('.jsonl')) {
    const path = resolve(ref);
    if (!existsSync(path)) return { ok: false, message: `no journal at ${path}` };
    return { ok: true, path, id: sessionIdOf(path) };
  }
  const exact = join(dir, `${ref}.jsonl`);
  if (existsSync(exact)) return { ok: true, path: exact, id: ref };
  const ids = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -'.jsonl'.length)) : [];
  const matches = ids.filter((id) => id.startsWith(ref));
  if (matches.length === 1) return { ok: true, path: join(dir, `${matches[0]}.jsonl`), id: matches[0]! };
  if (matches.length > 1) return { ok: false, message: `session "${ref}" is ambiguous: ${matches.join(', ')}` };
  return { ok: false, message: `no session "${ref}" in ${dir}; \`runbook sessions\` lists them, or pass the path of a journal file` };
}

/**
 * A journal from another machine (or anywhere outside the sessions directory) is copied in, so
 * that the resumed walk is listed and appended to here; the original is left as it was.
 */
export function adoptJournal(path: string, dir = sessionsDir()): Located {
  const id = sessionIdOf(path);
  if (resolve(dirname(path)) === resolve(dir)) return { ok: true, path, id };
  const target = join(dir, `${id}.jsonl`);
  if (existsSync(target)) {
    if (readFileSync(target).equals(readFileSync(path))) return { ok: true, path: target, id };
    return { ok: false, message: `a different session ${id} already exists at ${target}; resume it by id, or rename the file you copied` };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  copyFileSync(path, target);
  return { ok: true, path: target, id, imported: path };
}
