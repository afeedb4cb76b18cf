// `runbook lint [PATH…]`: every problem of every runbook at once, located; exit 2 on errors.
import { lintRunbookFolder } from '../authoring/lint-folder';
import { listRunbookDirs, runbookDirs } from '../runbook/library';
import { formatProblem, type Problem } from '../runbook/problem';
import { EXIT, type Io } from './exit-codes';

export async function lintCommand(paths: string[], opts: { json: boolean }, io: Io): Promise<number> {
  const targets = paths.length ? paths : listRunbookDirs(runbookDirs()).map((e) => e.dir);
  const problems: Problem[] = [];
  for (const target of targets) problems.push(...(await lintRunbookFolder(target)));
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ checked: targets.length, errors, warnings: problems.length - errors, problems }, null, 2)}\n`);
  } else {
    for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
    io.stdout.write(`${targets.length} runbook${targets.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}\n`);
  }
  return errors ? EXIT.usage : EXIT.done;
}
