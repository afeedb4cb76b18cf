// The shipped JSON Schemas: up to date with the zod schemas, valid draft-07, and agreeing with the
// loaders on real files (accept what they accept, reject what an editor should flag).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { schemaFiles, schemaText, type JsonSchema } from '../../src/authoring/json-schema';
import type { FailureReason } from '../../src/cluster/types';
import { FAILURE_REASONS, runbookSchema } from '../../src/runbook/schema';
import { scenarioNames } from '../../src/commands/list';
import { builtinRunbooksDir, listRunbookDirs, packageRoot } from '../../src/runbook/library';

const root = packageRoot();
const committed = (file: string) => readFileSync(join(root, 'schema', file), 'utf8');
const schemaOf = (file: string) => schemaFiles().find((s) => s.file === file)!.schema;

function validator(schema: JsonSchema) {
  // Ajv's default class is draft-07, the draft yaml-language-server validates with.
  const ajv = new Ajv({ strict: false, allErrors: true });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  return ajv.compile(schema);
}

/** A minimal valid runbook; tests change a copy of it. */
const BASE = {
  id: 'demo',
  title: 'Demo',
  start: 'a',
  steps: {
    a: { title: 'A', checks: { pod: { get: { kind: 'Pod', name: 'x' } } }, branches: [{ when: { ran: 'pod' }, next: 'b' }, { otherwise: 'b' }] },
    b: { title: 'B', conclusion: { verdict: 'healthy', rootCause: 'fine' } },
  },
};

