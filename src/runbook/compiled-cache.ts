// Validated runbooks by content: $XDG_CACHE_HOME/runbook/compiled (default ~/.cache/runbook).
// A walk then reads one JSON file instead of loading the YAML parser and the schema, which
// cost more than the walk itself. An entry is named by a hash of the build, the runbook's path
// and its text, so an edit, a move or an upgrade simply misses; it is never stale.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Runbook } from './schema';

/** Set by scripts/build.js to a hash of the sources and the lockfile; absent when run from source. */
declare const __RUNBOOK_BUILD__: string | undefined;

/** Entries kept: enough for every runbook of a large library and their recent edits. */
const KEEP = 200;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'runbook', 'compiled');
}

export class CompiledRunbooks {
  /** `build` identifies the loader and schema that validated an entry; without one nothing is cached. */
  constructor(
    readonly dir: string,
    readonly build: string | undefined,
  ) {}

  static forThisBuild(env: NodeJS.ProcessEnv = process.env): CompiledRunbooks {
    return new CompiledRunbooks(cacheDir(env), typeof __RUNBOOK_BUILD__ === 'string' ? __RUNBOOK_BUILD__ : undefined);
  }

  /** The runbook validated earlier from exactly this file and text, if any. */
  read(file: string, text: string): Runbook | undefined {
    const entry = this.#entry(file, text);
    if (!entry) return undefined;
    try {
      if (!ownedByMe(entry)) return undefined;
      const value: unknown = JSON.parse(readFileSync(entry, 'utf8'));
      return isRunbookShaped(value) ? (value as Runbook) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written (read-only home, full disk) only costs time. */
  write(file: string, text: string, runbook: Runbook): void {
    const entry = this.#entry(file, text);
    if (!entry) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const partial = `${entry}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(runbook), { mode: 0o600 });
      renameSync(partial, entry);
      this.#prune();
    } catch {
      // not cached
    }
  }

  #entry(file: string, text: string): string | undefined {
    if (!this.build) return undefined;
    const key = createHash('sha256').update(this.build).update('\0').update(resolve(file)).update('\0').update(text).digest('hex');
    return join(this.dir, `${key}.json`);
  }

  #prune(): void {
    const entries = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    if (entries.length <= KEEP) return;
    const byAge = entries.map((f) => ({ path: join(this.dir, f), at: statSync(join(this.dir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
    for (const old of byAge.slice(KEEP)) rmSync(old.path, { force: true });
  }
}

/**
 * A runbook decides which commands a walk runs, so an entry counts only if this user wrote it and
 * nobody else can change it (a shared or loosely set XDG_CACHE_HOME must not plant a runbook).
 */
function ownedByMe(file: string): boolean {
  const st = statSync(file);
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/** A truncated or foreign file is a miss, not a runbook. */
function isRunbookShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.steps === 'object' && v.steps !== null;
}
