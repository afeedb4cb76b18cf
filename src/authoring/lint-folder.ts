// Everything `runbook lint` says about one runbook folder: the runbook's own problems, its
// scenario files' problems, and the checks that need both (symptoms no scenario exercises).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scenarioNames } from '../commands/list';
import { loadRunbook, sortProblems } from '../runbook/load';
import type { Problem } from '../runbook/source';
import { loadScenario, ScenarioError, type Scenario } from '../sim/scenario';
import { unexercisedSymptoms } from './symptom-coverage';

export async function lintRunbookFolder(target: string): Promise<Problem[]> {
  if (!existsSync(target)) return [{ file: target, line: 1, column: 1, severity: 'error', message: 'no such file or folder' }];
  const loaded = await loadRunbook(target);
  const dir = loaded.ok ? loaded.dir : dirname(loaded.file);
  const problems = loaded.ok ? [...loaded.warnings] : [...loaded.problems];

  // Scenarios are checked even when the runbook is invalid: every problem at once.
  const scenarios: Scenario[] = [];
  const names = scenarioNames(dir);
  for (const name of names) {
    try {
      scenarios.push(await loadScenario(join(dir, 'scenarios', `${name}.yaml`)));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(...e.issues.map((i) => ({ ...parseLocation(i.location), severity: 'error' as const, message: i.message })));
    }
  }
  if (loaded.ok) {
    if (names.length === 0) {
      problems.push({ ...loaded.source.locate(['id']), severity: 'warning', message: `no scenarios in ${join(dir, 'scenarios')}: \`runbook test\` has nothing to walk` });
    }
    // With a scenario that does not load its logs are unknown: calling a symptom unexercised would mislead.
    if (scenarios.length === names.length) problems.push(...unexercisedSymptoms(loaded.runbook, loaded.source, scenarios));
  }
  return sortProblems(problems);
}

/** `file:line:column` as ScenarioError words it; the file itself may contain colons. */
export function parseLocation(location: string): { file: string; line: number; column: number } {
  const m = /^(.*):(\d+):(\d+)$/.exec(location);
  return m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : { file: location, line: 1, column: 1 };
}
