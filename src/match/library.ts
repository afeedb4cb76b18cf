// The signatures of every runbook this installation knows, read from the runbooks themselves.
import type { Runbook } from '../runbook/schema';
import { listRunbookDirs, readRunbook, runbookDirs } from '../runbook/library';
import { compileSignatures, type RunbookSignatures, type SignatureProblem } from './signatures';

export interface SignatureLibrary {
  runbooks: RunbookSignatures[];
  /** The runbooks the signatures came from, for callers that walk one of them next. */
  definitions: Runbook[];
  /** Runbooks that could not be loaded or whose regexes do not compile: skipped, reported. */
  problems: SignatureProblem[];
}

export async function loadSignatures(dirs: string[] = runbookDirs()): Promise<SignatureLibrary> {
  const problems: SignatureProblem[] = [];
  const runbooks: RunbookSignatures[] = [];
  const definitions: Runbook[] = [];
  for (const entry of listRunbookDirs(dirs)) {
    const loaded = await readRunbook(entry.dir);
    if (!loaded.ok) {
      problems.push({ runbook: entry.id, message: `invalid runbook (run \`runbook lint ${entry.id}\`): ${loaded.problems[0]?.message ?? 'unknown problem'}` });
      continue;
    }
    definitions.push(loaded.runbook);
    runbooks.push(compileSignatures(loaded.runbook, problems));
  }
  return { runbooks, definitions, problems };
}
