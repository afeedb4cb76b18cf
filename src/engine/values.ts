// What a check result contributes to templates and conditions.
import { JSONPath } from 'jsonpath-plus';
import type { CheckResult } from '../cluster/types';
import type { CheckSpec } from '../runbook/schema';

/** Fields every check result has; anything else a template names is a capture. */
export const RESULT_FIELDS = ['stdout', 'stderr', 'exitCode', 'status', 'reason', 'message', 'command'] as const;

/**
 * Every match of a JSONPath (safe evaluator: filters work, no code runs). A filter that cannot be
 * evaluated on an item (`@.a.b` where `a` is missing) does not match it, as in kubectl; a path
 * that does not parse throws (the loader rejects those, see validate.ts).
 */
export function queryJson(json: unknown, path: string): unknown[] {
  if (json === undefined) return [];
  const found = JSONPath({ path, json: json as object, wrap: true, eval: 'safe', ignoreEvalErrors: true }) as unknown[] | undefined;
  return found ?? [];
}

/** A document with one of each thing a path meets first: an item list, an object, metadata. */
const SYNTAX_PROBE = { items: [{ metadata: { name: 'x' } }], metadata: { name: 'x' }, spec: {} };

/**
 * Why a JSONPath cannot run, or undefined when it can. jsonpath-plus compiles a filter only when
 * the walk through a document reaches an item for it, so each filter is also tried on its own.
 */
export function jsonPathProblem(path: string): string | undefined {
  try {
    queryJson(SYNTAX_PROBE, path);
    queryJson([SYNTAX_PROBE], path);
    for (const segment of JSONPath.toPathArray(path)) {
      if (typeof segment === 'string' && segment.startsWith('?(')) queryJson([{}], `$[${segment}]`);
    }
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^jsonPath: /, '');
  }
}

export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function valuesOf(result: CheckResult, spec: CheckSpec | undefined): Record<string, string> {
  if (result.status === 'failed') {
    return { status: 'failed', reason: result.reason, message: result.message, command: result.command };
  }
  const values: Record<string, string> = {
    status: 'ran',
    stdout: result.stdout.trim(),
    stderr: result.stderr.trim(),
    exitCode: String(result.exitCode),
    command: result.command,
  };
  for (const [name, capture] of Object.entries(spec?.capture ?? {})) {
    if ('jsonpath' in capture) {
      const found = queryJson(result.json, capture.jsonpath);
      if (found.length > 0) values[name] = found.length === 1 ? asText(found[0]).trim() : found.map(asText).join('\n');
    } else {
      const m = new RegExp(capture.regex, 'm').exec(result[capture.stream]);
      if (m) values[name] = (m[1] ?? m[0]).trim();
    }
    if (values[name] === undefined && capture.default !== undefined) values[name] = capture.default;
  }
  return values;
}
