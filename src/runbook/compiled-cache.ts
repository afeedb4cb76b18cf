// Validated runbooks by content: $XDG_CACHE_HOME/runbook/compiled (default ~/.cache/runbook).
// A walk then reads one JSON file instead of loading the YAML parser and the schema, which
// cost more than the walk itself. An entry is named by a hash of the build, the runbook's path
// and its text, so an edit, a move or an upgrade simply misses; it is never stale.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Runbook } from './schema';
import { xdgDir } from '../xdg';

/** Set by scripts/build.js to a hash of the sources and the lockfile; absent when run from source. */
declare const __RUNBOOK_BUILD__: string | undefined;

/** Entries kept: enough for every runbook of a large library and their recent edits. */
const KEEP = 200;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = xdgDir('XDG_CACHE_HOME', env);
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
    const key = this.#key(file, text);
    if (!key) return undefined;
    try {
      const entry = join(this.dir, `${key}.json`);
      if (!privateTo(this.dir, 'directory') || !privateTo(entry, 'file')) return undefined;
      const value: unknown = JSON.parse(readFileSync(entry, 'utf8'));
      // The entry names its key: one renamed or copied from another entry is not this runbook.
      return isEntry(value) && value.key === key ? value.runbook : undefined;
    } catch {
      return undefined;
    }
  }

  /** Best effort: a cache that cannot be written (read-only home, full disk, a folder others can write) only costs time. */
  write(file: string, text: string, runbook: Runbook): void {
    const key = this.#key(file, text);
    if (!key) return;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!privateTo(this.dir, 'directory')) return;
      // Numbers JSON cannot hold (.inf, .nan in a YAML value) would come back as null: not cached.
      const json = JSON.stringify({ key, runbook }, (_, v: unknown) => {
        if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError('not representable in JSON');
        return v;
      });
      // A name nobody can guess, created here or not at all: never through a planted link.
      const partial = join(this.dir, `${key}.${randomBytes(8).toString('hex')}.tmp`);
      writeFileSync(partial, json, { mode: 0o600, flag: 'wx' });
      renameSync(partial, join(this.dir, `${key}.json`));
      this.#prune();
    } catch {
      // not cached
    }
  }

  #key(file: string, text: string): string | undefined {
    if (!this.build) return undefined;
    return createHash('sha256').update(this.build).update('\0').update(resolve(file)).update('\0').update(text).digest('hex');
  }

  #prune(): void {
    const files = readdirSync(this.dir).map((f) => ({ path: join(this.dir, f), name: f, at: statSync(join(this.dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
    // Partial writes of processes that died between write and rename.
    for (const partial of files.filter((f) => f.name.endsWith('.tmp') && f.at < Date.now() - 3_600_000)) rmSync(partial.path, { force: true });
    const entries = files.filter((f) => f.name.endsWith('.json')).sort((a, b) => b.at - a.at);
    for (const old of entries.slice(KEEP)) rmSync(old.path, { force: true });
  }
}

/**
 * A runbook decides which commands a walk runs, so the cache counts only what this user wrote and
 * nobody else can change: the entry and its folder owned by this user, not writable by group or
 * others, and not symbolic links (a shared or loosely set XDG_CACHE_HOME must not plant a runbook).
 */
function privateTo(path: string, kind: 'file' | 'directory'): boolean {
  const st = lstatSync(path);
  const uid = process.getuid?.();
  const isKind = kind === 'file' ? st.isFile() : st.isDirectory();
  return isKind && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

/** A truncated or foreign file is a miss, not a runbook. */
function isEntry(value: unknown): value is { key: string; runbook: Runbook } {
  if (typeof value !== 'object' || value === null) return false;
  const { key, runbook } = value as { key?: unknown; runbook?: { id?: unknown; steps?: unknown } | null };
  return typeof key === 'string' && typeof runbook === 'object' && runbook !== null && typeof runbook.id === 'string' && typeof runbook.steps === 'object' && runbook.steps !== null;
}
