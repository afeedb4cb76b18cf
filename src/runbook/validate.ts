// The checks a schema cannot express: references between steps, checks and params; reachability;
// loops; regexes and versions that do not parse.
import semver from 'semver';
import { jsonPathProblem, RESULT_FIELDS } from '../engine/values';
import { ancestors, cyclesWithoutVerify, dominators, edgesOf, reachable } from './graph';
import type { Condition, Runbook } from './schema';
import type { YamlSource } from './source';
import type { Problem } from './problem';
import { parseTemplate, stringsIn, TemplateError } from './template';

type Path = (string | number)[];

/** Params every walk has, whether the runbook declares them or not. */
export const BUILTIN_PARAMS = ['namespace', 'context'] as const;

export function validateRunbook(runbook: Runbook, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const error = (path: Path, message: string, opts: { key?: boolean } = {}) =>
    problems.push({ ...source.locate(path, opts), severity: 'error', message });
  const warn = (path: Path, message: string) => problems.push({ ...source.locate(path), severity: 'warning', message });

  const stepIds = Object.keys(runbook.steps);
  const edges = edgesOf(runbook);

  if (!(runbook.start in runbook.steps)) error(['start'], `start names unknown step "${runbook.start}"${suggest(runbook.start, stepIds)}`);
  for (const e of edges) {
    if (!(e.to in runbook.steps)) error(e.path, `unknown step "${e.to}"${suggest(e.to, stepIds)}`);
  }
  const seen = runbook.start in runbook.steps ? reachable(runbook, edges) : undefined;
  if (seen) {
    for (const id of stepIds) if (!seen.has(id)) error(['steps', id], `step "${id}" is unreachable from start "${runbook.start}"`, { key: true });
  }
  for (const cycle of cyclesWithoutVerify(runbook, edges)) {
    error(['steps', cycle[0]!], `steps loop without a fix/verify edge: ${cycle.join(' → ')}`, { key: true });
  }

  // Check names are global: templates and conditions name them without their step.
  const checkStep = new Map<string, string>();
  const captures = new Map<string, Set<string>>();
  for (const [stepId, step] of Object.entries(runbook.steps)) {
    if (!('checks' in step)) continue;
    for (const [name, spec] of Object.entries(step.checks)) {
      const other = checkStep.get(name);
      if (other) error(['steps', stepId, 'checks', name], `check "${name}" is also defined in step "${other}": check names are unique in a runbook`, { key: true });
      checkStep.set(name, stepId);
      const fields = new Set<string>(RESULT_FIELDS);
      for (const [capture, how] of Object.entries(spec.capture ?? {})) {
        if ((RESULT_FIELDS as readonly string[]).includes(capture)) error(['steps', stepId, 'checks', name, 'capture', capture], `capture "${capture}" shadows a result field`, { key: true });
        fields.add(capture);
        if ('regex' in how) checkRegex(how.regex, ['steps', stepId, 'checks', name, 'capture', capture, 'regex'], error);
        else checkJsonPath(how.jsonpath, ['steps', stepId, 'checks', name, 'capture', capture, 'jsonpath'], error);
      }
      captures.set(name, fields);
    }
  }

  const params = new Set<string>([...BUILTIN_PARAMS, ...Object.keys(runbook.params)]);
  const usable = (stepId: string, ownStep: boolean) => {
    const before = ancestors(stepId, edges);
    if (ownStep) before.add(stepId);
    return before;
  };

  const alwaysBefore = dominators(runbook, edges);
  const warnedSkipped = new Set<string>();

  /**
   * `display`: the value is shown or used to run a check, not weighed by a condition. A condition
   * may ask about a check that did not run (that is what `ran` and `couldNotRun` are for); text
   * that names one shows «?» and a check built on one cannot run.
   */
  const checkReference = (name: string, field: string | undefined, stepId: string, locate: () => Path, within?: number, ownStep = true, display = false) => {
    const at = within === undefined ? source.locate(locate()) : source.locateWithin(locate(), within);
    const definedIn = checkStep.get(name);
    if (!definedIn) {
      problems.push({ ...at, severity: 'error', message: `unknown check "${name}"${suggest(name, [...checkStep.keys()])}` });
      return;
    }
    if (field !== undefined && !captures.get(name)?.has(field)) {
      problems.push({ ...at, severity: 'error', message: `check "${name}" has no field "${field}" (fields: ${[...(captures.get(name) ?? [])].join(', ')})` });
    }
    // In a step no walk reaches (reported above) "which path runs the check first" has no answer.
    const unreached = seen !== undefined && !seen.has(stepId);
    if (!unreached && ((definedIn === stepId && !ownStep) || !usable(stepId, ownStep).has(definedIn))) {
      const message =
        definedIn === stepId
          ? `check "${name}" runs in the same step; checks of one step run together and cannot use each other's results`
          : `check "${name}" runs in step "${definedIn}", which no path visits before step "${stepId}"`;
      problems.push({ ...at, severity: 'error', message });
      return;
    }
    const once = `${name}@${at.line}:${at.column}`;
    if (display && !unreached && definedIn !== stepId && !alwaysBefore.get(stepId)?.has(definedIn) && !warnedSkipped.has(once)) {
      warnedSkipped.add(once);
      const there = ownStep ? 'there this shows «?»' : 'there this check cannot run';
      problems.push({ ...at, severity: 'warning', message: `check "${name}" runs in step "${definedIn}", which some paths to step "${stepId}" skip: ${there} (use a value every path has, or split the step)` });
    }
  };

  const checkTemplates = (value: unknown, path: Path, stepId: string, ownStep = true, display = true) => {
    for (const [text, sub] of stringsIn(value, path)) {
      try {
        for (const p of parseTemplate(text)) {
          if (p.ref.kind === 'param') {
            if (!params.has(p.ref.name)) problems.push({ ...source.locateWithin(sub, p.offset), severity: 'error', message: `unknown param "${p.ref.name}"${suggest(p.ref.name, [...params])}` });
          } else {
            checkReference(p.ref.check, p.ref.field, stepId, () => sub, p.offset, ownStep, display);
          }
        }
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        problems.push({ ...source.locateWithin(sub, e.offset), severity: 'error', message: e.message });
      }
    }
  };

  const checkCondition = (c: Condition, path: Path, stepId: string) => {
    if ('all' in c) c.all.forEach((x, i) => checkCondition(x, [...path, 'all', i], stepId));
    else if ('any' in c) c.any.forEach((x, i) => checkCondition(x, [...path, 'any', i], stepId));
    else if ('not' in c) checkCondition(c.not, [...path, 'not'], stepId);
    else if ('matches' in c) {
      checkTemplates(c.matches.value, [...path, 'matches', 'value'], stepId, true, false);
      checkRegex(c.matches.pattern, [...path, 'matches', 'pattern'], error, c.matches.flags);
    } else if ('equals' in c || 'notEqual' in c) {
      const key = 'equals' in c ? 'equals' : 'notEqual';
      checkTemplates('equals' in c ? c.equals : c.notEqual, [...path, key], stepId, true, false);
    } else if ('compare' in c) checkTemplates(c.compare.value, [...path, 'compare', 'value'], stepId, true, false);
    else if ('semver' in c) {
      checkTemplates(c.semver.value, [...path, 'semver', 'value'], stepId, true, false);
      for (const op of ['lt', 'lte', 'gt', 'gte', 'eq'] as const) {
        const bound = c.semver[op];
        if (bound !== undefined && !semver.coerce(bound)) error([...path, 'semver', op], `"${bound}" is not a version`);
      }
      if (c.semver.satisfies !== undefined && !semver.validRange(c.semver.satisfies)) error([...path, 'semver', 'satisfies'], `"${c.semver.satisfies}" is not a version range`);
    } else if ('exitCode' in c) checkReference(c.exitCode.check, undefined, stepId, () => [...path, 'exitCode', 'check']);
    else if ('jsonpath' in c) {
      checkReference(c.jsonpath.check, undefined, stepId, () => [...path, 'jsonpath', 'check']);
      checkJsonPath(c.jsonpath.path, [...path, 'jsonpath', 'path'], error);
    }
    else if ('couldNotRun' in c) {
      const name = typeof c.couldNotRun === 'string' ? c.couldNotRun : c.couldNotRun.check;
      checkReference(name, undefined, stepId, () => (typeof c.couldNotRun === 'string' ? [...path, 'couldNotRun'] : [...path, 'couldNotRun', 'check']));
    } else if ('ran' in c) checkReference(c.ran, undefined, stepId, () => [...path, 'ran']);
  };

  for (const [stepId, step] of Object.entries(runbook.steps)) {
    const at: Path = ['steps', stepId];
    checkTemplates(step.title, [...at, 'title'], stepId);
    if (step.why !== undefined) checkTemplates(step.why, [...at, 'why'], stepId);
    if ('checks' in step) {
      for (const [name, spec] of Object.entries(step.checks)) {
        const { capture: _capture, ...rest } = spec;
        checkTemplates(rest, [...at, 'checks', name], stepId, false);
      }
      let fallback = false;
      step.branches.forEach((b, i) => {
        if (fallback) warn([...at, 'branches', i], 'this branch comes after an "otherwise" and is never taken');
        if ('when' in b) checkCondition(b.when, [...at, 'branches', i, 'when'], stepId);
        else fallback = true;
        if (b.finding !== undefined) checkTemplates(b.finding, [...at, 'branches', i, 'finding'], stepId);
      });
      // A dead end: when no condition holds the walk stops with "no branch matched" instead of an
      // authored conclusion. An error, not a warning: the fix is one line, and a walk that ends
      // without a root cause at 3 a.m. is exactly what a runbook exists to prevent.
      if (!fallback) error([...at, 'branches'], 'dead end: no "otherwise" branch, so when no condition holds the walk ends without a conclusion; add `- otherwise: STEP` (an inconclusive conclusion if nothing else fits)');
    } else if ('ask' in step) {
      checkTemplates(step.ask, [...at, 'ask'], stepId);
    } else if ('info' in step) {
      checkTemplates(step.info, [...at, 'info'], stepId);
    } else {
      checkTemplates(step.conclusion, [...at, 'conclusion'], stepId);
      const fix = step.conclusion.fix;
      if (fix && !fix.verify) warn([...at, 'conclusion', 'fix'], 'this fix names no verification step ("verify")');
      const verifyStep = fix?.verify !== undefined ? runbook.steps[fix.verify] : undefined;
      if (fix?.verify !== undefined && verifyStep) {
        const where = [...at, 'conclusion', 'fix', 'verify'];
        // Verifying re-runs the step's checks and compares the branch taken with the one before the fix.
        if (!('checks' in verifyStep)) error(where, `verify names step "${fix.verify}", which runs no checks: name the step whose checks show the fix worked`);
        else if (!ancestors(stepId, edges).has(fix.verify)) warn(where, `verify names step "${fix.verify}", which no path visits before this conclusion: the walk cannot compare its result before and after the fix`);
      }
      for (const [i, id] of (step.conclusion.seeAlso ?? []).entries()) {
        if (id === runbook.id) warn([...at, 'conclusion', 'seeAlso', i], 'a runbook should not point to itself');
      }
    }
  }

  for (const list of ['logs', 'notLogs'] as const) {
    runbook.symptoms[list].forEach((pattern, i) => checkRegex(pattern, ['symptoms', list, i], error, 'i'));
  }
  return problems;
}

function checkJsonPath(path: string, at: Path, error: (path: Path, message: string) => void): void {
  const problem = jsonPathProblem(path);
  if (problem) error(at, `JSONPath does not parse: ${problem}`);
}

function checkRegex(pattern: string, path: Path, error: (path: Path, message: string) => void, flags = ''): void {
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    error(path, `regex does not compile: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** ` (did you mean "x"?)` when a known name is a few edits away or one name starts the other. */
export function suggest(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.startsWith(name) || name.startsWith(k) ? 1 : distance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
