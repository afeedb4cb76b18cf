// Scenario files (runbooks/<id>/scenarios/<name>.yaml): the cluster state a simulated API server
// serves. Validated with zod; every error points at file:line:column of the YAML node at fault.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Location } from '../runbook/problem';
import { YamlSource } from '../runbook/source';
import { z } from 'zod';
import type { ExecCondition, ObjectSelector } from './conditions';
import type { Fault } from './faults';
import { applyMergePatch, type Json } from './patch';
import { ResourceRegistry, splitApiVersion } from './resources';

export interface ExecScript {
  command: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
  /** All must hold for this answer to be given; the first script whose argv and conditions match wins. */
  when?: ExecCondition[] | undefined;
}

/**
 * Stands in for a controller the simulator does not run (an operator, a webhook): while every
 * condition holds, the patch is applied to its object. A rule whose patch changes nothing, or
 * no longer applies, does nothing, so rules settle.
 */
export interface ReconcileRule {
  when: ExecCondition[];
  patch: { object: ObjectSelector; type: 'merge' | 'strategic' | 'json'; body: unknown };
}

export interface DenyRule {
  verb: string;
  resource: string;
  group?: string | undefined;
  namespace?: string | undefined;
  subresource?: string | undefined;
  name?: string | undefined;
}

export type Verdict = 'problem' | 'healthy' | 'inconclusive';

export interface ScenarioObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Scenario {
  /** File name without .yaml: what `extends` and RUNBOOK/SCENARIO refer to. */
  name: string;
  file: string;
  description: string;
  expect?: { path?: string[] | undefined; verdict: Verdict; answers?: Record<string, number | string> | undefined; afterFix?: AfterFix | undefined } | undefined;
  params: Record<string, string>;
  cluster: { version: string; namespace: string; context: string; rolloutSeconds: number };
  objects: ScenarioObject[];
  /** Key `namespace/pod/container`, with `@previous` for the previous instance. */
  logs: Record<string, string>;
  /** Key `namespace/pod/container`. */
  exec: Record<string, ExecScript[]>;
  access: { user: string; deny: DenyRule[] };
  reconcile: ReconcileRule[];
  /** Injected failures, first match wins; none when absent. */
  faults?: Fault[] | undefined;
}

/** What a scenario expects once its conclusion's fix is made (see `expect.afterFix` in the schema). */
export interface AfterFix {
  by: 'apply' | 'hand';
  cluster?: string | undefined;
  path: string[];
  verdict: Verdict;
  verified: boolean;
  answers?: Record<string, number | string> | undefined;
}

export interface ScenarioIssue {
  location: string;
  message: string;
}

export class ScenarioError extends Error {
  /** `file:line:column` of the first issue. */
  readonly location: string;
  /** The first issue's text without its location. */
  readonly detail: string;
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    const first = issues[0] ?? { location: '?', message: 'invalid scenario' };
    super(`${first.location}: ${first.message}`);
    this.name = 'ScenarioError';
    this.location = first.location;
    this.detail = first.message;
    this.issues = issues;
  }
}

export const DEFAULT_VERSION = 'v1.32.4';
export const DEFAULT_USER = 'sim-user';

const CONTAINER_KEY = /^[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9]*$/;
const LOG_KEY = /^[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9]*(@previous)?$/;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?$/;

const conditionSchema = z.strictObject({
  object: z
    .strictObject({ apiVersion: z.string().min(1), kind: z.string().min(1), name: z.string().min(1), namespace: z.string().optional() })
    .optional(),
  path: z.string().startsWith('$', { error: 'a JSONPath starting with $, e.g. $.spec.securityContext.runAsUser' }),
  exists: z.boolean().optional(),
  equals: z.unknown().optional(),
});

const execScriptSchema = z.strictObject({
  command: z.array(z.string()).min(1, { error: 'command must have at least one element' }),
  stdout: z.string().default(''),
  stderr: z.string().default(''),
  exitCode: z.number().int().min(0).max(255).default(0),
  when: z
    .union([conditionSchema, z.array(conditionSchema)])
    .transform((w) => (Array.isArray(w) ? w : [w]))
    .optional(),
});

const selectorSchema = z.strictObject({ apiVersion: z.string().min(1), kind: z.string().min(1), name: z.string().min(1), namespace: z.string().optional() });

