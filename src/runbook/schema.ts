// The runbook format. One zod schema is the single source of truth: the loader validates
// against it, the TypeScript types are inferred from it, and the JSON Schema shipped for
// editors is generated from it.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

/** A string that may contain `{{…}}` placeholders, rendered at walk time. */
const template = z.string();

const objectRef = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: template,
  namespace: template.optional(),
});

const listQuery = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: template.optional().describe('defaults to the walk namespace; "*" lists across all namespaces'),
  labelSelector: template.optional(),
  fieldSelector: template.optional(),
});

const argv = z.array(template).min(1);

/** A named value pulled out of a check's result for use in templates: `{{checks.NAME.CAPTURE}}`. */
const captureDefault = {
  /** The value when nothing matches (e.g. '' for "none"); without it the capture is missing and text shows «?». */
  default: z.string().optional(),
};
const capture = z.union([
  z.strictObject({ jsonpath: z.string(), ...captureDefault }),
  z.strictObject({ regex: z.string(), stream: z.enum(['stdout', 'stderr']).default('stdout'), ...captureDefault }),
]);

const checkCommon = {
  title: z.string().optional(),
  timeoutSeconds: z.number().positive().max(600).optional(),
  capture: z.record(z.string(), capture).optional(),
  /** Shown when the check could not run: the command an operator can run by hand. */
  manual: template.optional(),
};

export const checkSchema = z.union([
  z.strictObject({ ...checkCommon, get: objectRef }),
  z.strictObject({ ...checkCommon, list: listQuery }),
  z.strictObject({
    ...checkCommon,
    logs: z.strictObject({
      pod: template,
      namespace: template.optional(),
      container: template.optional(),
      tail: z.number().int().positive().max(100_000).default(200),
      previous: z.boolean().default(false),
    }),
  }),
  z.strictObject({
    ...checkCommon,
    exec: z.strictObject({
      pod: template,
      namespace: template.optional(),
      container: template.optional(),
      command: argv,
    }),
  }),
  z.strictObject({ ...checkCommon, kubectl: argv.describe('arguments after `kubectl`; --kubeconfig and --context are added') }),
  z.strictObject({ ...checkCommon, host: argv.describe('a command run on the operator\'s machine') }),
]);

/** Why a check could not run, as `couldNotRun.reason` names it (the cluster layer's FailureReason). */
export const FAILURE_REASONS = ['forbidden', 'unauthorized', 'not-found', 'timeout', 'unreachable', 'no-such-command', 'conflict', 'invalid', 'error'] as const;

/** A value compared by a condition: a template, or a literal. */
const operand = z.union([template, z.number(), z.boolean()]);

type ConditionInput =
  | { all: ConditionInput[] }
  | { any: ConditionInput[] }
  | { not: ConditionInput }
  | { equals: [unknown, unknown] }
  | { notEqual: [unknown, unknown] }
  | { matches: { value: string; pattern: string; flags?: string } }
  | { exitCode: { check: string; equals?: number; notEqual?: number; in?: number[] } }
  | { jsonpath: { check: string; path: string; exists?: boolean; equals?: unknown; empty?: boolean } }
  | { compare: { value: unknown; gt?: number; gte?: number; lt?: number; lte?: number } }
  | { semver: { value: string; lt?: string; lte?: string; gt?: string; gte?: string; eq?: string; satisfies?: string } }
  | { couldNotRun: string | { check: string; reason?: string[] } }
  | { ran: string };

export const conditionSchema: z.ZodType<Condition, ConditionInput> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ equals: z.tuple([operand, operand]) }),
    z.strictObject({ notEqual: z.tuple([operand, operand]) }),
    z.strictObject({
      matches: z.strictObject({ value: template, pattern: z.string(), flags: z.string().regex(/^[imsu]*$/).optional() }),
    }),
    z.strictObject({
      exitCode: z.strictObject({
        check: z.string(),
        equals: z.number().int().optional(),
        notEqual: z.number().int().optional(),
        in: z.array(z.number().int()).optional(),
      }),
    }),
    z.strictObject({
      jsonpath: z.strictObject({
        check: z.string(),
        path: z.string(),
        exists: z.boolean().optional(),
        equals: z.unknown().optional(),
        empty: z.boolean().optional(),
      }),
    }),
    z.strictObject({
      compare: z.strictObject({
        value: operand,
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
      }),
    }),
    z.strictObject({
      semver: z.strictObject({
        value: template,
        lt: z.string().optional(),
        lte: z.string().optional(),
        gt: z.string().optional(),
        gte: z.string().optional(),
        eq: z.string().optional(),
        satisfies: z.string().optional(),
      }),
    }),
    z.strictObject({
      couldNotRun: z.union([
        z.string(),
        z.strictObject({ check: z.string(), reason: z.array(z.enum(FAILURE_REASONS)).optional() }),
      ]),
    }),
    z.strictObject({ ran: z.string() }),
  ]),
) as z.ZodType<Condition, ConditionInput>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { equals: [string | number | boolean, string | number | boolean] }
  | { notEqual: [string | number | boolean, string | number | boolean] }
  | { matches: { value: string; pattern: string; flags?: string | undefined } }
  | { exitCode: { check: string; equals?: number | undefined; notEqual?: number | undefined; in?: number[] | undefined } }
  | { jsonpath: { check: string; path: string; exists?: boolean | undefined; equals?: unknown; empty?: boolean | undefined } }
  | { compare: { value: string | number | boolean; gt?: number | undefined; gte?: number | undefined; lt?: number | undefined; lte?: number | undefined } }
  | {
      semver: {
        value: string;
        lt?: string | undefined;
        lte?: string | undefined;
        gt?: string | undefined;
        gte?: string | undefined;
        eq?: string | undefined;
        satisfies?: string | undefined;
      };
    }
  | { couldNotRun: string | { check: string; reason?: string[] | undefined } }
  | { ran: string };

