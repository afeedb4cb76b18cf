// The shipped JSON Schemas: up to date with the zod schemas, valid draft-07, and agreeing with the
// loaders on real files (accept what they accept, reject what an editor should flag).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaFiles, schemaText, type JsonSchema } from '../../src/authoring/json-schema';
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
    const base = {
      id: 'demo',
      title: 'Demo',
      start: 'a',
      steps: {
        a: { title: 'A', checks: { pod: { get: { kind: 'Pod', name: 'x' } } }, branches: [{ when: { ran: 'pod' }, next: 'b' }, { otherwise: 'b' }] },
        b: { title: 'B', conclusion: { verdict: 'healthy', rootCause: 'fine' } },
      },
    };
    expect(validate(base)).toBe(true);
    const variant = (edit: (r: any) => void) => {
      const copy = structuredClone(base) as any;
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
});
