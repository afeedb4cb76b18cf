// `runbook graph ID [--format mermaid|text]`: the decision tree, for a pull request or the terminal.
import { mermaidGraph, textTree } from '../authoring/graph-render';
import { findRunbook } from '../runbook/library';
import { formatProblem } from '../runbook/source';
import { EXIT, type Io } from './exit-codes';

export const GRAPH_FORMATS = ['text', 'mermaid'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export async function graphCommand(opts: { runbook: string; format: GraphFormat }, io: Io): Promise<number> {
  const found = await findRunbook(opts.runbook);
  if ('missing' in found) {
    io.stderr.write(`runbook: no runbook "${opts.runbook}"${found.known.length ? ` (known: ${found.known.join(', ')})` : ''}\n`);
    return EXIT.usage;
  }
  if (!found.ok) {
    for (const p of found.problems) io.stderr.write(`${formatProblem(p)}\n`);
    io.stderr.write(`runbook: ${found.file} is invalid; fix it first (runbook lint ${found.file})\n`);
    return EXIT.usage;
  }
  io.stdout.write(opts.format === 'mermaid' ? mermaidGraph(found.runbook) : textTree(found.runbook));
  return EXIT.done;
}
