// What a scenario claims about its runbook, checked without walking it: the expected path (and
// the one after its fix) is a walk the tree allows, its end gives the expected verdict, its params exist. `runbook test`
// would find the same mistakes, but only after a simulator run and without a location.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { edgesOf } from '../runbook/graph';
import type { Runbook } from '../runbook/schema';
import { YamlSource } from '../runbook/source';
import type { Problem } from '../runbook/problem';
import { BUILTIN_PARAMS, suggest } from '../runbook/validate';
import type { Scenario } from '../sim/scenario';

type Path = (string | number)[];

export function scenarioProblems(runbook: Runbook, scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const own = sourceOf(scenario.file);
  const expectSource = declaringSource(scenario.file, 'expect') ?? own;
  const at = (source: YamlSource | undefined, path: Path, key = false) => (source ? source.locate(path, { key }) : { file: scenario.file, line: 1, column: 1 });
  const error = (source: YamlSource | undefined, path: Path, message: string, key = false) => problems.push({ ...at(source, path, key), severity: 'error', message });
  const warn = (source: YamlSource | undefined, path: Path, message: string) => problems.push({ ...at(source, path), severity: 'warning', message });

  const known = new Set<string>([...BUILTIN_PARAMS, ...Object.keys(runbook.params)]);
  for (const name of Object.keys(scenario.params)) {
    if (!known.has(name)) error(declaringSource(scenario.file, 'params', name) ?? own, ['params', name], `runbook "${runbook.id}" has no param "${name}"${suggest(name, [...known])}`, true);
  }

  const expect = scenario.expect;
  if (!expect) {
    error(own, [], 'the scenario declares no `expect: {path: [...], verdict: ...}`: `runbook test` has nothing to compare the walk with');
    return problems;
  }
  answerProblems(runbook, expect.answers, (stepId, message) => error(expectSource, ['expect', 'answers', stepId], `expect.answers: ${message}`));
  if (!expect.path) {
    warn(expectSource, ['expect'], 'the scenario declares no expect.path: `runbook test` checks only the verdict');
    return problems;
  }
  const path = expect.path;
  const stepIds = Object.keys(runbook.steps);
  const unknown = path.map((id, i) => [id, i] as const).filter(([id]) => !(id in runbook.steps));
  for (const [id, i] of unknown) error(expectSource, ['expect', 'path', i], `expect.path: unknown step "${id}"${suggest(id, stepIds)}`);
  if (unknown.length || path.length === 0) {
    if (path.length === 0) error(expectSource, ['expect', 'path'], `expect.path is empty: a walk starts at "${runbook.start}"`);
    return problems;
  }
  if (path[0] !== runbook.start) error(expectSource, ['expect', 'path', 0], `expect.path starts at "${path[0]}", but every walk starts at "${runbook.start}"`);
  walkProblems(runbook, path, expect.verdict, 'expect', (p, message) => error(expectSource, ['expect', ...p], message));
  if (expect.afterFix) afterFixProblems(runbook, scenario, path, (p, message) => error(expectSource, ['expect', 'afterFix', ...p], message));
  return problems;
}

/** Every answered step is a question of the runbook, and the answer one of its options. */
function answerProblems(runbook: Runbook, answers: Record<string, number | string> | undefined, error: (stepId: string, message: string) => void): void {
  for (const [stepId, given] of Object.entries(answers ?? {})) {
    const step = runbook.steps[stepId];
    if (!step || !('ask' in step)) {
      error(stepId, `"${stepId}" is not a question of runbook "${runbook.id}"${suggest(stepId, Object.keys(runbook.steps).filter((id) => 'ask' in runbook.steps[id]!))}`);
      continue;
    }
    const labels = step.ask.options.map((o) => o.label);
    const found = typeof given === 'number' ? given <= labels.length : labels.includes(given) || labels.filter((l) => l.toLowerCase().includes(given.toLowerCase())).length === 1;
    if (!found) error(stepId, `"${stepId}" has no option ${JSON.stringify(given)} (options: ${labels.map((l, i) => `${i + 1}. ${l}`).join('; ')})`);
  }
}

