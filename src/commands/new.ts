// `runbook new ID [--dir DIR]`: scaffolds DIR/ID (default ./runbooks/ID) from src/authoring/scaffold.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { idProblem, scaffoldFiles } from '../authoring/scaffold';
import { packageRoot } from '../runbook/library';
import { EXIT, type Io } from './exit-codes';

export async function newCommand(opts: { id: string; dir?: string | undefined }, io: Io): Promise<number> {
  const problem = idProblem(opts.id);
  if (problem) {
    io.stderr.write(`runbook new: ${problem}\n`);
    return EXIT.usage;
  }
  const folder = resolve(opts.dir ?? 'runbooks', opts.id);
  if (existsSync(folder)) {
    io.stderr.write(`runbook new: ${folder} already exists; not overwriting it\n`);
    return EXIT.usage;
  }
  const schemaDir = relative(folder, join(packageRoot(), 'schema')).split(sep).join('/');
  const files = scaffoldFiles(opts.id, schemaDir);
  try {
    for (const f of files) {
      const path = join(folder, f.path);
      await mkdir(dirname(path), { recursive: true });
      // 'wx': never replace a file, even one created since the check above.
      await writeFile(path, f.text, { flag: 'wx' });
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`runbook new: cannot write ${err.path ?? folder}: ${err.code ?? err.message}\n`);
    return EXIT.usage;
  }
  const relativeFolder = relative(process.cwd(), folder);
  // A bare id would be looked up in RUNBOOK_PATH; a path with a slash is read as a folder.
  const shown = relativeFolder.startsWith('..') || relativeFolder.includes('/') ? relativeFolder : `./${relativeFolder}`;
  io.stdout.write(
    [
      `created ${shown}/`,
      ...files.map((f) => `  ${f.path}`),
      '',
      'next:',
      `  runbook lint ${shown}          # every problem, file:line:column`,
      `  runbook test ${shown}          # walks both scenarios through the simulator`,
      `  runbook graph ${shown}         # the decision tree (--format mermaid for docs)`,
      ...(opts.dir ? [`  RUNBOOK_PATH=${resolve(opts.dir)} runbook run ${opts.id}   # so run/demo find it by id`] : []),
      '',
    ].join('\n'),
  );
  return EXIT.done;
}
