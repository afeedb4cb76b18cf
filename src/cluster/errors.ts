// Classification of everything that can go wrong talking to a cluster into a FailureReason,
// and the one message format every ClusterError uses: `context C: <target>: <reason>: <detail>`.

import type { ClusterError, FailureReason } from './types';

const REASON_WORDS: Record<FailureReason, string> = {
  forbidden: 'forbidden',
  unauthorized: 'unauthorized',
  'not-found': 'not found',
  timeout: 'timed out',
  unreachable: 'unreachable',
  'no-such-command': 'no such command',
  conflict: 'conflict',
  invalid: 'invalid',
  error: 'error',
};

export function clusterError(reason: FailureReason, context: string, target: string, detail?: string): ClusterError {
  const parts = [`context ${context}`];
  if (target) parts.push(target);
  parts.push(REASON_WORDS[reason]);
  if (detail && detail.trim() && detail.trim() !== REASON_WORDS[reason]) parts.push(detail.trim());
  return { reason, message: parts.join(': ') };
}

/** `pods "x" in namespace "monitoring"`, `pods in all namespaces`, `nodes "n1"`, `…, container "c"`. */
export function describeTarget(resource: string, name?: string, namespace?: string, container?: string): string {
  let text = name ? `${resource} "${name}"` : resource;
  if (namespace === '*') text += ' in all namespaces';
  else if (namespace) text += ` in namespace "${namespace}"`;
  if (container) text += `, container "${container}"`;
  return text;
}

// The API server answers a pod's unknown container (or a previous instance that never existed)
// with 400 BadRequest: for a check that is "it does not exist", not a malformed request.
const MISSING_CONTAINER =
  /container \S+ is not valid for pod|container not found \("|container "[^"]*" (?:in pod "[^"]*" )?not found|previous terminated container .* not found/i;

export function reasonForHttpStatus(status: number, message = ''): FailureReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 400 || status === 422) return MISSING_CONTAINER.test(message) ? 'not-found' : 'invalid';
  if (status === 409) return 'conflict';
  if (status === 405 || status === 406 || status === 413 || status === 415) return 'invalid';
  return 'error';
}

/** The `message` of a Kubernetes Status body, or a short excerpt of whatever else came back. */
export function messageFromBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
    return '';
  }
  if (typeof body !== 'string') return '';
  const text = body.trim();
  if (!text) return '';
  try {
    return messageFromBody(JSON.parse(text));
  } catch {
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'EPROTO',
  'ECONNABORTED',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_HEADER_TOKEN',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ETIME', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

// Node's TLS verification failures carry OpenSSL codes rather than errno names.
const CERTIFICATE_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET)|DEPTH_ZERO/;

function errorCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errorCode(cause) : undefined;
}

/** Classify a thrown network / runtime error (not an HTTP status). */
export function reasonForNodeError(err: unknown): FailureReason {
  const code = errorCode(err);
  const name = err && typeof err === 'object' ? (err as { name?: unknown }).name : undefined;
  if (code === 'EAUTH') return 'unauthorized';
  if (code && TIMEOUT_CODES.has(code)) return 'timeout';
  if (name === 'TimeoutError') return 'timeout';
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (code && CERTIFICATE_CODE.test(code)) return 'unreachable';
  const message = errorText(err);
  if (/timed out|timeout/i.test(message)) return 'timeout';
  if (/certificate|self[- ]signed|socket hang up|wrong version number/i.test(message)) return 'unreachable';
  return 'error';
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = errorCode(err);
    const message = err.message || err.name;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}

/** An HTTP answer that is not a success: its reason and the server's own words. */
export function classifyHttpFailure(status: number, body: unknown): { reason: FailureReason; detail: string } {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  const message = messageFromBody(text);
  const reason = reasonForHttpStatus(status, message);
  if (status === 429) return { reason, detail: `too many requests (HTTP 429), retries exhausted${message ? `: ${message}` : ''}` };
  return { reason, detail: message || `HTTP ${status}` };
}

/**
 * Anything thrown while talking to the server: client-node's ApiException (an HTTP status),
 * a network error, a JSON parse failure.
 */
export function classifyThrown(err: unknown): { reason: FailureReason; detail: string } {
  if (err && typeof err === 'object' && (err as { name?: unknown }).name !== 'TransportError') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number' && code >= 100 && code < 600) {
      return classifyHttpFailure(code, (err as { body?: unknown }).body);
    }
  }
  if (err instanceof SyntaxError) return { reason: 'error', detail: `malformed response: ${err.message}` };
  return { reason: reasonForNodeError(err), detail: errorText(err) };
}
