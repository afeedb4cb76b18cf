// Reads a runbook: YAML → schema → semantic checks. Every problem is located.
import { basename, dirname, resolve } from 'node:path';
import { runbookSchema, type Runbook } from './schema';
import { schemaProblems } from './schema-problems';
import { YamlSource } from './source';
import { sortProblems, type Problem } from './problem';
import { validateRunbook } from './validate';
import { RUNBOOK_FILE, runbookText } from './library';

export { RUNBOOK_FILE };

export type Loaded =
  | { ok: true; runbook: Runbook; file: string; dir: string; source: YamlSource; warnings: Problem[] }
  | { ok: false; file: string; problems: Problem[] };

/** A runbook folder or its runbook.yaml. */
export async function loadRunbook(path: string): Promise<Loaded> {
  const read = await runbookText(path);
  return read.ok ? parseRunbook(read.file, read.text) : read;
}

export function parseRunbook(file: string, text: string): Loaded {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { ok: false, file, problems: syntax };

  const parsed = runbookSchema.safeParse(source.value());
  if (!parsed.success) {
    const problems = schemaProblems(parsed.error.issues).map((p) => ({ ...source.locate(p.path, { key: p.atKey }), message: p.message, severity: 'error' as const }));
    return { ok: false, file, problems: dedupe(problems) };
  }
  const runbook = parsed.data;
  const problems = validateRunbook(runbook, source);
  const folder = basename(dirname(resolve(file)));
  if (basename(file) === RUNBOOK_FILE && folder !== runbook.id) {
    problems.push({ ...source.locate(['id']), severity: 'error', message: `id "${runbook.id}" differs from its folder "${folder}"` });
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) return { ok: false, file, problems: sortProblems(problems) };
  return { ok: true, runbook, file, dir: dirname(file), source, warnings: sortProblems(problems) };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return sortProblems(problems).filter((p) => {
    const key = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
