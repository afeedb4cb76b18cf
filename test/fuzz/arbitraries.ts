// fast-check generators for runbook text: template strings with real and broken placeholders,
// conditions of every kind (valid or not), check results, and mutations of real runbooks.
import fc from 'fast-check';
import type { CheckResult } from '../../src/cluster/types';
import { FAILURE_REASONS } from '../../src/runbook/schema';

/** Check names a generated runbook defines (a, b) and one it does not (zz). */
export const CHECKS = ['a', 'b', 'zz'] as const;

const placeholder = fc.constantFrom(
  '{{pod}}',
  '{{params.pod}}',
  '{{namespace}}',
  '{{checks.a.stdout}}',
  '{{checks.b.exitCode}}',
  '{{checks.a.ver}}',
  '{{ checks.a.stderr }}',
  '{{checks.zz.stdout}}',
  '{{nope}}',
  '{{checks.a}}',
  '{{',
  '}}',
  '\\{{',
  '{{{}}}',
  '{{ }}',
);

/** Template text: placeholders of every sort between arbitrary text. */
export const templateText = fc.array(fc.oneof(placeholder, fc.string({ maxLength: 8 }), fc.constantFrom('$', '`', '\n', '"', "'", '\\')), { maxLength: 6 }).map((parts) => parts.join(''));

const operand = fc.oneof(templateText, fc.integer({ min: -5, max: 5 }), fc.boolean());
const checkName = fc.constantFrom(...CHECKS);
const version = fc.constantFrom('1.2.3', 'v1.32.4+rke2r1', '5', '2', '0.32', 'latest', '', '1.2.3-rc.1', 'x1.2');
const range = fc.constantFrom('>=1.2.0', '<2', '^0.32.0 || ^1', '~1.2', 'not a range', '*', '');
const pattern = fc.constantFrom('permission denied', '^(\\d+)$', '(unclosed', '[a-', '.*', 'a{2,1}', '\\', '(?<n>x)\\k<n>', 'x+');
const jsonPath = fc.constantFrom('$.metadata.name', '$..image', "$.spec.containers[?(@.name=='x')].image", '$[?(@.a ==', '$..[', 'metadata.name', '$', '$.items[*].metadata.name', '$.a[(@.length-1)]');

interface ConditionTree {
  condition: unknown;
}

/** Any condition the schema knows, with operands that may or may not make sense. */
export const condition: fc.Arbitrary<unknown> = fc.letrec<ConditionTree>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ equals: fc.tuple(operand, operand) }),
    fc.record({ notEqual: fc.tuple(operand, operand) }),
    fc.record({ matches: fc.record({ value: templateText, pattern, flags: fc.constantFrom('i', 'm', 'ims', 'u') }, { requiredKeys: ['value', 'pattern'] }) }),
    fc.record({ exitCode: fc.record({ check: checkName, equals: fc.integer({ min: 0, max: 3 }), notEqual: fc.integer({ min: 0, max: 3 }), in: fc.array(fc.integer({ min: 0, max: 3 })) }, { requiredKeys: ['check'] }) }),
    fc.record({ jsonpath: fc.record({ check: checkName, path: jsonPath, exists: fc.boolean(), equals: fc.jsonValue({ maxDepth: 1 }), empty: fc.boolean() }, { requiredKeys: ['check', 'path'] }) }),
    fc.record({ compare: fc.record({ value: operand, gt: fc.integer(), gte: fc.double({ noNaN: true }), lt: fc.integer(), lte: fc.integer() }, { requiredKeys: ['value'] }) }),
    fc.record({ semver: fc.record({ value: fc.oneof(templateText, version), lt: version, lte: version, gt: version, gte: version, eq: version, satisfies: range }, { requiredKeys: ['value'] }) }),
    fc.record({ couldNotRun: fc.oneof(checkName, fc.record({ check: checkName, reason: fc.subarray([...FAILURE_REASONS]) }, { requiredKeys: ['check'] })) }),
    fc.record({ ran: checkName }),
    fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition;

const outputText = fc.oneof(fc.string({ maxLength: 40 }), version, fc.constantFrom('1000\n', '0', 'v1.32.4+rke2r1', 'permission denied', '\u001b[2J', ''));

/** What a check can come back with: output (maybe JSON), or a failure. */
export const checkResult: fc.Arbitrary<CheckResult> = fc.oneof(
  fc.record({
    status: fc.constant('ran' as const),
    stdout: outputText,
    stderr: outputText,
    exitCode: fc.integer({ min: 0, max: 255 }),
    json: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
    command: fc.constant('cmd'),
    startedAt: fc.constant('2025-01-01T00:00:00.000Z'),
    durationMs: fc.nat(1000),
  }),
  fc.record({
    status: fc.constant('failed' as const),
    reason: fc.constantFrom(...FAILURE_REASONS),
    message: fc.string({ maxLength: 30 }),
    command: fc.constant('cmd'),
    startedAt: fc.constant('2025-01-01T00:00:00.000Z'),
    durationMs: fc.nat(1000),
  }),
);

/** A line-level edit of YAML text: what a hurried author (or a bad merge) does to a file. */
export type Mutation = { kind: 'delete' | 'duplicate' | 'indent' | 'dedent'; line: number } | { kind: 'insert'; line: number; text: string } | { kind: 'truncate'; at: number } | { kind: 'replace'; at: number; text: string };

const yamlJunk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(': ', '- ', '{', '}', '[', ']', '&a', '*a', '<<: *a', '!!binary', '"', "'", '|', '>-', '\t', '#', '---', '...', '{{', '%YAML 1.1', 'next: ', 'when: {ran: x}', 'checks: {}', '? ', 'null', '~', '0x1F'),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'indent' as const, 'dedent' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(), text: yamlJunk }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: yamlJunk }),
);

export function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const lines = out.split('\n');
    if (m.kind === 'truncate' || m.kind === 'replace') {
      const at = out.length ? m.at % out.length : 0;
      out = m.kind === 'truncate' ? out.slice(0, at) : out.slice(0, at) + m.text + out.slice(at + m.text.length);
      continue;
    }
    const i = lines.length ? m.line % lines.length : 0;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'indent') lines[i] = `  ${lines[i] ?? ''}`;
    else if (m.kind === 'dedent') lines[i] = (lines[i] ?? '').replace(/^ {1,2}/, '');
    else if (m.kind === 'insert') lines.splice(i, 0, m.text);
    out = lines.join('\n');
  }
  return out;
}
