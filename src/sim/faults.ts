// Injected failures (a scenario's `faults:`): which requests they hit, and the answer each one
// gets instead of the normal one — an HTTP error worded like the API server, a slow answer, a
// connection cut mid-response, a body that is not JSON, an exec stream dropped mid-output.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessPolicy, Attributes } from './access';
import { failure, qualifiedResource, type Status } from './status';

export interface FaultMatch {
  verb?: string | undefined;
  group?: string | undefined;
  resource?: string | undefined;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  /** The URL path, exactly (e.g. /version): for requests that address no resource. */
  path?: string | undefined;
}

export interface Fault {
  match: FaultMatch;
  /** Answer with this HTTP status and a Status object. */
  status?: number | undefined;
  /** The Status message; default: the API server's wording for the status. */
  message?: string | undefined;
  /** Seconds, sent as Retry-After (usual with 429). */
  retryAfter?: number | undefined;
  /** Wait this long before answering; alone, the normal answer follows. */
  delaySeconds?: number | undefined;
  /** Send the headers and half the body, then cut the connection. */
  reset?: boolean | undefined;
  /** Answer 200 with a body that is not valid JSON (exec: a status frame that is not JSON). */
  malformed?: boolean | undefined;
  /** Exec: stop after this many bytes of output, without an exit status. */
  cutExecAfter?: number | undefined;
  /** Only the first N matching requests; default: every one. */
  times?: number | undefined;
}

/** What one request is, in the terms a fault's `match` uses. */
export interface RequestFacts {
  path: string;
  /** Undefined for requests that address no resource (discovery, /version). */
  attributes?: Attributes | undefined;
}

const eq = (want: string | undefined, have: string | undefined): boolean => want === undefined || want === '*' || want === (have ?? '');

export function faultMatches(m: FaultMatch, r: RequestFacts): boolean {
  if (m.path !== undefined && m.path !== r.path) return false;
  const resourceFields = [m.verb, m.group, m.resource, m.subresource, m.namespace, m.name].some((v) => v !== undefined);
  if (!resourceFields) return true;
  const a = r.attributes;
  if (!a) return false;
  return (
    eq(m.verb, a.verb) &&
    eq(m.group, a.group) &&
    eq(m.resource, a.resource) &&
    eq(m.namespace, a.namespace) &&
    eq(m.name, a.name) &&
    // As in access.deny: without a subresource, only the resource itself.
    (m.subresource === '*' || (m.subresource ?? '') === (a.subresource ?? ''))
  );
}

const REASONS: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'Unauthorized'],
  404: ['NotFound', 'the server could not find the requested resource'],
  409: ['Conflict', 'the object has been modified; please apply your changes to the latest version and try again'],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: etcdserver: leader changed'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded'],
};

/** The Status a fault answers with, worded as the API server words that status for this request. */
export function faultStatus(fault: Fault, r: RequestFacts, access: AccessPolicy): Status {
  const code = fault.status ?? 500;
  const a = r.attributes;
  if (fault.message === undefined && code === 403 && a) return access.forbidden(a).status;
  const [reason, generic] = REASONS[code] ?? ['Unknown', `the server responded with HTTP ${code}`];
  let message = fault.message ?? generic;
  if (fault.message === undefined && a?.name && code === 404) message = `${qualifiedResource(a.group, a.resource)} "${a.name}" not found`;
  if (fault.message === undefined && a?.name && code === 409) message = `Operation cannot be fulfilled on ${qualifiedResource(a.group, a.resource)} "${a.name}": ${generic}`;
  const details = {
    ...(a?.name ? { name: a.name } : {}),
    ...(a?.group ? { group: a.group } : {}),
    ...(a ? { kind: a.resource } : {}),
    ...(fault.retryAfter !== undefined ? { retryAfterSeconds: fault.retryAfter } : {}),
  };
  return failure(code, reason, message, Object.keys(details).length ? details : undefined);
}

/** A prefix of a plausible answer that stops mid-way: what a client sees from a broken proxy or encoder. */
export const MALFORMED_BODY = '{"kind":"Status","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"\u0000\ufffd';

/** Keeps each fault's count of requests hit, and the timers of delayed answers (cleared on close). */
export class FaultInjector {
  private readonly hits: number[];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly faults: readonly Fault[]) {
    this.hits = faults.map(() => 0);
  }

  /** The first fault that matches and has not used up its `times`; counts the hit. */
  take(r: RequestFacts): Fault | undefined {
    for (const [i, f] of this.faults.entries()) {
      if (!faultMatches(f.match, r)) continue;
      if (f.times !== undefined && this.hits[i]! >= f.times) continue;
      this.hits[i]!++;
      return f;
    }
    return undefined;
  }

  /** Resolves after `seconds`, or at once with false when the client went away or the server closes. */
  delay(seconds: number, req: IncomingMessage): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(true), seconds * 1000);
      this.timers.add(timer);
      const gone = () => done(false);
      const done = (waited: boolean) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        req.socket.off('close', gone);
        resolve(waited);
      };
      req.socket.once('close', gone);
    });
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** Makes the normal answer stop half-way: headers and half the body are sent, then the socket is destroyed. */
export function cutMidResponse(res: ServerResponse): void {
  // The real end is never called: the client must see a response that stops short.
  res.end = ((chunk?: unknown) => {
    const body = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? Buffer.from(chunk as string) : Buffer.alloc(0);
    if (body.length < 2) {
      res.socket?.destroy();
      return res;
    }
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return res;
  }) as typeof res.end;
}

export function sendMalformed(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(MALFORMED_BODY) });
  res.end(MALFORMED_BODY);
}
