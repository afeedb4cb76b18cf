// The simulated API server: HTTPS on loopback, bearer-token auth, Kubernetes REST routing,
// and pods/exec over WebSocket. Real kubectl and client-node talk to it through a kubeconfig.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AccessPolicy, type Attributes } from './access';
import { conditionEvaluator } from './conditions';
import type { SimContext } from './context';
import { createObject, deleteObject, getObject, listObjects, patchObject, replaceObject, scaleSubresource, type ResourceRequest } from './crud';
import {
  aggregatedDiscovery,
  AGGREGATED_CONTENT_TYPE,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery';
import { parseExecQuery, pickProtocol, runScripted, serveExec } from './exec';
import { cutMidResponse, FaultInjector, faultStatus, sendMalformed, type Fault, type RequestFacts } from './faults';
import { acceptsAs, rawStatusResponse, sendJson, sendStatus, sendText } from './http';
import { renderKubeconfig } from './kubeconfig';
import { containerLogs, containerState, parseLogQuery, resolveContainer } from './pods';
import { ResourceRegistry } from './resources';
import { selfSubjectAccessReview } from './review';
import { route, type Route } from './router';
import type { Scenario } from './scenario';
import { ApiError, badRequest, failure, methodNotAllowed, notFound, resourceNotFound, unauthorized } from './status';
import { simulateReconcile } from './reconcile';
import { simulateRollouts } from './rollout';
import { ObjectStore } from './store';
import { generateTls } from './tls';
import { watchObjects } from './watch';

export { loadScenario, parseScenario, scenarioPath, ScenarioError, type Scenario } from './scenario';

export interface SimServer {
  /** https://127.0.0.1:PORT */
  url: string;
  /** A complete kubeconfig (YAML) for this server: CA data, bearer token, context, namespace. */
  kubeconfig: string;
  context: string;
  namespace: string;
  /** PEM of the throwaway CA that signed the server certificate. */
  caCert: string;
  /** The bearer token the server accepts. */
  token: string;
  writeKubeconfig(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface SimOptions {
  port?: number;
  host?: string;
}

function authenticated(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1]!.trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

type ResourceRoute = Extract<Route, { kind: 'resource' }>;

function attrs(r: ResourceRoute, verb: string, subresource?: string): Attributes {
  return { verb, group: r.type.group, resource: r.type.plural, subresource, namespace: r.namespace, name: r.name };
}

function discovery(ctx: SimContext, r: Route, req: IncomingMessage, res: ServerResponse): void {
  const wantsAggregated = acceptsAs(req.headers.accept, 'APIGroupDiscoveryList', 'apidiscovery.k8s.io', 'v2');
  switch (r.kind) {
    case 'version':
      sendJson(res, 200, versionInfo(ctx.scenario.cluster.version));
      return;
    case 'api':
      if (wantsAggregated) sendJson(res, 200, aggregatedDiscovery(ctx.registry, true), AGGREGATED_CONTENT_TYPE);
      else sendJson(res, 200, apiVersions(ctx.serverAddress));
      return;
    case 'apis':
      if (wantsAggregated) sendJson(res, 200, aggregatedDiscovery(ctx.registry, false), AGGREGATED_CONTENT_TYPE);
      else sendJson(res, 200, apiGroupList(ctx.registry));
      return;
    case 'group': {
      const g = apiGroup(ctx.registry, r.group);
      if (!g) throw resourceNotFound();
      sendJson(res, 200, g);
      return;
    }
    case 'groupVersion': {
      const list = apiResourceList(ctx.registry, r.group, r.version);
      if (!list) throw resourceNotFound();
      sendJson(res, 200, list);
      return;
    }
    default:
      throw resourceNotFound();
  }
}

async function resource(ctx: SimContext, r: ResourceRoute, req: IncomingMessage, res: ServerResponse, params: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const { type, name, subresource } = r;
  const rr: ResourceRequest = { type, namespace: r.namespace, name, params, req, res };
  if (type.kind === 'SelfSubjectAccessReview' && type.group === 'authorization.k8s.io') {
    // Every authenticated user may ask what it may do (system:basic-user).
    if (method !== 'POST' || name) throw methodNotAllowed();
    await selfSubjectAccessReview(ctx, req, res);
    return;
  }
  if (!name) {
    if (method === 'GET') {
      const watch = params.get('watch') === 'true' || params.get('watch') === '1';
      ctx.access.check(attrs(r, watch ? 'watch' : 'list'));
      if (watch) watchObjects(ctx, rr);
      else listObjects(ctx, rr);
      return;
    }
    if (method === 'POST') {
      ctx.access.check(attrs(r, 'create'));
      await createObject(ctx, rr);
      return;
    }
    throw methodNotAllowed();
  }
  if (!subresource) {
    const verb = { GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method];
    if (!verb) throw methodNotAllowed();
    if (verb === 'get' && (params.get('watch') === 'true' || params.get('watch') === '1')) {
      ctx.access.check(attrs(r, 'watch'));
      watchObjects(ctx, rr);
      return;
    }
    ctx.access.check(attrs(r, verb));
    if (verb === 'get') getObject(ctx, rr);
    else if (verb === 'update') await replaceObject(ctx, rr);
    else if (verb === 'patch') await patchObject(ctx, rr);
    else deleteObject(ctx, rr);
    return;
  }
  if (!type.subresources.some((s) => s.name === subresource)) throw resourceNotFound();
  switch (subresource) {
    case 'log': {
      if (method !== 'GET') throw methodNotAllowed();
      ctx.access.check(attrs(r, 'get', 'log'));
      const pod = ctx.store.get(type, r.namespace, name);
      if (!pod) throw notFound('', 'pods', name);
      const query = parseLogQuery(params);
      const container = resolveContainer(pod, params.get('container') ?? undefined, 'logs');
      sendText(res, 200, containerLogs(ctx.scenario.logs, pod, container, query));
      return;
    }
    case 'exec':
      // Reached only without an Upgrade header: the real server refuses the same way.
      throw badRequest('Upgrade request required');
    case 'status': {
      const verb = { GET: 'get', PUT: 'update', PATCH: 'patch' }[method];
      if (!verb) throw methodNotAllowed();
      ctx.access.check(attrs(r, verb, 'status'));
      if (verb === 'get') getObject(ctx, rr);
      else if (verb === 'update') await replaceObject(ctx, rr, 'status');
      else await patchObject(ctx, rr, 'status');
      return;
    }
    case 'scale': {
      const verb = { GET: 'get', PUT: 'update', PATCH: 'patch' }[method];
      if (!verb) throw methodNotAllowed();
      ctx.access.check(attrs(r, verb, 'scale'));
      await scaleSubresource(ctx, rr, method);
      return;
    }
    default:
      throw methodNotAllowed();
  }
}

/** The verb and resource a request addresses, as the authorizer (and a fault's `match`) sees it. */
function requestFacts(r: Route, method: string, params: URLSearchParams, pathname: string): RequestFacts {
  if (r.kind !== 'resource') return { path: pathname };
  const watching = params.get('watch') === 'true' || params.get('watch') === '1';
  let verb: string;
  if (r.subresource === 'exec' || (r.subresource === undefined && method === 'POST')) verb = 'create';
  else if (!r.name) verb = watching ? 'watch' : 'list';
  else verb = { GET: watching && !r.subresource ? 'watch' : 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? method.toLowerCase();
  return { path: pathname, attributes: attrs(r, verb, r.subresource) };
}

/** Plays a fault; true when it answered (or the client left), false when the normal answer follows. */
async function playFault(ctx: SimContext, fault: Fault, facts: RequestFacts, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault.delaySeconds !== undefined && !(await ctx.faults.delay(fault.delaySeconds, req))) return true;
  if (fault.status !== undefined) {
    if (fault.retryAfter !== undefined) res.setHeader('Retry-After', String(fault.retryAfter));
    sendStatus(res, faultStatus(fault, facts, ctx.access));
    return true;
  }
  if (fault.malformed) {
    sendMalformed(res);
    return true;
  }
  if (fault.reset) cutMidResponse(res);
  return false;
}

async function handle(ctx: SimContext, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (!authenticated(req, token)) {
      sendStatus(res, unauthorized());
      return;
    }
    const url = new URL(req.url ?? '/', 'https://sim.invalid');
    const r = route(url.pathname, ctx.registry);
    const facts = requestFacts(r, req.method ?? 'GET', url.searchParams, url.pathname);
    const fault = ctx.faults.take(facts);
    if (fault && (await playFault(ctx, fault, facts, req, res))) return;
    if (r.kind === 'health') {
      sendText(res, 200, 'ok');
      return;
    }
    if (r.kind === 'unknown') {
      // Paths outside the API (/openapi/v2, /metrics, ...) get the plain mux 404.
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/apis/')) throw resourceNotFound();
      sendText(res, 404, '404 page not found\n');
      return;
    }
    if (r.kind !== 'resource') {
      if (req.method !== 'GET') throw methodNotAllowed();
      discovery(ctx, r, req, res);
      return;
    }
    await resource(ctx, r, req, res, url.searchParams);
  } catch (e) {
    const status = e instanceof ApiError ? e.status : failure(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
    if (res.headersSent) res.destroy();
    else sendStatus(res, status);
  }
}

/** pods/exec: validate like the API server and kubelet do, then hand the socket to `ws`. */
function handleUpgrade(ctx: SimContext, token: string, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  const refuse = (status: ReturnType<typeof failure>): void => {
    socket.end(rawStatusResponse(status));
  };
  try {
    if (!authenticated(req, token)) {
      refuse(unauthorized());
      return;
    }
    const url = new URL(req.url ?? '/', 'https://sim.invalid');
    const r = route(url.pathname, ctx.registry);
    if (r.kind !== 'resource' || r.type.kind !== 'Pod' || r.type.group !== '' || !r.name || r.subresource !== 'exec') {
      throw r.kind === 'resource' && r.subresource === 'attach' ? badRequest('attach is not supported by the simulated cluster') : resourceNotFound();
    }
    if ((req.method ?? 'GET') === 'GET') ctx.access.check(attrs(r, 'get', 'exec'));
    ctx.access.check(attrs(r, 'create', 'exec'));
    const pod = ctx.store.get(r.type, r.namespace, r.name);
    if (!pod) throw notFound('', 'pods', r.name);
    const execReq = parseExecQuery(url.searchParams);
    if (execReq.command.length === 0) throw badRequest('you must specify at least 1 command');
    const container = resolveContainer(pod, url.searchParams.get('container') ?? undefined, 'exec');
    if (containerState(pod, container).state !== 'running') throw badRequest(`unable to upgrade connection: container not found ("${container}")`);
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      throw badRequest('unable to upgrade connection: the simulated cluster speaks remotecommand over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io)');
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!pickProtocol(offered)) throw badRequest(`unable to upgrade connection: none of the offered subprotocols (${offered.join(', ')}) is supported`);
    const scripts = ctx.scenario.exec[`${pod.metadata.namespace}/${pod.metadata.name}/${container}`] ?? [];
    const holds = conditionEvaluator(ctx.store, ctx.registry, pod);
    const fault = ctx.faults.take({ path: url.pathname, attributes: attrs(r, 'create', 'exec') });
    const serve = (): void => {
      if (fault?.status !== undefined) refuse(faultStatus(fault, { path: url.pathname, attributes: attrs(r, 'create', 'exec') }, ctx.access));
      else if (fault?.reset) socket.destroy();
      else wss.handleUpgrade(req, socket, head, (ws) => serveExec(ws, execReq, runScripted(scripts, execReq.command, holds), fault));
    };
    if (fault?.delaySeconds !== undefined) void ctx.faults.delay(fault.delaySeconds, req).then((waited) => waited && serve());
    else serve();
  } catch (e) {
    refuse(e instanceof ApiError ? e.status : failure(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`));
  }
}

/** Start a simulated cluster serving `scenario`. */
export async function startSim(scenario: Scenario, opts: SimOptions = {}): Promise<SimServer> {
  const host = opts.host ?? '127.0.0.1';
  const tls = await generateTls(host);
  const token = randomBytes(24).toString('base64url');
  const registry = new ResourceRegistry(scenario.objects);
  const ctx: SimContext = {
    scenario,
    registry,
    store: new ObjectStore(registry, scenario.objects, scenario.cluster.namespace),
    access: new AccessPolicy(scenario.access.user, scenario.access.deny),
    faults: new FaultInjector(scenario.faults ?? []),
    serverAddress: '',
  };
  const stopRollouts = simulateRollouts(ctx.store, scenario.cluster.rolloutSeconds);
  const stopReconcile = simulateReconcile(ctx.store, registry, scenario.reconcile, scenario.cluster.namespace);
  const server = createServer({ key: tls.serverKey, cert: tls.serverCert }, (req, res) => void handle(ctx, token, req, res));
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => pickProtocol(protocols) ?? false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(ctx, token, wss, req, socket, head));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  ctx.serverAddress = `${hostInUrl}:${port}`;
  const url = `https://${hostInUrl}:${port}`;
  const kubeconfig = renderKubeconfig({
    server: url,
    caCert: tls.caCert,
    token,
    context: scenario.cluster.context,
    namespace: scenario.cluster.namespace,
    user: scenario.access.user,
  });
  let closed: Promise<void> | undefined;
  return {
    url,
    kubeconfig,
    context: scenario.cluster.context,
    namespace: scenario.cluster.namespace,
    caCert: tls.caCert,
    token,
    async writeKubeconfig(path: string): Promise<void> {
      await writeFile(path, kubeconfig, { mode: 0o600 });
      await chmod(path, 0o600);
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        stopRollouts();
        stopReconcile();
        ctx.faults.close();
        for (const c of wss.clients) c.terminate();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
