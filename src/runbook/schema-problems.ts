// Turns zod's issues into one readable, located message each. Unions are the hard part: zod
// reports every alternative; the one the author meant is the one whose distinguishing key is present.
import type { z } from 'zod';

export interface SchemaProblem {
  path: PropertyKey[];
  message: string;
  /** Locate the key rather than the value (unknown keys). */
  atKey?: boolean;
}

type Issue = z.core.$ZodIssue;

export function schemaProblems(issues: readonly Issue[], base: PropertyKey[] = []): SchemaProblem[] {
  return issues.flatMap((issue) => fromIssue(issue, base));
}

function fromIssue(issue: Issue, base: PropertyKey[]): SchemaProblem[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'invalid_union':
      return fromUnion(issue.errors, path);
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: `unknown key "${key}"${near(path)}` }));
    case 'invalid_type':
      if (issue.message.includes('received undefined')) {
        return [{ path: path.slice(0, -1), message: `missing "${String(path.at(-1))}"${near(path.slice(0, -1))}` }];
      }
      return [{ path, message: `"${fieldName(path)}": expected ${issue.expected}${received(issue.message)}` }];
    default:
      return [{ path, message: `"${fieldName(path)}": ${lowerFirst(issue.message)}` }];
  }
}

function fromUnion(alternatives: Issue[][], path: PropertyKey[]): SchemaProblem[] {
  const meant = alternatives.filter((issues) => !isOtherAlternative(issues));
  if (meant.length === 0) {
    const keys = [...new Set(alternatives.flatMap(distinguishingKeys))];
    const found = [...new Set(alternatives.flatMap((issues) => issues.filter((i) => i.code === 'unrecognized_keys' && i.path.length === 0).flatMap((i) => (i as { keys: string[] }).keys)))];
    const what = kindOf(path);
    if (found.length === 0) return [{ path, message: `${what}: expected one of the keys ${keys.join(', ')}` }];
    return [{ path, message: `unknown ${what} "${found.join('", "')}": expected one of ${keys.join(', ')}` }];
  }
  const best = meant.reduce((a, b) => (b.length < a.length ? b : a));
  return schemaProblems(best, path);
}

/** An alternative the author did not mean: its own key is absent and the present keys are foreign to it. */
function isOtherAlternative(issues: Issue[]): boolean {
  const rootUnknown = issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  const missingOwnKey = distinguishingKeys(issues).length > 0;
  const wrongPrimitive = issues.length === 1 && issues[0]!.code === 'invalid_type' && issues[0]!.path.length === 0;
  return (rootUnknown && missingOwnKey) || wrongPrimitive;
}

function distinguishingKeys(issues: Issue[]): string[] {
  return issues
    .filter((i) => i.code === 'invalid_type' && i.path.length === 1 && i.message.includes('received undefined'))
    .map((i) => String(i.path[0]));
}

function kindOf(path: PropertyKey[]): string {
  const parent = path.at(-2);
  if (parent === 'checks') return 'check kind';
  if (parent === 'steps') return 'step kind (a step needs checks+branches, ask, info+next, or conclusion)';
  if (path.includes('when') || path.includes('all') || path.includes('any') || path.includes('not')) return 'condition';
  if (parent === 'branches') return 'branch (needs when+next or otherwise)';
  if (path.includes('capture')) return 'capture';
  return 'entry';
}

/** `reason[0]` rather than `0` for a list item. */
function fieldName(path: PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === 'number' && path.length > 1) return `${String(path.at(-2))}[${last}]`;
  return String(last ?? 'value');
}

function near(path: PropertyKey[]): string {
  const named = path.filter((p) => typeof p === 'string');
  return named.length ? ` in ${named.slice(-2).join('.')}` : '';
}

function received(message: string): string {
  const m = /received (\w+)/.exec(message);
  return m ? `, got ${m[1]}` : '';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
