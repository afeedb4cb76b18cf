// The shape of every journal event, for reading journals this process did not write: a
// colleague's, an older version's, one edited by hand. Objects stay loose (a newer version may
// add fields); what readers use must be there with the right type. The type check at the end
// keeps this schema from drifting looser than the WalkEvent type the writers use.
import { z } from 'zod';
import { FAILURE_REASONS } from '../runbook/schema';
import type { WalkEvent } from './events';

const text = z.string();
const optionalText = z.string().optional();
const mark = z.enum(['ok', 'problem', 'unknown']);

const checkRun = { command: text, startedAt: text, durationMs: z.number() };
const checkResult = z.discriminatedUnion('status', [
  z.looseObject({ status: z.literal('ran'), stdout: text, stderr: text, exitCode: z.number(), json: z.unknown().optional(), ...checkRun }),
  z.looseObject({ status: z.literal('failed'), reason: z.enum(FAILURE_REASONS), message: text, manual: optionalText, ...checkRun }),
]);

const objectRef = { apiVersion: optionalText, kind: text, name: text, namespace: optionalText };
const printedFix = z.looseObject({
  summary: text,
  restarts: optionalText,
  patch: z.looseObject({ ...objectRef, type: z.enum(['strategic', 'merge', 'json']), body: z.unknown(), kubectl: z.array(text) }).optional(),
  print: optionalText,
  verify: optionalText,
  rollout: z.looseObject(objectRef).optional(),
});

const conclusion = z.looseObject({
  step: text,
  title: text,
  verdict: z.enum(['problem', 'healthy', 'inconclusive']),
  rootCause: text,
  finding: optionalText,
  fix: printedFix.optional(),
  followUps: z.array(text),
  seeAlso: z.array(text),
});

const connection = { context: optionalText, kubeconfig: optionalText, clusterVersion: optionalText };
const at = { at: text };
const step = { ...at, step: text };

export const walkEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('walk-started'),
    ...at,
    runbook: text,
    version: z.number(),
    params: z.record(text, text),
    ...connection,
    session: optionalText,
    title: optionalText,
    runbookHash: optionalText,
    // Validated against the runbook schema where it is used (a journal's copy of the runbook).
    definition: z.unknown().optional(),
    runbookFile: optionalText,
    namespace: optionalText,
    symptoms: z.looseObject({ logs: z.array(text), alerts: z.array(text) }).optional(),
  }),
  z.looseObject({ type: z.literal('step-entered'), ...step, title: text, why: optionalText }),
  z.looseObject({ type: z.literal('check-started'), ...at, name: text, command: text }),
  z.looseObject({ type: z.literal('check-finished'), ...at, name: text, result: checkResult }),
  z.looseObject({ type: z.literal('check-skipped'), ...at, name: text, error: text }),
  z.looseObject({ type: z.literal('step-left'), ...step, mark: mark.optional(), finding: optionalText, next: optionalText }),
  z.looseObject({ type: z.literal('asked'), ...step, question: text, because: text }),
  z.looseObject({ type: z.literal('answered'), ...step, option: z.number().int().nonnegative(), label: text }),
  z.looseObject({ type: z.literal('note'), ...step, text }),
  z.looseObject({ type: z.literal('concluded'), ...at, conclusion }),
  z.looseObject({
    type: z.literal('fix-planned'),
    ...step,
    applicable: z.boolean(),
    reason: optionalText,
    permissions: z.array(z.looseObject({ verb: text, resource: text, allowed: z.boolean() })),
    diff: optionalText,
  }),
  z.looseObject({ type: z.literal('fix-applied'), ...step, kubectl: z.array(text), undo: z.array(text), before: z.unknown() }),
  z.looseObject({ type: z.literal('fix-failed'), ...step, message: text }),
  z.looseObject({ type: z.literal('rollout'), ...step, status: text, message: text }),
  z.looseObject({ type: z.literal('verify-requested'), ...step }),
  z.looseObject({ type: z.literal('verified'), ...step, verifyStep: text, verified: z.boolean(), after: optionalText }),
  z.looseObject({ type: z.literal('interrupted'), ...step, reason: text }),
  z.looseObject({ type: z.literal('session-resumed'), ...step, phase: text, pathLength: z.number().int().nonnegative(), warnings: z.array(text), ...connection }),
]);

// Every event the schema accepts is a WalkEvent: a field the writers require that the schema
// left out, or typed looser, fails to compile here.
type Accepted = z.infer<typeof walkEventSchema>;
const _acceptedIsWalkEvent = (e: Accepted): WalkEvent => e;
void _acceptedIsWalkEvent;
// And every WalkEvent type has a schema.
const _everyTypeCovered = (t: WalkEvent['type']): Accepted['type'] => t;
void _everyTypeCovered;
