// Symptom patterns no scenario exercises: a `symptoms.logs` regex that matches no line of any
// scenario's logs is untested, and likely wrong (an escaped dot too few, a reworded log line).
import type { Runbook } from '../runbook/schema';
import type { YamlSource } from '../runbook/source';
import type { Problem } from '../runbook/problem';
import type { Scenario } from '../sim/scenario';

/** Flags as the symptom matcher compiles them: case-insensitive, per line. */
const SYMPTOM_FLAGS = 'i';

export function unexercisedSymptoms(runbook: Runbook, source: YamlSource, scenarios: Scenario[]): Problem[] {
  const lines = scenarios.flatMap((s) => Object.values(s.logs).flatMap((text) => text.split('\n')));
  const lookAlikes = compileAll(runbook.symptoms.notLogs);
  // A line a notLogs pattern excludes does not count: the matcher would ignore it too.
  const counted = lines.filter((line) => !lookAlikes.some((re) => re.test(line)));
  const problems: Problem[] = [];
  runbook.symptoms.logs.forEach((pattern, i) => {
    const re = compile(pattern);
    if (!re) return; // validateRunbook reports it
    if (counted.some((line) => re.test(line))) return;
    const excluded = lines.some((line) => re.test(line));
    const where =
      scenarios.length === 0
        ? 'there are no scenarios'
        : excluded
          ? 'the only scenario log lines it matches also match a notLogs pattern'
          : `no line of the logs of ${scenarios.length === 1 ? 'scenario' : 'scenarios'} ${scenarios.map((s) => s.name).join(', ')} matches it`;
    problems.push({ ...source.locate(['symptoms', 'logs', i]), severity: 'warning', message: `symptom pattern not exercised by any scenario: ${where}` });
  });
  return problems;
}

function compile(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, SYMPTOM_FLAGS);
  } catch {
    return undefined;
  }
}

function compileAll(patterns: string[]): RegExp[] {
  return patterns.map(compile).filter((re): re is RegExp => re !== undefined);
}
