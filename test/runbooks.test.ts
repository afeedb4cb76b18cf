// Every scenario of every shipped runbook, walked through the simulator: the expected path and verdict.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/authoring/scenario-run';
import { scenarioNames } from '../src/commands/list';
import { loadRunbook } from '../src/runbook/load';
import { formatProblem } from '../src/runbook/problem';
import { builtinRunbooksDir, listRunbookDirs } from '../src/runbook/library';
import { loadScenario } from '../src/sim/scenario';

const entries = listRunbookDirs([builtinRunbooksDir()]);

describe.each(entries)('runbook $id', ({ dir }) => {
  it('is valid, without warnings', async () => {
    const loaded = await loadRunbook(dir);
    expect(loaded.ok ? loaded.warnings.map(formatProblem) : loaded.problems.map(formatProblem)).toEqual([]);
  });

  it.each(scenarioNames(dir))('scenario %s walks the expected path', async (name) => {
    const loaded = await loadRunbook(dir);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const scenario = await loadScenario(join(dir, 'scenarios', `${name}.yaml`));
    expect(scenario.expect?.path, 'a scenario declares its expected path').toBeDefined();
    const run = await runScenario(loaded.runbook, scenario);
    expect(run.failures).toEqual([]);
  });

  it('has a healthy scenario that concludes healthy and points elsewhere', async () => {
    const loaded = await loadRunbook(dir);
    if (!loaded.ok) throw new Error('invalid');
    const run = await runScenario(loaded.runbook, await loadScenario(join(dir, 'scenarios', 'healthy.yaml')));
    expect(run.verdict).toBe('healthy');
    const end = run.state?.phase.kind === 'concluded' ? run.state.phase.conclusion : undefined;
    expect(end?.seeAlso.length).toBeGreaterThan(0);
  });
});