const reconcileSchema = z.strictObject({
  when: z
    .union([conditionSchema.extend({ object: selectorSchema }), z.array(conditionSchema.extend({ object: selectorSchema }))])
    .transform((w) => (Array.isArray(w) ? w : [w])),
  patch: z.strictObject({
    object: selectorSchema,
    type: z.enum(['merge', 'strategic', 'json']),
    body: z.unknown(),
  }),
});

const denySchema = z.strictObject({
  verb: z.string().min(1),
  resource: z.string().min(1),
  group: z.string().optional(),
  namespace: z.string().optional(),
  subresource: z.string().optional(),
  name: z.string().optional(),
});

const objectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { error: 'kind must be a CamelCase type name, e.g. Pod' }),
  metadata: z.looseObject({
    name: z.string().regex(OBJECT_NAME, { error: 'metadata.name must be a lowercase RFC 1123 name' }),
    namespace: z.string().regex(OBJECT_NAME, { error: 'metadata.namespace must be a lowercase RFC 1123 name' }).optional(),
  }),
  $merge: z.literal(true).optional(),
});

const FAULT_EFFECTS = ['status', 'reset', 'malformed', 'cutExecAfter'] as const;

const faultSchema = z
  .strictObject({
    match: z
      .strictObject({
        verb: z.string().min(1).optional(),
        group: z.string().optional(),
        resource: z.string().min(1).optional(),
        subresource: z.string().min(1).optional(),
        namespace: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        path: z.string().startsWith('/', { error: 'path is a URL path such as /version' }).optional(),
      })
      .default({}),
    status: z.number().int().min(400).max(599).optional(),
    message: z.string().optional(),
    retryAfter: z.number().int().min(0).max(3600).optional(),
    delaySeconds: z.number().positive().max(600).optional(),
    reset: z.literal(true).optional(),
    malformed: z.literal(true).optional(),
    cutExecAfter: z.number().int().min(0).optional(),
    times: z.number().int().positive().optional(),
  })
  .superRefine((f, ctx) => {
    const effects = FAULT_EFFECTS.filter((e) => f[e] !== undefined);
    if (effects.length > 1) {
      ctx.addIssue({ code: 'custom', path: [effects[1]!], message: `a fault does one thing: ${effects.join(' and ')} cannot be combined (use two faults with times)` });
    }
    if (effects.length === 0 && f.delaySeconds === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: `a fault needs one of ${FAULT_EFFECTS.join(', ')} or delaySeconds` });
    }
    if ((f.message !== undefined || f.retryAfter !== undefined) && f.status === undefined) {
      ctx.addIssue({ code: 'custom', path: [f.message !== undefined ? 'message' : 'retryAfter'], message: 'message and retryAfter go with status' });
    }
    if (f.cutExecAfter !== undefined && f.match.subresource !== 'exec') {
      ctx.addIssue({ code: 'custom', path: ['cutExecAfter'], message: 'cutExecAfter applies to exec: match needs subresource: exec' });
    }
  });

