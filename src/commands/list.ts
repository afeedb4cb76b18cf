// `runbook list`: the runbooks this installation knows.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listRunbookDirs, readRunbook } from '../runbook/library';
import { sanitizeLine } from '../session/sanitize';
import { EXIT, type Io } from './exit-codes';

export async function listCommand(opts: { json: boolean }, io: Io): Promise<number> {
  const rows = [];
  for (const entry of listRunbookDirs()) {
    const loaded = await readRunbook(entry.dir);
    const scenarios = scenarioNames(entry.dir);
    rows.push(loaded.ok ? { id: entry.id, title: loaded.runbook.title, valid: true, dir: entry.dir, scenarios } : { id: entry.id, title: '(invalid: run `runbook lint`)', valid: false, dir: entry.dir, scenarios });
  }
  if (opts.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    const width = Math.max(0, ...rows.map((r) => r.id.length));
    // A runbook from RUNBOOK_PATH is anyone's text: printed terminal-safe, on one line.
    for (const r of rows) io.stdout.write(`${r.id.padEnd(width)}  ${sanitizeLine(r.title)}\n`);
  }
  return EXIT.done;
}

export function scenarioNames(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'scenarios'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}
