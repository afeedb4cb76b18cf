// A condition in a few words, for graph edge labels: `exit(prom-uid) ≠ 0 or sidecar-uid could not run`.
import type { Condition } from '../runbook/schema';

export function summarizeCondition(c: Condition): string {
  if ('all' in c) return c.all.map((x) => group(x, 'and')).join(' and ');
  if ('any' in c) return c.any.map((x) => group(x, 'or')).join(' or ');
  if ('not' in c) return `not ${group(c.not, 'not')}`;
  if ('equals' in c) return `${operand(c.equals[0])} = ${operand(c.equals[1])}`;
  if ('notEqual' in c) return `${operand(c.notEqual[0])} ≠ ${operand(c.notEqual[1])}`;
  if ('matches' in c) return `${operand(c.matches.value)} ~ /${c.matches.pattern}/${c.matches.flags ?? ''}`;
  if ('exitCode' in c) {
    const { check, equals, notEqual, in: within } = c.exitCode;
    const tests = [equals !== undefined && `= ${equals}`, notEqual !== undefined && `≠ ${notEqual}`, within && `in [${within.join(', ')}]`].filter(Boolean);
    return `exit(${check}) ${tests.join(', ') || 'known'}`;
  }
  if ('jsonpath' in c) {
    const { check, path, exists, equals, empty } = c.jsonpath;
    const tests = [
      exists !== undefined && (exists ? 'exists' : 'absent'),
      empty !== undefined && (empty ? 'empty' : 'not empty'),
      equals !== undefined && `= ${JSON.stringify(equals)}`,
    ].filter(Boolean);
    return `${check} ${path} ${tests.join(', ') || 'exists'}`;
  }
  if ('compare' in c) {
    const ops = (['gt', 'gte', 'lt', 'lte'] as const).filter((k) => c.compare[k] !== undefined).map((k) => `${SYMBOL[k]} ${c.compare[k]}`);
    return `${operand(c.compare.value)} ${ops.join(', ')}`;
  }
  if ('semver' in c) {
    const { value, satisfies, ...bounds } = c.semver;
    const ops = Object.entries(bounds).filter(([, v]) => v !== undefined).map(([k, v]) => `${SYMBOL[k as keyof typeof SYMBOL]} ${v}`);
    if (satisfies !== undefined) ops.push(`satisfies ${satisfies}`);
    return `version ${operand(value)} ${ops.join(', ')}`;
  }
  if ('couldNotRun' in c) {
    if (typeof c.couldNotRun === 'string') return `${c.couldNotRun} could not run`;
    return `${c.couldNotRun.check} could not run${c.couldNotRun.reason ? ` (${c.couldNotRun.reason.join('/')})` : ''}`;
  }
  return `${c.ran} ran`;
}

const SYMBOL = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' } as const;

/** Parenthesise a nested all/any whose joiner differs from the parent's. */
function group(c: Condition, parent: 'and' | 'or' | 'not'): string {
  const text = summarizeCondition(c);
  const nested = ('all' in c && c.all.length > 1 && parent !== 'and') || ('any' in c && c.any.length > 1 && parent !== 'or');
  return nested ? `(${text})` : text;
}

/** `{{checks.prom-uid.stdout}}` reads as `prom-uid.stdout`; literals as themselves. */
function operand(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const bare = value.replace(/\{\{\s*checks\.([^}]+?)\s*\}\}/g, '$1').replace(/\{\{\s*([^}]+?)\s*\}\}/g, '$1');
  return /^\{\{[^}]*\}\}$/.test(value.trim()) ? bare : JSON.stringify(bare);
}