export const fileSchema = z.strictObject({
  description: z.string().optional(),
  extends: z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'extends names a scenario in the same folder, e.g. healthy' }).optional(),
  expect: z
    .strictObject({
      path: z.array(z.string()).optional(),
      verdict: z.enum(['problem', 'healthy', 'inconclusive']),
      /** What the operator answers at each question, by step: the option's number (from 1) or label. */
      answers: z.record(z.string(), z.union([z.number().int().min(1), z.string().min(1)])).optional(),
      /**
       * The walk goes on after its conclusion's fix: applied through the API (`apply`: permission
       * checks, dry run, patch, rollout; `reconcile` rules play the operators), or made by the
       * operator (`hand`: the cluster becomes `cluster`, another scenario of this folder, and the
       * operator asks for the verification). `path` is what the walk visits after the conclusion.
       */
      afterFix: z
        .strictObject({
          by: z.enum(['apply', 'hand']),
          cluster: z.string().regex(/^[A-Za-z0-9._-]+$/, { error: 'cluster names a scenario in the same folder, e.g. healthy' }).optional(),
          path: z.array(z.string()).min(1, { error: 'path lists the steps walked after the conclusion, starting with its verify step' }),
          verdict: z.enum(['problem', 'healthy', 'inconclusive']),
          verified: z.boolean(),
          /** What the operator answers after the fix, where it differs from before (default: `expect.answers`). */
          answers: z.record(z.string(), z.union([z.number().int().min(1), z.string().min(1)])).optional(),
        })
        .refine((a) => a.by === 'apply' || a.cluster !== undefined, { error: 'a fix made by hand needs `cluster`: the scenario whose cluster stands after it', path: ['cluster'] })
        .optional(),
    })
    .optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  cluster: z
    .strictObject({
      version: z.string().regex(/^v\d+\.\d+\.\d+/, { error: 'version must look like v1.32.4' }).optional(),
      namespace: z.string().regex(OBJECT_NAME, { error: 'namespace must be a lowercase RFC 1123 name' }).optional(),
      context: z.string().min(1).optional(),
      /** Seconds until a changed Deployment/StatefulSet/DaemonSet reports itself rolled out; negative: never. */
      rolloutSeconds: z.number().optional(),
    })
    .optional(),
  objects: z.array(objectSchema).optional(),
  logs: z
    .record(z.string().regex(LOG_KEY, { error: 'log keys are namespace/pod/container, optionally ending in @previous' }), z.string())
    .optional(),
  exec: z
    .record(z.string().regex(CONTAINER_KEY, { error: 'exec keys are namespace/pod/container' }), z.array(execScriptSchema))
    .optional(),
  access: z
    .strictObject({
      user: z.string().min(1).optional(),
      deny: z.array(denySchema).default([]),
    })
    .optional(),
  reconcile: z.array(reconcileSchema).optional(),
  faults: z.array(faultSchema).optional(),
});

type ScenarioFile = z.infer<typeof fileSchema>;
type PathKey = string | number;

/** One parsed scenario file that says where any of its nodes is, as `file:line:column`. */
class SourceFile {
  private constructor(private readonly yaml: YamlSource) {}

  static parse(file: string, text: string): { source: SourceFile; data: unknown } {
    const yaml = new YamlSource(file, text);
    const syntax = yaml.syntaxProblems();
    if (syntax.length > 0) throw new ScenarioError(syntax.map((p) => ({ location: `${p.file}:${p.line}:${p.column}`, message: p.message })));
    return { source: new SourceFile(yaml), data: yaml.value() };
  }

  /** The deepest existing node on `keys`; with `key`, the key of that map entry instead of its value. */
  locate(keys: readonly PathKey[], key?: string): string {
    return format(key === undefined ? this.yaml.locate(keys) : this.yaml.locate([...keys, key], { key: true }));
  }

  /** The key node of `keys` (the last element must be a map key). */
  locateKey(keys: readonly PathKey[]): string {
    return format(this.yaml.locate(keys, { key: typeof keys[keys.length - 1] === 'string' }));
  }
}

function format(at: Location): string {
  return `${at.file}:${at.line}:${at.column}`;
}

function formatPath(keys: readonly PathKey[]): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

function zodIssues(source: SourceFile, error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((issue) => {
    const keys = issue.path.filter((k): k is PathKey => typeof k === 'string' || typeof k === 'number');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      const where = formatPath(keys);
      return { location: source.locate(keys, key), message: `unknown field "${key}"${where ? ` in ${where}` : ''}` };
    }
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    const location = issue.code === 'invalid_key' ? source.locateKey(keys) : source.locate(keys);
    return { location, message: `${formatPath(keys) || 'scenario'}: ${inner ?? issue.message}` };
  });
}

/** Where each merged entry came from, so that checks after `extends` still point at the right file. */
interface Origins {
  objects: string[];
  logs: Record<string, string>;
  exec: Record<string, string>;
  extendsAt?: string;
}

interface Layer {
  data: ScenarioFile;
  origins: Origins;
}

