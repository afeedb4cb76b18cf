// Where runbooks are found: the folders in $RUNBOOK_PATH (colon-separated), then the ones
// shipped with the package. One folder per runbook, named by its id.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root';
import { loadRunbook, RUNBOOK_FILE, type Loaded } from './load';

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

/** A runbook by id, or by path to its folder or file. */
export async function findRunbook(idOrPath: string, dirs = runbookDirs()): Promise<Loaded | { ok: false; missing: true; known: string[] }> {
  if (idOrPath.includes('/') || idOrPath.endsWith('.yaml')) return loadRunbook(idOrPath);
  const entry = listRunbookDirs(dirs).find((e) => e.id === idOrPath);
  if (!entry) return { ok: false, missing: true, known: listRunbookDirs(dirs).map((e) => e.id) };
  return loadRunbook(entry.dir);
}
