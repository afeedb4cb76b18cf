// The HTTP connection to one API server: one keep-alive agent for every call, the kubeconfig's
// credentials on each request, a deadline per request, and bounded retries on 429.

import http from 'node:http';
import https from 'node:https';
import { bufferFromFileOrString } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';

export interface HttpRequest {
  method: string;
  /** API path (`/api/v1/...`), optionally with a query string; the server URL's own path is prepended. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
  timeoutMs?: number | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A request that produced no HTTP response. `code` is the errno-style code when there is one
 * (ETIMEDOUT: our deadline, EAUTH: the kubeconfig's credentials could not be obtained).
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface TransportOptions {
  timeoutMs: number;
  /** 429 handling: at most this many retries… */
  maxRetries?: number;
  /** …waiting at most this long in total. */
  maxRetryWaitMs?: number;
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** Milliseconds to wait per a Retry-After header (seconds or HTTP date); 1 s when absent. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  if (!header) return 1000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return 1000;
  return Math.max(0, date - now);
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export class KubeTransport {
  private readonly server: URL;
  private readonly agent: http.Agent;
  private readonly options: Required<TransportOptions>;

  private constructor(
    private readonly kc: KubeConfig,
    server: URL,
    agent: http.Agent,
    options: TransportOptions,
  ) {
    this.server = server;
    this.agent = agent;
    this.options = { maxRetries: 2, maxRetryWaitMs: 5000, maxBodyBytes: DEFAULT_MAX_BODY, ...options };
  }

  /**
   * Reads the TLS material once (throws when a CA/cert/key file cannot be read). Credentials are
   * not fetched here: an exec plugin or token file is consulted per request, as kubectl does.
   */
  static async create(kc: KubeConfig, server: string, options: TransportOptions): Promise<KubeTransport> {
    const url = new URL(server);
    const cluster = kc.getCurrentCluster();
    const user = kc.getCurrentUser();
    if (url.protocol === 'http:' && !cluster?.skipTLSVerify) {
      // client-node (used for exec) refuses this combination; say so before the first call.
      throw new Error(`plain HTTP server ${server} needs insecure-skip-tls-verify: true in the kubeconfig`);
    }
    let agent: http.Agent;
    if (cluster?.proxyUrl) {
      const proxied: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(proxied);
      agent = proxied.agent as http.Agent; // client-node's proxy agent, reused for every call
    } else if (url.protocol === 'https:') {
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: 8,
        ca: bufferFromFileOrString(cluster?.caFile, cluster?.caData) ?? undefined,
        cert: bufferFromFileOrString(user?.certFile, user?.certData) ?? undefined,
        key: bufferFromFileOrString(user?.keyFile, user?.keyData) ?? undefined,
        ...(cluster?.tlsServerName ? { servername: cluster.tlsServerName } : {}),
        ...(cluster?.skipTLSVerify ? { rejectUnauthorized: false } : {}),
      });
    } else {
      agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    }
    return new KubeTransport(kc, url, agent, options);
  }

  get serverUrl(): string {
    return this.server.toString();
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Sends the request, retrying 429 answers within the retry budget. Throws TransportError. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const response = await this.sendOnce(request);
      if (response.status !== 429 || attempt >= this.options.maxRetries) return response;
      const delay = retryAfterMs(response.headers['retry-after']);
      if (waited + delay > this.options.maxRetryWaitMs) return response;
      await new Promise((resolve) => setTimeout(resolve, delay));
      waited += delay;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private url(request: HttpRequest): URL {
    const base = this.server.pathname.replace(/\/+$/, '');
    const url = new URL(this.server.origin);
    const [pathname, search] = request.path.split('?', 2) as [string, string | undefined];
    url.pathname = base + pathname;
    if (search) url.search = search;
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async sendOnce(request: HttpRequest): Promise<HttpResponse> {
    const auth: https.RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(auth);
    } catch (err) {
      throw new TransportError(`cannot obtain credentials: ${err instanceof Error ? err.message : String(err)}`, 'EAUTH');
    }
    const headers: Record<string, string> = { Accept: 'application/json, */*', 'User-Agent': 'runbook' };
    for (const [key, value] of Object.entries(auth.headers ?? {})) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    Object.assign(headers, request.headers);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    if (body) headers['Content-Length'] = String(body.length);

    const url = this.url(request);
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const client = url.protocol === 'https:' ? https : http;

    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      // Set when we abort on purpose, so the error that destroy() surfaces is replaced by the cause.
      let abortReason: TransportError | undefined;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const fail = (err: unknown) => settle(() => reject(abortReason ?? err));
      const abort = (reason: TransportError) => {
        abortReason = reason;
        req.destroy(reason);
        fail(reason);
      };
      const req = client.request(url, {
        method: request.method,
        headers,
        agent: this.agent,
        ...(auth.auth ? { auth: auth.auth } : {}),
      });
      const timer = setTimeout(
        () => abort(new TransportError(`no answer from ${url.origin} within ${timeoutMs} ms`, 'ETIMEDOUT')),
        timeoutMs,
      );
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.options.maxBodyBytes) {
            abort(new TransportError(`response larger than ${this.options.maxBodyBytes} bytes`, 'ETOOBIG'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new TransportError('connection closed before the response was complete', 'ECONNRESET')));
        res.on('end', () =>
          settle(() =>
            resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') }),
          ),
        );
      });
      req.end(body);
    });
  }
}
