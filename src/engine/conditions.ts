// Conditions in three values: true, false, or unknown — unknown when the evidence a condition
// needs is missing (its check could not run, a template names nothing). Unknown never silently
// becomes false: the walk asks instead of concluding something the evidence does not show.
import semver from 'semver';
import type { CheckResult } from '../cluster/types';
import type { Condition } from '../runbook/schema';
import { render, UnresolvedError, type Resolver } from '../runbook/template';
import { queryJson } from './values';

export type Truth = { known: true; value: boolean } | { known: false; missing: string[] };

export interface ConditionContext {
  results: Record<string, CheckResult>;
  resolve: Resolver;
}

const TRUE: Truth = { known: true, value: true };
const FALSE: Truth = { known: true, value: false };
const of = (value: boolean): Truth => (value ? TRUE : FALSE);
const missing = (...what: string[]): Truth => ({ known: false, missing: what });

function renderOperand(value: string | number | boolean, ctx: ConditionContext): string | Truth {
  if (typeof value !== 'string') return String(value);
  try {
    return render(value, ctx.resolve).trim();
  } catch (e) {
    if (e instanceof UnresolvedError) {
      return missing(e.ref.kind === 'check' ? e.ref.check : `param ${e.ref.name}`);
    }
    throw e;
  }
}

function ranResult(name: string, ctx: ConditionContext) {
  const result = ctx.results[name];
  return result?.status === 'ran' ? result : undefined;
}

/** The first version in a text: `rke2 version v1.32.4+rke2r1 (…)` → 1.32.4. */
function coerceSemver(text: string): string | null {
  // Dotted numbers only: `rke2` or `go1` must not read as versions 2 or 1.
  const dotted = /(?<![\w.])v?(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1];
  return dotted ? (semver.coerce(dotted)?.version ?? null) : null;
}

export function evaluate(condition: Condition, ctx: ConditionContext): Truth {
  if ('all' in condition) {
    const parts = condition.all.map((c) => evaluate(c, ctx));
    if (parts.some((p) => p.known && !p.value)) return FALSE;
    const unknown = parts.filter((p): p is Extract<Truth, { known: false }> => !p.known);
    return unknown.length ? missing(...unknown.flatMap((p) => p.missing)) : TRUE;
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => evaluate(c, ctx));
    if (parts.some((p) => p.known && p.value)) return TRUE;
    const unknown = parts.filter((p): p is Extract<Truth, { known: false }> => !p.known);
    return unknown.length ? missing(...unknown.flatMap((p) => p.missing)) : FALSE;
  }
  if ('not' in condition) {
    const inner = evaluate(condition.not, ctx);
    return inner.known ? of(!inner.value) : inner;
  }
  if ('equals' in condition || 'notEqual' in condition) {
    const [a, b] = 'equals' in condition ? condition.equals : condition.notEqual;
    const left = renderOperand(a, ctx);
    const right = renderOperand(b, ctx);
    if (typeof left !== 'string') return left;
    if (typeof right !== 'string') return right;
    return of('equals' in condition ? left === right : left !== right);
  }
  if ('matches' in condition) {
    const value = renderOperand(condition.matches.value, ctx);
    if (typeof value !== 'string') return value;
    return of(new RegExp(condition.matches.pattern, condition.matches.flags ?? 'm').test(value));
  }
  if ('exitCode' in condition) {
    const { check, equals, notEqual, in: within } = condition.exitCode;
    const result = ranResult(check, ctx);
    if (!result) return missing(check);
    if (equals !== undefined && result.exitCode !== equals) return FALSE;
    if (notEqual !== undefined && result.exitCode === notEqual) return FALSE;
    if (within !== undefined && !within.includes(result.exitCode)) return FALSE;
    return TRUE;
  }
  if ('jsonpath' in condition) {
    const { check, path, exists, equals, empty } = condition.jsonpath;
    const result = ranResult(check, ctx);
    if (!result) return missing(check);
    const found = queryJson(result.json, path).filter((v) => v !== undefined && v !== null);
    if (exists !== undefined && found.length > 0 !== exists) return FALSE;
    if (empty !== undefined) {
      const isEmpty = found.every((v) => v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0));
      if (isEmpty !== empty) return FALSE;
    }
    if (equals !== undefined) {
      const want = JSON.stringify(equals);
      if (!found.some((v) => JSON.stringify(v) === want || String(v) === String(equals))) return FALSE;
    }
    return TRUE;
  }
  if ('compare' in condition) {
    const text = renderOperand(condition.compare.value, ctx);
    if (typeof text !== 'string') return text;
    const n = Number(text);
    if (text === '' || Number.isNaN(n)) return missing(`a number (got "${text.slice(0, 40)}")`);
    const { gt, gte, lt, lte } = condition.compare;
    return of((gt === undefined || n > gt) && (gte === undefined || n >= gte) && (lt === undefined || n < lt) && (lte === undefined || n <= lte));
  }
  if ('semver' in condition) {
    const text = renderOperand(condition.semver.value, ctx);
    if (typeof text !== 'string') return text;
    const version = coerceSemver(text);
    if (!version) return missing(`a version (got "${text.slice(0, 40)}")`);
    const { lt, lte, gt, gte, eq, satisfies } = condition.semver;
    // Bounds passed validation because semver.coerce reads them ("5" → 5.0.0); fall back to it likewise.
    const v = (bound: string) => coerceSemver(bound) ?? semver.coerce(bound)?.version ?? bound;
    return of(
      (lt === undefined || semver.lt(version, v(lt))) &&
        (lte === undefined || semver.lte(version, v(lte))) &&
        (gt === undefined || semver.gt(version, v(gt))) &&
        (gte === undefined || semver.gte(version, v(gte))) &&
        (eq === undefined || semver.eq(version, v(eq))) &&
        (satisfies === undefined || semver.satisfies(version, satisfies, { includePrerelease: true })),
    );
  }
  if ('couldNotRun' in condition) {
    const { check, reason } = typeof condition.couldNotRun === 'string' ? { check: condition.couldNotRun, reason: undefined } : condition.couldNotRun;
    const result = ctx.results[check];
    if (!result) return missing(check);
    return of(result.status === 'failed' && (reason === undefined || reason.includes(result.reason)));
  }
  const result = ctx.results[condition.ran];
  if (!result) return missing(condition.ran);
  return of(result.status === 'ran');
}