/**
 * How the path shows a step that took this branch: ok ✓, problem ✗, unknown ?. Defaults: problem
 * when the branch states a finding, unknown when one of the step's checks could not run, else ok.
 */
const mark = z.enum(['ok', 'problem', 'unknown']);

const branchSchema = z.union([
  z.strictObject({ when: conditionSchema, finding: template.optional(), mark: mark.optional(), next: id }),
  z.strictObject({ otherwise: id, finding: template.optional(), mark: mark.optional() }),
]);

const patchSchema = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: template,
  namespace: template.optional(),
  type: z.enum(['strategic', 'merge', 'json']),
  body: z.unknown(),
});

export const fixSchema = z.strictObject({
  summary: template,
  /** What applying the fix restarts or recreates, in words an operator can weigh at 3 a.m. */
  restarts: template.optional(),
  patch: patchSchema.optional(),
  /** The change as a person makes it: Helm values, manifest, config file lines, commands. */
  print: template.optional(),
  /** The step whose checks prove the fix worked. */
  verify: id.optional(),
  /**
   * The workload whose rollout the fix implies (waited for after applying). Defaults to the
   * patched object when it is a Deployment, StatefulSet or DaemonSet.
   */
  rollout: z
    .strictObject({ apiVersion: z.string().optional(), kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']), name: template, namespace: template.optional() })
    .optional(),
});

const stepCommon = {
  title: template,
  why: template.optional(),
};

const checkStep = z.strictObject({
  ...stepCommon,
  // The refinement is invisible to JSON Schema; minProperties says the same to editors.
  checks: z.record(id, checkSchema).refine((c) => Object.keys(c).length > 0, 'a step needs at least one check').meta({ minProperties: 1 }),
  branches: z.array(branchSchema).min(1),
});

const askStep = z.strictObject({
  ...stepCommon,
  ask: z.strictObject({
    question: template,
    /** Why no check can answer this — shown to the operator. */
    because: template,
    options: z
      .array(z.strictObject({ label: template, next: id, finding: template.optional() }))
      .min(2),
  }),
});

const infoStep = z.strictObject({
  ...stepCommon,
  info: template,
  next: id,
});

const conclusionStep = z.strictObject({
  ...stepCommon,
  conclusion: z.strictObject({
    verdict: z.enum(['problem', 'healthy', 'inconclusive']),
    rootCause: template,
    fix: fixSchema.optional(),
    followUps: z.array(template).optional(),
    /** Runbook ids worth trying next, e.g. from a healthy verdict. */
    seeAlso: z.array(id).optional(),
  }),
});

export const stepSchema = z.union([checkStep, askStep, infoStep, conclusionStep]);

const paramSchema = z.strictObject({
  description: z.string().optional(),
  default: z.string().optional(),
  discover: z
    .strictObject({
      kind: z.string(),
      apiVersion: z.string().optional(),
      labelSelector: z.string().optional(),
      /** Which field of the discovered object is the value; defaults to metadata.name. */
      jsonpath: z.string().optional(),
    })
    .optional(),
});

export const runbookSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  version: z.number().int().positive().default(1),
  title: z.string(),
  summary: z.string().optional(),
  symptoms: z
    .strictObject({
      logs: z.array(z.string()).default([]),
      /** Alert names, the most telling first (`runbook match` ranks a shared alert by its position). */
      alerts: z.array(z.string()).default([]),
      /** Look-alike lines that must not count as this symptom. */
      notLogs: z.array(z.string()).default([]),
    })
    .default({ logs: [], alerts: [], notLogs: [] }),
  params: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), paramSchema).default({}),
  /** Every fix of this runbook is printed, never applied (enforced in the cluster layer). */
  readOnly: z.boolean().default(false),
  start: id,
  steps: z.record(id, stepSchema),
});

export type Runbook = z.infer<typeof runbookSchema>;
export type Step = z.infer<typeof stepSchema>;
export type CheckSpec = z.infer<typeof checkSchema>;
export type Branch = z.infer<typeof branchSchema>;
export type Fix = z.infer<typeof fixSchema>;
export type Param = z.infer<typeof paramSchema>;
export type CheckStep = z.infer<typeof checkStep>;
export type AskStep = z.infer<typeof askStep>;
export type InfoStep = z.infer<typeof infoStep>;
export type ConclusionStep = z.infer<typeof conclusionStep>;
export type Verdict = ConclusionStep['conclusion']['verdict'];
export type Mark = z.infer<typeof mark>;
