// The Cluster interface on a real API server (or the simulator, which is one): REST reads and
// patches through the shared transport, exec over WebSocket, kubectl as a child process.

import { capText } from './capped-text';
import { classifyHttpFailure, classifyThrown, clusterError, describeTarget } from './errors';
import { Discovery, apiVersionPath, defaultApiVersion, resourcePath } from './discovery';
import type { ApiResource, ResourceInfo } from './discovery';
import { interpretExecStatus } from './exec-status';
import { runExecStream } from './exec-stream';
import type { GeneratedApis } from './generated-api';
import type { HttpRequest, HttpResponse, KubeTransport } from './http-transport';
import { kubectlArgv } from './kubectl';
import type { LoadedKubeconfig } from './kubeconfig';
import { runProcess } from './process';
import type {
  AccessQuery,
  Cluster,
  ClusterError,
  ExecOutput,
  FailureReason,
  KubeObject,
  ListQuery,
  ObjectRef,
  PatchRequest,
  PatchType,
  Result,
} from './types';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

const PODS: ResourceInfo = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
const FIELD_MANAGER = 'runbook';

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function isKubeObject(value: unknown): value is KubeObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const metadata = (value as { metadata?: unknown }).metadata;
  return !!metadata && typeof metadata === 'object';
}

export class KubeCluster implements Cluster {
  readonly context: string;
  readonly namespace: string;
  private readonly discovery: Discovery;
  /** client-node's generated API classes pull in every model: loaded on the first access review. */
  private apis: Promise<GeneratedApis> | undefined;

  constructor(
    private readonly loaded: LoadedKubeconfig,
    private readonly transport: KubeTransport,
    private readonly timeoutMs: number,
  ) {
    this.context = loaded.context;
    this.namespace = loaded.namespace;
    this.discovery = new Discovery(this.context, (apiVersion) => this.fetchResourceList(apiVersion));
  }

  async version(): Promise<Result<string>> {
    const info = await this.requestJson('server version', { method: 'GET', path: '/version' });
    if (!info.ok) return info;
    const gitVersion = (info.value as { gitVersion?: unknown } | null)?.gitVersion;
    if (typeof gitVersion !== 'string' || !gitVersion) return this.fail('error', 'server version', 'the answer has no gitVersion');
    return ok(gitVersion);
  }

  private generated(): Promise<GeneratedApis> {
    this.apis ??= import('./generated-api').then(
      ({ generatedApis }) => generatedApis(this.transport),
      (e: unknown) => {
        this.apis = undefined; // tried again on the next access review
        throw e;
      },
    );
    return this.apis;
  }

  async get(ref: ObjectRef): Promise<Result<KubeObject>> {
    if (!ref.name) return this.fail('invalid', `${ref.kind}`, 'no object name given');
    const info = await this.resolve(ref.kind, ref.apiVersion);
    if (!info.ok) return info;
    const namespace = info.value.namespaced ? ref.namespace || this.namespace : undefined;
    const target = describeTarget(info.value.plural, ref.name, namespace);
    const body = await this.requestJson(target, { method: 'GET', path: resourcePath(info.value, namespace, ref.name) });
    if (!body.ok) return body;
    if (!isKubeObject(body.value)) return this.fail('error', target, 'the answer is not a Kubernetes object');
    return ok(body.value);
  }

  async list(query: ListQuery): Promise<Result<KubeObject[]>> {
    const info = await this.resolve(query.kind, query.apiVersion);
    if (!info.ok) return info;
    const namespace = info.value.namespaced ? query.namespace || this.namespace : undefined;
    const target = describeTarget(info.value.plural, undefined, namespace);
    const body = await this.requestJson(target, {
      method: 'GET',
      path: resourcePath(info.value, namespace),
      query: { labelSelector: query.labelSelector || undefined, fieldSelector: query.fieldSelector || undefined },
    });
    if (!body.ok) return body;
    const list = body.value as { apiVersion?: unknown; items?: unknown };
    if (!list || !Array.isArray(list.items) || !list.items.every(isKubeObject)) {
      return this.fail('error', target, 'the answer is not a list of Kubernetes objects');
    }
    // Items in a list carry no apiVersion/kind on the wire; kubectl fills them in, and so do we.
    const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : info.value.apiVersion;
    return ok(list.items.map((item) => ({ apiVersion, kind: info.value.kind, ...item })));
  }