describe('schema/*.schema.json', () => {
  it.each(schemaFiles().map((s) => s.file))('%s is up to date (regenerate: npx tsx scripts/schema.ts)', (file) => {
    expect(committed(file)).toBe(schemaText(schemaOf(file)));
  });

  it('targets draft-07 and names the recursive condition', () => {
    const schema = schemaOf('runbook.schema.json');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const text = JSON.stringify(schema);
    expect(text).not.toContain('prefixItems');
    expect(text).not.toContain('$defs');
    expect(text).toContain('"#/definitions/condition"');
  });

  const runbooks = listRunbookDirs([builtinRunbooksDir()]);
  it.each(runbooks)('accepts the shipped runbook $id and its scenarios', ({ dir }) => {
    const runbook = validator(schemaOf('runbook.schema.json'));
    expect(runbook(parse(readFileSync(join(dir, 'runbook.yaml'), 'utf8'))), JSON.stringify(runbook.errors)).toBe(true);
    const scenario = validator(schemaOf('scenario.schema.json'));
    for (const name of scenarioNames(dir)) {
      const ok = scenario(parse(readFileSync(join(dir, 'scenarios', `${name}.yaml`), 'utf8')));
      expect(ok, `${name}: ${JSON.stringify(scenario.errors)}`).toBe(true);
    }
  });

  it('rejects what the loader rejects: unknown keys, unknown check kinds, bad conditions, bad ids', () => {
    const validate = validator(schemaOf('runbook.schema.json'));
    expect(validate(BASE)).toBe(true);
    const variant = (edit: (r: any) => void) => {
      const copy = structuredClone(BASE) as any;
      edit(copy);
      return validate(copy);
    };
    expect(variant((r) => (r.stpes = r.steps))).toBe(false);
    expect(variant((r) => (r.steps.a.checks.pod = { got: { kind: 'Pod', name: 'x' } }))).toBe(false);
    expect(variant((r) => (r.steps.a.branches[0].when = { all: [{ ran: 'pod' }, { nope: 1 }] }))).toBe(false);
    expect(variant((r) => (r.steps.a.branches[0].when = { equals: ['a'] }))).toBe(false);
    expect(variant((r) => (r.id = 'Demo'))).toBe(false);
    expect(variant((r) => (r.steps.b.conclusion.verdict = 'fine'))).toBe(false);
    // Defaults are not required of an author.
    expect(variant((r) => (r.symptoms = { logs: ['x'] }))).toBe(true);
  });

  // The editor and `runbook lint` must agree on structure: every variant below is accepted by both
  // or rejected by both (semantic problems, such as unknown steps, are lint's alone).
  const VARIANTS: [string, (r: any) => void][] = [
    ['as is', () => {}],
    ['a step without checks', (r) => (r.steps.a.checks = {})],
    ['a step without branches', (r) => (r.steps.a.branches = [])],
    ['a check id with capitals', (r) => (r.steps.a.checks = { Pod: r.steps.a.checks.pod })],
    ['a step id with capitals', (r) => (r.steps.B = r.steps.b)],
    ['a param name starting with a digit', (r) => (r.params = { '1x': {} })],
    ['timeoutSeconds 0', (r) => (r.steps.a.checks.pod.timeoutSeconds = 0)],
    ['timeoutSeconds 601', (r) => (r.steps.a.checks.pod.timeoutSeconds = 601)],
    ['timeoutSeconds 30', (r) => (r.steps.a.checks.pod.timeoutSeconds = 30)],
    ['regex flag x', (r) => (r.steps.a.branches[0].when = { matches: { value: 'a', pattern: 'b', flags: 'x' } })],
    ['regex flags im', (r) => (r.steps.a.branches[0].when = { matches: { value: 'a', pattern: 'b', flags: 'im' } })],
    ['version 0', (r) => (r.version = 0)],
    ['version 1.5', (r) => (r.version = 1.5)],
    ['logs tail 0', (r) => (r.steps.a.checks.pod = { logs: { pod: 'p', tail: 0 } })],
    ['logs with defaults', (r) => (r.steps.a.checks.pod = { logs: { pod: 'p' } })],
    ['an ask with one option', (r) => (r.steps.a = { title: 'A', ask: { question: 'q', because: 'b', options: [{ label: 'l', next: 'b' }] } })],
    ['a capture by jsonpath and regex', (r) => (r.steps.a.checks.pod.capture = { x: { jsonpath: '$', regex: 'a' } })],
    ['a capture stream "both"', (r) => (r.steps.a.checks.pod.capture = { x: { regex: 'a', stream: 'both' } })],
    ['a couldNotRun reason misspelt', (r) => (r.steps.a.branches[0].when = { couldNotRun: { check: 'pod', reason: ['notfound'] } })],
    ['a couldNotRun reason', (r) => (r.steps.a.branches[0].when = { couldNotRun: { check: 'pod', reason: ['not-found', 'forbidden'] } })],
    ['a rollout of a Pod', (r) => (r.steps.b.conclusion.fix = { summary: 's', rollout: { kind: 'Pod', name: 'x' } })],
    ['a patch of type apply', (r) => (r.steps.b.conclusion.fix = { summary: 's', patch: { kind: 'Pod', name: 'x', type: 'apply', body: {} } })],
    ['seeAlso with a bad id', (r) => (r.steps.b.conclusion.seeAlso = ['Bad Id'])],
    ['equals with three operands', (r) => (r.steps.a.branches[0].when = { equals: ['a', 'b', 'c'] })],
    ['equals with an object', (r) => (r.steps.a.branches[0].when = { equals: ['a', { x: 1 }] })],
    ['equals with a number', (r) => (r.steps.a.branches[0].when = { equals: ['{{checks.pod.exitCode}}', 0] })],
    ['a check of two kinds', (r) => (r.steps.a.checks.pod = { get: { kind: 'Pod', name: 'x' }, kubectl: ['get'] })],
    ['kubectl without arguments', (r) => (r.steps.a.checks.pod = { kubectl: [] })],
    ['exitCode 1.5', (r) => (r.steps.a.branches[0].when = { exitCode: { check: 'pod', equals: 1.5 } })],
    ['all of nothing', (r) => (r.steps.a.branches[0].when = { all: [] })],
    ['a conclusion with info', (r) => (r.steps.b.info = 'x')],
    ['info without next', (r) => (r.steps.b = { title: 'B', info: 'x' })],
    ['a null title', (r) => (r.steps.b.title = null)],
    ['symptoms null', (r) => (r.symptoms = null)],
    ['a numeric log pattern', (r) => (r.symptoms = { logs: [1] })],
    ['readOnly "yes"', (r) => (r.readOnly = 'yes')],
    ['a $schema line', (r) => (r.$schema = '../../schema/runbook.schema.json')],
    ['a branch with when and otherwise', (r) => (r.steps.a.branches[1] = { otherwise: 'b', when: { ran: 'pod' } })],
    ['mark "bad"', (r) => (r.steps.a.branches[1].mark = 'bad')],
    ['compare with a string bound', (r) => (r.steps.a.branches[0].when = { compare: { value: 'x', gt: '1' } })],
    ['discover without kind', (r) => (r.params = { p: { discover: {} } })],
    ['a numeric param default', (r) => (r.params = { p: { default: 3 } })],
    ['a fix without summary', (r) => (r.steps.b.conclusion.fix = {})],
    ['not over a list', (r) => (r.steps.a.branches[0].when = { not: [{ ran: 'pod' }] })],
    ['list across namespaces', (r) => (r.steps.a.checks.pod = { list: { kind: 'Pod', namespace: '*' } })],
    ['logs previous "yes"', (r) => (r.steps.a.checks.pod = { logs: { pod: 'p', previous: 'yes' } })],
  ];
  it.each(VARIANTS)('agrees with the loader: %s', (_name, edit) => {
    const validate = validator(schemaOf('runbook.schema.json'));
    const runbook = structuredClone(BASE) as any;
    edit(runbook);
    expect(validate(runbook), JSON.stringify(validate.errors)).toBe(runbookSchema.safeParse(runbook).success);
  });

  it('lists the cluster layer\'s failure reasons for couldNotRun', () => {
    expectTypeOf<(typeof FAILURE_REASONS)[number]>().toEqualTypeOf<FailureReason>();
    const text = JSON.stringify(schemaOf('runbook.schema.json'));
    for (const reason of FAILURE_REASONS) expect(text).toContain(`"${reason}"`);
  });
});
