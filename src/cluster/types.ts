// The contract between the engine (which decides what to check) and whatever runs checks.
// Everything here is plain data: the engine never sees a socket or a process.

export interface ObjectRef {
  apiVersion?: string | undefined;
  kind: string;
  name: string;
  namespace?: string | undefined;
}

export interface ListQuery {
  apiVersion?: string | undefined;
  kind: string;
  /** undefined: the walk namespace; '*': all namespaces; ignored for cluster-scoped kinds. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** A check with every template rendered: ready to run, nothing left to decide. */
export type ResolvedCheck =
  | { kind: 'get'; ref: ObjectRef }
  | { kind: 'list'; query: ListQuery }
  | { kind: 'logs'; pod: string; namespace?: string | undefined; container?: string | undefined; tail: number; previous: boolean }
  | { kind: 'exec'; pod: string; namespace?: string | undefined; container?: string | undefined; command: string[] }
  | { kind: 'kubectl'; args: string[] }
  | { kind: 'host'; argv: string[] };

/**
 * Why a check could not produce evidence. These are facts about the attempt, not about the
 * system under investigation: the engine routes them to "could not check" branches.
 */
export type FailureReason =
  | 'forbidden' // 403 / RBAC
  | 'unauthorized' // 401: credentials rejected
  | 'not-found' // the object (or pod, or container) does not exist
  | 'timeout'
  | 'unreachable' // no connection to the API server / host command missing
  | 'no-such-command' // exec: the binary is not in the image (distroless, no shell)
  | 'conflict' // 409: the object changed since it was read, or already exists; read it again
  | 'invalid' // the request itself was rejected (400/422), or a template could not be rendered
  | 'error'; // anything else (5xx, protocol error, malformed answer)

export interface CheckRun {
  /** What was run, as a person would type it (for the evidence pane and the postmortem). */
  command: string;
  startedAt: string;
  durationMs: number;
}

/** The command ran (an API read succeeded, a process exited): its output is evidence. */
export interface CheckRan extends CheckRun {
  status: 'ran';
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Parsed body of an API read (object or `items` array for lists). */
  json?: unknown;
}

/** The command could not run: no evidence about the system, only about the attempt. */
export interface CheckFailed extends CheckRun {
  status: 'failed';
  reason: FailureReason;
  message: string;
  /** What the operator can run by hand instead (from the runbook's `manual`). */
  manual?: string | undefined;
}

export type CheckResult = CheckRan | CheckFailed;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A failure from the cluster layer, already classified. Never thrown past `Cluster`. */
export interface ClusterError {
  reason: FailureReason;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ClusterError };

export type PatchType = 'strategic' | 'merge' | 'json';

export interface PatchRequest {
  ref: ObjectRef;
  type: PatchType;
  body: unknown;
  dryRun: boolean;
}

/** What discovery knows of a kind: where it lives and whether it is namespaced. */
export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  /** The URL segment and RBAC resource name, e.g. `statefulsets`. */
  plural: string;
  namespaced: boolean;
}

export interface AccessQuery {
  verb: string;
  resource: string;
  group?: string | undefined;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
}

/**
 * One cluster, one context, one default namespace. Implementations classify every failure
 * into a `ClusterError`: nothing here rejects.
 */
export interface Cluster {
  readonly context: string;
  readonly namespace: string;
  /** The API server's version, e.g. v1.32.4, or an error. */
  version(): Promise<Result<string>>;
  get(ref: ObjectRef): Promise<Result<KubeObject>>;
  list(query: ListQuery): Promise<Result<KubeObject[]>>;
  logs(q: { pod: string; namespace?: string | undefined; container?: string | undefined; tail?: number; previous?: boolean }): Promise<Result<string>>;
  exec(q: { pod: string; namespace?: string | undefined; container?: string | undefined; command: string[]; timeoutMs?: number }): Promise<Result<ExecOutput>>;
  /**
   * Changes an object. Implementations may refuse writes (a read-only session): a refused
   * write is a 'forbidden' error, a dry run is always allowed.
   */
  patch(req: PatchRequest): Promise<Result<KubeObject>>;
  /** Resolves a kind (apiVersion defaults for built-in kinds) through discovery. */
  resource(kind: string, apiVersion?: string): Promise<Result<ResourceInfo>>;
  canI(q: AccessQuery): Promise<Result<{ allowed: boolean; reason?: string | undefined }>>;
  /** `kubectl ARGS` with this cluster's kubeconfig and context added; argv only, never a shell. */
  kubectl(args: string[], opts?: { timeoutMs?: number }): Promise<Result<ExecOutput>>;
  close(): void;
}
