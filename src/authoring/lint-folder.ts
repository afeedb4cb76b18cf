// Everything `runbook lint` says about one runbook folder: the runbook's own problems, its
// scenario files' problems, and the checks that need both (symptoms no scenario exercises,
// expected paths the tree does not allow).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scenarioNames } from '../commands/list';
import { loadRunbook } from '../runbook/load';
import { runbookSchema, type Runbook } from '../runbook/schema';
import { YamlSource } from '../runbook/source';
import { sortProblems, type Problem } from '../runbook/problem';
import { loadScenario, ScenarioError, type Scenario } from '../sim/scenario';
import { modelineProblems } from './schema-modeline';
import { scenarioProblems } from './scenario-lint';
import { unexercisedSymptoms } from './symptom-coverage';

export async function lintRunbookFolder(target: string): Promise<Problem[]> {
  if (!existsSync(target)) return [{ file: target, line: 1, column: 1, severity: 'error', message: 'no such file or folder' }];
  const loaded = await loadRunbook(target);
  const dir = loaded.ok ? loaded.dir : dirname(loaded.file);
  const problems = loaded.ok ? [...loaded.warnings] : [...loaded.problems];
  // A runbook with semantic errors still has a shape: the checks that need scenarios run on it too.
  const shaped = loaded.ok ? { runbook: loaded.runbook, source: loaded.source } : shapedDespiteProblems(loaded.file);
  const text = readText(loaded.file);
  if (text !== undefined) problems.push(...modelineProblems(loaded.file, text, 'runbook.schema.json'));

  // Scenarios are checked even when the runbook is invalid: every problem at once.
  const scenarios: Scenario[] = [];
  const names = scenarioNames(dir);
  for (const name of names) {
    const file = join(dir, 'scenarios', `${name}.yaml`);
    problems.push(...modelineProblems(file, readFileSync(file, 'utf8'), 'scenario.schema.json'));
    try {
      scenarios.push(await loadScenario(file));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(...e.issues.map((i) => ({ ...parseLocation(i.location), severity: 'error' as const, message: i.message })));
    }
  }
  if (shaped) {
    if (names.length === 0) {
      problems.push({ ...shaped.source.locate(['id']), severity: 'warning', message: `no scenarios in ${join(dir, 'scenarios')}: \`runbook test\` has nothing to walk` });
    }
    for (const scenario of scenarios) problems.push(...scenarioProblems(shaped.runbook, scenario));
    // With a scenario that does not load its logs are unknown: calling a symptom unexercised would mislead.
    if (scenarios.length === names.length) problems.push(...unexercisedSymptoms(shaped.runbook, shaped.source, scenarios));
  }
  return sortProblems(problems);
}

/** The runbook as the schema reads it, when only the semantic checks failed (else undefined). */
function shapedDespiteProblems(file: string): { runbook: Runbook; source: YamlSource } | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const source = new YamlSource(file, text);
  if (source.syntaxProblems().length) return undefined;
  const parsed = runbookSchema.safeParse(source.value());
  return parsed.success ? { runbook: parsed.data, source } : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `file:line:column` as ScenarioError words it; the file itself may contain colons. */
export function parseLocation(location: string): { file: string; line: number; column: number } {
  const m = /^(.*):(\d+):(\d+)$/.exec(location);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : { file: location, line: 1, column: 1 };
}
