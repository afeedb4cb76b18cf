// The append-only record of a walk: one JSON event per line, redacted, written before the event
// is shown, so that a killed process loses at most the event in flight. What the operator did,
// every step's outcome and every change to the cluster are also flushed to disk at once; the
// evidence of the step in progress waits for the next of those, so a host crash costs at most
// checks that a resumed walk runs again (an fsync per check doubled the time of a fast walk).
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckResult } from '../cluster/types';
import type { Recorder, WalkEvent } from './events';
import { redactValue } from './redact';

/** Output kept per stream in the journal; the rest is elided in the middle. */
export const OUTPUT_LIMIT = 64 * 1024;

/** Events a host crash may lose: the step in progress is entered and checked again on resume. */
const FLUSHED_WITH_THE_NEXT: ReadonlySet<WalkEvent['type']> = new Set(['step-entered', 'check-started', 'check-finished', 'check-skipped', 'rollout']);

export class Journal implements Recorder {
  #fd: number | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (existsSync(path)) dropTornTail(path);
    this.#fd = openSync(path, 'a', 0o600);
  }

  record(event: WalkEvent): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${JSON.stringify(redactValue(bounded(event)))}\n`);
    if (!FLUSHED_WITH_THE_NEXT.has(event.type)) fsyncSync(this.#fd);
  }

  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

export class JournalError extends Error {}

/** Turns a parsed line into an event, or throws a JournalError that names the line. */
export type EventCheck = (value: unknown, where: string) => WalkEvent;

/** For a journal this process wrote: every line is one of its own events. */
const ownEvent: EventCheck = (value, where) => {
  if (!isEvent(value)) throw new JournalError(`${where}: not a journal event (no "type" and "at")`);
  return value;
};

/** Reads a journal this process wrote; a torn last line (the event in flight at a crash) is dropped. */
export function readJournal(path: string): WalkEvent[] {
  return readJournalFile(path).events;
}

/**
 * The events of a journal, and whether its last line was torn (and dropped). A journal from
 * elsewhere is read with a stricter `check` (see ./event-check).
 */
export function readJournalFile(path: string, check: EventCheck = ownEvent): { events: WalkEvent[]; torn: boolean } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new JournalError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = text.split('\n');
  const events: WalkEvent[] = [];
  let torn = false;
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch (e) {
      // Only the last line can be torn: every earlier one was complete when the next was written.
      if (i === lines.length - 1) {
        torn = true;
        break;
      }
      throw new JournalError(`${path}:${i + 1}:1: not a journal line: ${(e as Error).message}`);
    }
    events.push(check(event, `${path}:${i + 1}:1`));
  }
  if (events.length && events[0]!.type !== 'walk-started') throw new JournalError(`${path}:1:1: not a runbook session journal: the first event is "${events[0]!.type}", not "walk-started"`);
  return { events, torn };
}

function parses(line: string): boolean {
  try {
    return isEvent(JSON.parse(line));
  } catch {
    return false;
  }
}

function isEvent(value: unknown): value is WalkEvent {
  if (value === null || typeof value !== 'object') return false;
  const { type, at } = value as { type?: unknown; at?: unknown };
  return typeof type === 'string' && typeof at === 'string';
}

/**
 * Makes the journal end at a line break so that appending starts on a line of its own: a torn
 * last line is cut, a complete one that only lacks its newline gets it.
 */
function dropTornTail(path: string): void {
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  const lineStart = bytes.lastIndexOf(0x0a) + 1;
  const fd = openSync(path, 'r+');
  try {
    if (parses(bytes.subarray(lineStart).toString('utf8'))) writeSync(fd, '\n', bytes.length);
    else ftruncateSync(fd, lineStart);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function bounded(event: WalkEvent): WalkEvent {
  if (event.type !== 'check-finished' || event.result.status !== 'ran') return event;
  const r = event.result;
  const result: CheckResult = { ...r, stdout: elide(r.stdout), stderr: elide(r.stderr) };
  return { ...event, result };
}

export function elide(text: string, limit = OUTPUT_LIMIT): string {
  if (text.length <= limit) return text;
  const half = Math.floor(limit / 2);
  const dropped = text.length - 2 * half;
  return `${text.slice(0, half)}\n… ${dropped} characters elided …\n${text.slice(-half)}`;
}
