// The JSON Schemas shipped for editors (yaml-language-server), generated from the zod schemas the
// loaders validate with, so the two cannot disagree. `npx tsx scripts/schema.ts` rewrites them;
// test/authoring/json-schema.test.ts fails when the committed files are stale.
//
// Target draft-07: yaml-language-server validates instances with draft-07 semantics (newer drafts
// only partly: `prefixItems`, which zod emits for tuples under 2020-12, is not understood, and a
// 2020-12 `$schema` draws a "not yet fully supported" warning). Draft-07 expresses everything
// these schemas need: `definitions` for the recursive condition, `items: [...]` for tuples.
import { z } from 'zod';
import { runbookSchema } from '../runbook/schema';
import { fileSchema as scenarioFileSchema } from '../sim/scenario';

export type JsonSchema = Record<string, unknown>;

const DRAFT7_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'idn-email', 'hostname', 'idn-hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'iri', 'iri-reference', 'uri-template', 'json-pointer', 'relative-json-pointer', 'regex']);

export interface SchemaFile {
  /** File name inside schema/. */
  file: string;
  schema: JsonSchema;
}

/** Describes what a YAML author writes (fields with defaults are optional), not what the loader returns. */
export function toEditorSchema(schema: z.ZodType, meta: { title: string; description: string }): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    // zod labels string checks with formats of its own ("starts_with", already a `pattern`); draft-07 has no such format.
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === 'string' && !DRAFT7_FORMATS.has(jsonSchema.format)) delete jsonSchema.format;
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return nameDefinitions({ $schema, title: meta.title, description: meta.description, ...rest });
}

/** zod names recursive definitions `__schema0`…; editors show these names, so give them readable ones. */
function nameDefinitions(schema: JsonSchema): JsonSchema {
  const definitions = schema.definitions as Record<string, JsonSchema> | undefined;
  if (!definitions) return schema;
  const names = new Map<string, string>();
  for (const key of Object.keys(definitions)) {
    if (!key.startsWith('__schema')) continue;
    names.set(key, isConditionUnion(definitions[key]!) ? 'condition' : key.replace(/^__/, ''));
  }
  const text = JSON.stringify(schema).replace(/"#\/definitions\/(__schema\d+)"/g, (all, key: string) => `"#/definitions/${names.get(key) ?? key}"`);
  const renamed = JSON.parse(text) as JsonSchema;
  renamed.definitions = Object.fromEntries(Object.entries(renamed.definitions as Record<string, unknown>).map(([k, v]) => [names.get(k) ?? k, v]));
  return renamed;
}

function isConditionUnion(definition: JsonSchema): boolean {
  const alternatives = definition.anyOf as JsonSchema[] | undefined;
  return Boolean(alternatives?.some((a) => (a.required as string[] | undefined)?.includes('couldNotRun')));
}

export function schemaFiles(): SchemaFile[] {
  return [
    {
      file: 'runbook.schema.json',
      schema: toEditorSchema(runbookSchema, {
        title: 'runbook',
        description: 'A runbook (runbooks/<id>/runbook.yaml): a decision tree of checks, questions and conclusions. Generated from src/runbook/schema.ts by scripts/schema.ts; see docs/authoring.md.',
      }),
    },
    {
      file: 'scenario.schema.json',
      schema: toEditorSchema(scenarioFileSchema, {
        title: 'runbook scenario',
        description: 'A simulated cluster for `runbook test` and `runbook demo` (runbooks/<id>/scenarios/<name>.yaml). Generated from src/sim/scenario.ts by scripts/schema.ts; see src/sim/README.md.',
      }),
    },
  ];
}

/** The file's text as committed: two-space indent, trailing newline. */
export function schemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
