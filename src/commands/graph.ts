// `runbook graph ID [--format mermaid|text]`: the decision tree, for a pull request or the terminal.
import { mermaidGraph, textTree } from '../authoring/graph-render';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRunbook } from '../runbook/library';
import { loadRunbook, RUNBOOK_FILE } from '../runbook/load';
import { formatProblem } from '../runbook/problem';
import { sanitizeOutput } from '../session/sanitize';
import { EXIT, type Io } from './exit-codes';

export const GRAPH_FORMATS = ['text', 'mermaid'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export async function graphCommand(opts: { runbook: string; format: GraphFormat }, io: Io): Promise<number> {
  // A folder given as `.` or `my-runbook` (no slash) is still a path when it holds a runbook.
  const found = existsSync(join(opts.runbook, RUNBOOK_FILE)) ? await loadRunbook(opts.runbook) : await findRunbook(opts.runbook);
  if ('missing' in found) {
    io.stderr.write(`runbook: no runbook "${opts.runbook}"${found.known.length ? ` (known: ${found.known.join(', ')})` : ''}\n`);
    return EXIT.usage;
  }
  if (!found.ok) {
    for (const p of found.problems) io.stderr.write(`${formatProblem(p)}\n`);
    io.stderr.write(`runbook: ${found.file} is invalid; fix it first (runbook lint ${found.file})\n`);
    return EXIT.usage;
  }
  // The text tree goes to a terminal: a runbook's titles and findings are printed terminal-safe (Mermaid escapes its own labels).
  io.stdout.write(opts.format === 'mermaid' ? mermaidGraph(found.runbook) : sanitizeOutput(textTree(found.runbook)));
  return EXIT.done;
}