/** `expect.afterFix`: the conclusion has a fix made that way, and the walk after it is one the tree allows. */
function afterFixProblems(runbook: Runbook, scenario: Scenario, before: string[], error: (path: Path, message: string) => void): void {
  const afterFix = scenario.expect!.afterFix!;
  const conclusion = runbook.steps[before.at(-1)!];
  const fix = conclusion && 'conclusion' in conclusion ? conclusion.conclusion.fix : undefined;
  if (!fix) {
    error([], `expect.afterFix: the path ends at "${before.at(-1)}", which has no fix`);
    return;
  }
  if (!fix.verify) error([], `expect.afterFix: the fix of "${before.at(-1)}" names no verify step, so nothing is walked after it`);
  if (afterFix.by === 'apply' && !fix.patch) error(['by'], `expect.afterFix: the fix of "${before.at(-1)}" is printed for a person (no patch): make it by: hand, with the cluster after it`);
  if (afterFix.by === 'hand' && afterFix.cluster && !existsSync(join(dirname(scenario.file), `${afterFix.cluster}.yaml`))) {
    error(['cluster'], `expect.afterFix.cluster: no scenario "${afterFix.cluster}" beside this file`);
  }
  answerProblems(runbook, afterFix.answers, (stepId, message) => error(['answers', stepId], `expect.afterFix.answers: ${message}`));
  const path = afterFix.path;
  const unknown = path.map((id, i) => [id, i] as const).filter(([id]) => !(id in runbook.steps));
  for (const [id, i] of unknown) error(['path', i], `expect.afterFix.path: unknown step "${id}"${suggest(id, Object.keys(runbook.steps))}`);
  if (unknown.length) return;
  if (fix.verify && path[0] !== fix.verify) error(['path', 0], `expect.afterFix.path starts at "${path[0]}", but the fix is verified by "${fix.verify}"`);
  walkProblems(runbook, path, afterFix.verdict, 'expect.afterFix', error);
}

/**
 * `path` (known steps) is a walk the tree allows and `verdict` is where it ends. A walk in a test
 * takes no verify edge: up to the conclusion there is none to take, and after a fix
 * (expect.afterFix) the walk ends at the next conclusion.
 */
function walkProblems(runbook: Runbook, path: string[], verdict: string, name: string, error: (path: Path, message: string) => void): void {
  const edges = edgesOf(runbook).filter((e) => e.kind !== 'verify');
  for (let i = 1; i < path.length; i++) {
    const [from, to] = [path[i - 1]!, path[i]!];
    if (!edges.some((e) => e.from === from && e.to === to)) {
      const targets = [...new Set(edges.filter((e) => e.from === from).map((e) => e.to))];
      if ('conclusion' in runbook.steps[from]!) error(['path', i], `${name}.path goes on after "${from}", a conclusion: the walk ends there`);
      else error(['path', i], `${name}.path goes from "${from}" to "${to}", but no branch of "${from}" leads there${targets.length ? ` (it leads to ${targets.join(', ')})` : ''}`);
    }
  }
  const last = runbook.steps[path.at(-1)!]!;
  if ('conclusion' in last) {
    if (last.conclusion.verdict !== verdict) error(['verdict'], `${name}.verdict is ${verdict}, but the path ends at "${path.at(-1)}", whose verdict is ${last.conclusion.verdict}`);
  } else if (verdict !== 'inconclusive') {
    // A walk without a person stops at a question it cannot answer: inconclusive, never a verdict.
    error(['verdict'], `${name}.path ends at "${path.at(-1)}", which is not a conclusion: a walk stopped there is inconclusive, not ${verdict}`);
  }
}

function sourceOf(file: string): YamlSource | undefined {
  try {
    return new YamlSource(file, readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The file that writes `key` (and `sub` under it): the scenario itself, or the one it extends, transitively. */
function declaringSource(file: string, key: string, sub?: string): YamlSource | undefined {
  const seen = new Set<string>();
  for (let current: string | undefined = file; current && !seen.has(current) && existsSync(current); ) {
    seen.add(current);
    const source = sourceOf(current);
    const value = source?.value() as Record<string, unknown> | undefined;
    if (!value || typeof value !== 'object') return undefined;
    const declared = value[key];
    if (declared !== undefined && (sub === undefined || (typeof declared === 'object' && declared !== null && sub in declared))) return source;
    current = typeof value.extends === 'string' ? join(dirname(current), `${value.extends}.yaml`) : undefined;
  }
  return undefined;
}
