// A runbook folder to break on purpose: the `runbook new` scaffold, written to a temporary folder.
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scaffoldFiles } from '../../src/authoring/scaffold';
import { packageRoot } from '../../src/runbook/library';

export async function scaffoldedRunbook(id = 'demo'): Promise<{ dir: string; edit: (file: string, change: (text: string) => string) => Promise<void> }> {
  const base = await mkdtemp(join(tmpdir(), 'runbook-authoring-'));
  const dir = join(base, id);
  // Beside the runbook folder, as in the repository: the files' schema lines resolve.
  await symlink(join(packageRoot(), 'schema'), join(base, 'schema'));
  for (const f of scaffoldFiles(id, '../schema')) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.text);
  }
  const edit = async (file: string, change: (text: string) => string) => {
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    await writeFile(path, after);
  };
  return { dir, edit };
}

/** 1-based line of the first occurrence of `needle`. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, at).split('\n').length;
}
