// The append-only record of a walk: one JSON event per line, redacted, flushed to disk before
// the event is shown, so that a crash loses at most the event in flight.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckResult } from '../cluster/types';
import type { Recorder, WalkEvent } from './events';
import { redactValue } from './redact';

/** Output kept per stream in the journal; the rest is elided in the middle. */
export const OUTPUT_LIMIT = 64 * 1024;

export class Journal implements Recorder {
  #fd: number | undefined;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(path, 'a', 0o600);
  }

  record(event: WalkEvent): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, `${JSON.stringify(redactValue(bounded(event)))}\n`);
    fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Reads a journal; a torn last line (the event in flight at a crash) is dropped. */
export function readJournal(path: string): WalkEvent[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const events: WalkEvent[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as WalkEvent);
    } catch (e) {
      if (i >= lines.length - 2) break;
      throw new Error(`${path}:${i + 1}: not a journal line: ${(e as Error).message}`);
    }
  }
  return events;
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
