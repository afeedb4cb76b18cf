// Where runbooks are found: the folders in $RUNBOOK_PATH (colon-separated), then the ones
// shipped with the package. One folder per runbook, named by its id.
import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../package-root';
import { CompiledRunbooks } from './compiled-cache';
import type { Problem } from './problem';
import type { Runbook } from './schema';

export const RUNBOOK_FILE = 'runbook.yaml';

export { packageRoot };

export function builtinRunbooksDir(): string {
  return join(packageRoot(), 'runbooks');
}

export function runbookDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.RUNBOOK_PATH ?? '').split(':').filter(Boolean).map((d) => resolve(d));
  return [...extra, builtinRunbooksDir()];
}

export interface RunbookEntry {
  id: string;
  dir: string;
}

/** Every runbook folder (a folder holding runbook.yaml); an id found twice resolves to the first. */
export function listRunbookDirs(dirs = runbookDirs()): RunbookEntry[] {
  const seen = new Map<string, RunbookEntry>();
  for (const base of dirs) {
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (!entry.isDirectory() || seen.has(entry.name)) continue;
      const dir = join(base, entry.name);
      if (existsSync(join(dir, RUNBOOK_FILE))) seen.set(entry.name, { id: entry.name, dir });
    }
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A runbook ready to walk, or why it is not: the problems of an invalid one are located. */
export type Found = { ok: true; runbook: Runbook; file: string; dir: string } | { ok: false; file: string; problems: Problem[] };
export type Missing = { ok: false; missing: true; known: string[] };

/** A runbook by id, or by path to its folder or file. */
export async function findRunbook(idOrPath: string, dirs = runbookDirs(), cache = CompiledRunbooks.forThisBuild()): Promise<Found | Missing> {
  if (idOrPath.includes('/') || idOrPath.endsWith('.yaml')) return readRunbook(idOrPath, cache);
  const entry = listRunbookDirs(dirs).find((e) => e.id === idOrPath);
  if (!entry) return { ok: false, missing: true, known: listRunbookDirs(dirs).map((e) => e.id) };
  return readRunbook(entry.dir, cache);
}

/**
 * A runbook folder or file, validated: from the compiled cache when this build has validated
 * exactly this text before, otherwise through the YAML parser and the schema (loaded only then).
 * Authoring commands, which need positions and warnings, use loadRunbook from ./load instead.
 */
export async function readRunbook(path: string, cache = CompiledRunbooks.forThisBuild()): Promise<Found> {
  const read = await runbookText(path);
  if (!read.ok) return read;
  const { file, text } = read;
  const compiled = cache.read(file, text);
  if (compiled) return { ok: true, runbook: compiled, file, dir: dirname(file) };
  const { parseRunbook } = await import('./load');
  const loaded = parseRunbook(file, text);
  if (!loaded.ok) return loaded;
  cache.write(file, text, loaded.runbook);
  return { ok: true, runbook: loaded.runbook, file, dir: loaded.dir };
}

/** The text of a runbook folder's runbook.yaml, or of a runbook file; a file that cannot be read is a located problem. */
export async function runbookText(path: string): Promise<{ ok: true; file: string; text: string } | { ok: false; file: string; problems: Problem[] }> {
  const file = (await isDirectory(path)) ? join(path, RUNBOOK_FILE) : path;
  try {
    return { ok: true, file, text: await readFile(file, 'utf8') };
  } catch (e) {
    return { ok: false, file, problems: [{ file, line: 1, column: 1, severity: 'error', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