function objectIdentity(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string | undefined } }): string {
  return `${splitApiVersion(o.apiVersion).group}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

async function loadLayer(file: string, stack: string[]): Promise<Layer> {
  const abs = path.resolve(file);
  if (stack.includes(abs)) {
    throw new ScenarioError([{ location: `${file}:1:1`, message: `extends cycle: ${[...stack, abs].map((f) => path.basename(f, '.yaml')).join(' -> ')}` }]);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError([{ location: `${file}:1:1`, message: code === 'ENOENT' ? 'no such scenario file' : `cannot read: ${String(e)}` }]);
  }
  return parseLayer(file, text, [...stack, abs]);
}

async function parseLayer(file: string, text: string, stack: string[]): Promise<Layer> {
  const { source, data } = SourceFile.parse(file, text ?? '');
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) throw new ScenarioError(zodIssues(source, parsed.error));
  const own = parsed.data;
  const origins: Origins = {
    objects: (own.objects ?? []).map((_, i) => source.locate(['objects', i])),
    logs: Object.fromEntries(Object.keys(own.logs ?? {}).map((k) => [k, source.locateKey(['logs', k])])),
    exec: Object.fromEntries(Object.keys(own.exec ?? {}).map((k) => [k, source.locateKey(['exec', k])])),
  };

  const seen = new Map<string, number>();
  for (const [i, o] of (own.objects ?? []).entries()) {
    const id = objectIdentity(o);
    if (seen.has(id)) {
      throw new ScenarioError([{ location: origins.objects[i]!, message: `objects[${i}]: duplicate of objects[${seen.get(id)}] (${o.kind} ${o.metadata.name})` }]);
    }
    seen.set(id, i);
  }

  if (own.extends === undefined) {
    for (const [i, o] of (own.objects ?? []).entries()) {
      if (o.$merge) throw new ScenarioError([{ location: origins.objects[i]!, message: `objects[${i}]: $merge needs a base scenario (extends)` }]);
    }
    return { data: own, origins };
  }
  const baseFile = path.join(path.dirname(file), `${own.extends}.yaml`);
  let base: Layer;
  try {
    base = await loadLayer(baseFile, stack);
  } catch (e) {
    if (e instanceof ScenarioError && e.detail === 'no such scenario file' && e.location.startsWith(`${baseFile}:`)) {
      throw new ScenarioError([{ location: source.locate(['extends']), message: `extends: no scenario "${own.extends}" beside this file (${baseFile})` }]);
    }
    throw e;
  }
  return mergeLayers(base, { data: own, origins: { ...origins, extendsAt: source.locate(['extends']) } });
}

function mergeLayers(base: Layer, child: Layer): Layer {
  const b = base.data;
  const c = child.data;
  const objects = [...(b.objects ?? [])];
  const objectOrigins = [...base.origins.objects];
  for (const [i, o] of (c.objects ?? []).entries()) {
    const at = objects.findIndex((x) => objectIdentity(x) === objectIdentity(o));
    const where = child.origins.objects[i]!;
    if (o.$merge) {
      if (at < 0) {
        throw new ScenarioError([{ location: where, message: `objects[${i}]: $merge but the base has no ${o.kind} ${o.metadata.name}` }]);
      }
      const { $merge: _, ...patch } = o;
      objects[at] = applyMergePatch(objects[at] as unknown as Json, patch as unknown as Json) as unknown as (typeof objects)[number];
      objectOrigins[at] = where;
    } else if (at >= 0) {
      objects[at] = o;
      objectOrigins[at] = where;
    } else {
      objects.push(o);
      objectOrigins.push(where);
    }
  }
  // Child wins per argv: its scripts for a command replace every base script for that command
  // (there may be several, with different `when` conditions).
  const exec: Record<string, ExecScript[]> = { ...(b.exec ?? {}) };
  for (const [key, scripts] of Object.entries(c.exec ?? {})) {
    const argv = (s: ExecScript): string => JSON.stringify(s.command);
    const overridden = new Set(scripts.map(argv));
    exec[key] = [...(exec[key] ?? []).filter((s) => !overridden.has(argv(s))), ...scripts];
  }
  const data: ScenarioFile = {
    description: c.description ?? b.description,
    expect: c.expect ?? b.expect,
    params: { ...(b.params ?? {}), ...(c.params ?? {}) },
    cluster: { ...(b.cluster ?? {}), ...(c.cluster ?? {}) },
    objects,
    logs: { ...(b.logs ?? {}), ...(c.logs ?? {}) },
    exec,
    access: c.access ?? b.access,
    reconcile: c.reconcile ?? b.reconcile,
    faults: c.faults ?? b.faults,
  };
  return {
    data,
    origins: {
      objects: objectOrigins,
      logs: { ...base.origins.logs, ...child.origins.logs },
      exec: { ...base.origins.exec, ...child.origins.exec },
    },
  };
}

function containerNames(pod: ScenarioObject): string[] {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const names: string[] = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[field];
    if (Array.isArray(list)) for (const c of list) if (c && typeof (c as { name?: unknown }).name === 'string') names.push((c as { name: string }).name);
  }
  return names;
}

/** Checks that need the whole (merged) scenario: do logs and exec scripts name real containers? */
function checkReferences(s: Scenario, origins: Origins): void {
  const registry = new ResourceRegistry(s.objects);
  const issues: ScenarioIssue[] = [];
  for (const [i, o] of s.objects.entries()) {
    const { group } = splitApiVersion(o.apiVersion);
    const t = registry.byKind(group, o.kind);
    if (t && t.builtin && t.version !== splitApiVersion(o.apiVersion).version) {
      issues.push({ location: origins.objects[i]!, message: `objects[${i}]: ${o.apiVersion} ${o.kind} is not served; use ${t.group ? `${t.group}/` : ''}${t.version}` });
    }
  }
  const pods = new Map<string, ScenarioObject>();
  for (const o of s.objects) {
    if (o.apiVersion === 'v1' && o.kind === 'Pod') pods.set(`${o.metadata.namespace ?? s.cluster.namespace}/${o.metadata.name}`, o);
  }
  const check = (section: 'logs' | 'exec', key: string): void => {
    const [ns, pod, container] = key.replace(/@previous$/, '').split('/');
    const p = pods.get(`${ns}/${pod}`);
    const location = origins[section][key] ?? `${s.file}:1:1`;
    if (!p) issues.push({ location, message: `${section}: no pod ${ns}/${pod} among the objects` });
    else if (!containerNames(p).includes(container ?? '')) {
      issues.push({ location, message: `${section}: pod ${ns}/${pod} has no container "${container}" (has: ${containerNames(p).join(', ') || 'none'})` });
    }
  };
  for (const key of Object.keys(s.logs)) check('logs', key);
  for (const key of Object.keys(s.exec)) check('exec', key);
  if (issues.length > 0) throw new ScenarioError(issues);
}

function finish(file: string, layer: Layer): Scenario {
  const d = layer.data;
  const name = path.basename(file).replace(/\.ya?ml$/, '');
  const scenario: Scenario = {
    name,
    file,
    description: d.description ?? '',
    expect: d.expect,
    params: Object.fromEntries(Object.entries(d.params ?? {}).map(([k, v]) => [k, String(v)])),
    cluster: {
      version: d.cluster?.version ?? DEFAULT_VERSION,
      namespace: d.cluster?.namespace ?? 'default',
      context: d.cluster?.context ?? `sim-${name}`,
      rolloutSeconds: d.cluster?.rolloutSeconds ?? 1,
    },
    objects: (d.objects ?? []).map(({ $merge: _, ...o }) => o as ScenarioObject),
    logs: d.logs ?? {},
    exec: d.exec ?? {},
    access: { user: d.access?.user ?? DEFAULT_USER, deny: d.access?.deny ?? [] },
    reconcile: (d.reconcile ?? []).map((r) => ({ when: r.when, patch: { ...r.patch, body: r.patch.body } })),
    faults: d.faults ?? [],
  };
  checkReferences(scenario, layer.origins);
  return scenario;
}

/** Load and validate a scenario file, resolving `extends`. Throws ScenarioError. */
export async function loadScenario(file: string): Promise<Scenario> {
  return finish(file, await loadLayer(file, []));
}

/** Validate scenario text; `extends` is resolved relative to `file`'s folder. Throws ScenarioError. */
export async function parseScenario(text: string, file: string): Promise<Scenario> {
  return finish(file, await parseLayer(file, text, [path.resolve(file)]));
}

/** `RUNBOOK/SCENARIO` → runbooks/RUNBOOK/scenarios/SCENARIO.yaml */
export function scenarioPath(runbooksDir: string, ref: string): string {
  const m = /^([A-Za-z0-9._-]+)\/([A-Za-z0-9._-]+?)(\.ya?ml)?$/.exec(ref);
  if (!m || m[1] === '..' || m[2] === '..' || m[1] === '.' || m[2] === '.') {
    throw new ScenarioError([{ location: ref, message: 'a scenario reference is RUNBOOK/SCENARIO, e.g. thanos-sidecar-upload-permission/broken' }]);
  }
  return path.join(runbooksDir, m[1]!, 'scenarios', `${m[2]}.yaml`);
}
