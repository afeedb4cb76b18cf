// `runbook test [PATH…]`: every scenario of each runbook walked through the simulator, compared
// with its expected path and verdict; then the branches no scenario reaches.
import { join } from 'node:path';
import { describeEdge, testableEdges, uncovered } from '../authoring/coverage';
import { runScenario, type ScenarioRun } from '../authoring/scenario-run';
import { loadRunbook } from '../runbook/load';
import { listRunbookDirs, runbookDirs } from '../runbook/library';
import { formatProblem } from '../runbook/problem';
import { loadScenario, ScenarioError } from '../sim/scenario';
import { EXIT, type Io } from './exit-codes';
import { scenarioNames } from './list';

interface RunbookReport {
  runbook: string;
  dir: string;
  problems: string[];
  scenarios: Omit<ScenarioRun, 'state' | 'events'>[];
  /** Branches, options and `next` edges some scenario walks, of all a test can walk. */
  coverage?: { covered: number; total: number };
  uncovered: string[];
}

export async function testCommand(paths: string[], opts: { json: boolean }, io: Io): Promise<number> {
  const dirs = paths.length ? paths : listRunbookDirs(runbookDirs()).map((e) => e.dir);
  const reports: RunbookReport[] = [];
  for (const dir of dirs) reports.push(await testRunbook(dir, opts.json ? undefined : io));
  const all = reports.flatMap((r) => r.scenarios);
  const passed = all.filter((s) => s.ok).length;
  const failed = all.length - passed + reports.filter((r) => r.problems.length).length;
  if (opts.json) io.stdout.write(`${JSON.stringify({ passed, failed, runbooks: reports }, null, 2)}\n`);
  else io.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed ? EXIT.problem : EXIT.done;
}

async function testRunbook(dir: string, io: Io | undefined): Promise<RunbookReport> {
  const loaded = await loadRunbook(dir);
  const report: RunbookReport = { runbook: dir, dir, problems: [], scenarios: [], uncovered: [] };
  if (!loaded.ok) {
    report.problems = loaded.problems.map(formatProblem);
    io?.stdout.write(`${dir}\n${report.problems.map((p) => `  ✗ ${p}`).join('\n')}\n`);
    return report;
  }
  const { runbook } = loaded;
  report.runbook = runbook.id;
  io?.stdout.write(`${runbook.id}\n`);
  const paths = [];
  const names = scenarioNames(loaded.dir);
  if (names.length === 0) report.problems.push('no scenarios');
  for (const name of names) {
    let run: ScenarioRun;
    try {
      run = await runScenario(runbook, await loadScenario(join(loaded.dir, 'scenarios', `${name}.yaml`)));
    } catch (e) {
      const message = e instanceof ScenarioError ? e.issues.map((i) => `${i.location}: ${i.message}`).join('; ') : (e as Error).message;
      run = { scenario: name, ok: false, failures: [message], path: [], events: [] };
    }
    if (run.state) paths.push(run.state.path);
    const { state: _state, events: _events, ...summary } = run;
    report.scenarios.push(summary);
    io?.stdout.write(`  ${run.ok ? '✓' : '✗'} ${name}  ${run.path.join(' → ')}${run.verdict ? ` (${run.verdict})` : ''}\n`);
    for (const f of run.failures) io?.stdout.write(`      ${f}\n`);
  }
  report.uncovered = uncovered(runbook, paths).map(describeEdge);
  const total = testableEdges(runbook).length;
  report.coverage = { covered: total - report.uncovered.length, total };
  io?.stdout.write(`  branch coverage: ${report.coverage.covered}/${total}${report.uncovered.length ? '; branches no scenario reaches:' : ''}\n`);
  if (report.uncovered.length) io?.stdout.write(`${report.uncovered.map((e) => `    - ${e}`).join('\n')}\n`);
  for (const p of report.problems) io?.stdout.write(`  ✗ ${p}\n`);
  return report;
}