  async logs(q: {
    pod: string;
    namespace?: string | undefined;
    container?: string | undefined;
    tail?: number;
    previous?: boolean;
  }): Promise<Result<string>> {
    const namespace = q.namespace || this.namespace;
    const target = `logs of ${describeTarget('pods', q.pod, namespace, q.container)}`;
    if (!q.pod) return this.fail('invalid', target, 'no pod name given');
    const response = await this.request(target, {
      method: 'GET',
      path: resourcePath(PODS, namespace, q.pod, 'log'),
      headers: { Accept: 'text/plain, */*' },
      query: {
        container: q.container || undefined,
        tailLines: q.tail !== undefined && q.tail >= 0 ? Math.floor(q.tail) : undefined,
        previous: q.previous ? 'true' : undefined,
      },
    });
    if (!response.ok) return response;
    return ok(capText(response.value.body));
  }

  async exec(q: {
    pod: string;
    namespace?: string | undefined;
    container?: string | undefined;
    command: string[];
    timeoutMs?: number;
  }): Promise<Result<ExecOutput>> {
    const namespace = q.namespace || this.namespace;
    const target = describeTarget('pods', q.pod, namespace, q.container);
    if (!q.pod) return this.fail('invalid', target, 'no pod name given');
    if (q.command.length === 0 || !q.command[0]) return this.fail('invalid', target, 'no command given');
    const stream = await runExecStream(this.loaded.kc, new URL(this.transport.serverUrl), {
      namespace,
      pod: q.pod,
      container: q.container,
      command: q.command,
      timeoutMs: q.timeoutMs ?? this.timeoutMs,
    });
    if (!stream.ok) return this.fail(stream.reason, target, this.withServer(stream.reason, stream.detail));
    const verdict = interpretExecStatus(stream.status, stream.stderr);
    if (!verdict.ok) return this.fail(verdict.reason, target, verdict.detail);
    return ok({ stdout: stream.stdout, stderr: stream.stderr, exitCode: verdict.exitCode });
  }

  async patch(req: PatchRequest): Promise<Result<KubeObject>> {
    const info = await this.resolve(req.ref.kind, req.ref.apiVersion);
    if (!info.ok) return info;
    const namespace = info.value.namespaced ? req.ref.namespace || this.namespace : undefined;
    const target = describeTarget(info.value.plural, req.ref.name, namespace);
    if (!req.ref.name) return this.fail('invalid', target, 'no object name given');
    if (req.body === undefined) return this.fail('invalid', target, 'empty patch');
    const body = await this.requestJson(target, {
      method: 'PATCH',
      path: resourcePath(info.value, namespace, req.ref.name),
      headers: { 'Content-Type': PATCH_CONTENT_TYPES[req.type] },
      query: { fieldManager: FIELD_MANAGER, dryRun: req.dryRun ? 'All' : undefined },
      body: JSON.stringify(req.body),
    });
    if (!body.ok) return body;
    if (!isKubeObject(body.value)) return this.fail('error', target, 'the answer is not a Kubernetes object');
    return ok(body.value);
  }

  async canI(q: AccessQuery): Promise<Result<{ allowed: boolean; reason?: string | undefined }>> {
    // '' asks cluster-wide; undefined means the walk's namespace.
    const namespace = q.namespace ?? this.namespace;
    const resource = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
    const target = `access review (can-i ${q.verb} ${resource}${q.name ? ` "${q.name}"` : ''}${namespace ? ` in namespace "${namespace}"` : ''})`;
    try {
      const { authorization } = await this.generated();
      const review = await authorization.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb: q.verb,
              resource: q.resource,
              group: q.group,
              subresource: q.subresource,
              namespace: namespace || undefined,
              name: q.name,
            },
          },
        },
      });
      if (!review?.status || typeof review.status.allowed !== 'boolean') {
        return this.fail('error', target, 'the review came back without a status');
      }
      return ok({ allowed: review.status.allowed, reason: review.status.reason || undefined });
    } catch (err) {
      return this.failThrown(target, err);
    }
  }

  async kubectl(args: string[], opts?: { timeoutMs?: number }): Promise<Result<ExecOutput>> {
    const argv = kubectlArgv(
      {
        kubeconfigFile: this.loaded.kubeconfigFile,
        context: this.loaded.inCluster ? undefined : this.context,
        namespace: this.namespace,
      },
      args,
    );
    const outcome = await runProcess('kubectl', argv, { timeoutMs: opts?.timeoutMs ?? this.timeoutMs });
    if (!outcome.ok) return this.fail(outcome.reason, `kubectl ${args.join(' ')}`, outcome.detail);
    return outcome;
  }

  close(): void {
    this.transport.close();
  }

  resource(kind: string, apiVersion?: string): Promise<Result<ResourceInfo>> {
    return this.resolve(kind, apiVersion);
  }

  private async resolve(kind: string, apiVersion: string | undefined): Promise<Result<ResourceInfo>> {
    if (!kind) return this.fail('invalid', 'resource', 'no kind given');
    const version = apiVersion || defaultApiVersion(kind);
    if (!version) return this.fail('invalid', `kind ${kind}`, `apiVersion is required for kind "${kind}" (not a built-in kind)`);
    return this.discovery.resolve(version, kind);
  }

  private async fetchResourceList(apiVersion: string): Promise<Result<{ resources: ApiResource[] }>> {
    const target = `API ${apiVersion}`;
    const body = await this.requestJson(target, { method: 'GET', path: apiVersionPath(apiVersion) });
    if (!body.ok && body.error.reason === 'not-found') {
      return this.fail('not-found', target, `the server does not serve ${apiVersion} (is its CRD installed?)`);
    }
    if (!body.ok) return body;
    const resources = (body.value as { resources?: unknown } | null)?.resources;
    if (!Array.isArray(resources)) return this.fail('error', target, 'the discovery answer has no resource list');
    return ok({ resources: resources as ApiResource[] });
  }

  private async request(target: string, request: HttpRequest): Promise<Result<HttpResponse>> {
    let response: HttpResponse;
    try {
      response = await this.transport.send(request);
    } catch (err) {
      return this.failThrown(target, err);
    }
    if (response.status < 200 || response.status > 299) {
      const { reason, detail } = classifyHttpFailure(response.status, response.body);
      return this.fail(reason, target, detail);
    }
    return ok(response);
  }

  private async requestJson(target: string, request: HttpRequest): Promise<Result<unknown>> {
    const response = await this.request(target, request);
    if (!response.ok) return response;
    try {
      return ok(JSON.parse(response.value.body) as unknown);
    } catch (err) {
      return this.fail('error', target, `malformed JSON from the API server: ${(err as Error).message}`);
    }
  }

  private withServer(reason: FailureReason, detail: string): string {
    return reason === 'unreachable' || reason === 'timeout' ? `${detail} (API server ${this.loaded.server})` : detail;
  }

  private fail<T>(reason: FailureReason, target: string, detail: string): Result<T> {
    const error: ClusterError = clusterError(reason, this.context, target, detail);
    return { ok: false, error };
  }

  private failThrown<T>(target: string, err: unknown): Result<T> {
    const { reason, detail } = classifyThrown(err);
    return this.fail(reason, target, this.withServer(reason, detail));
  }
}
