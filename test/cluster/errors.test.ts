import { describe, expect, it } from 'vitest';
import { ApiException } from '@kubernetes/client-node';
import {
  classifyHttpFailure,
  classifyThrown,
  clusterError,
  describeTarget,
  messageFromBody,
  reasonForHttpStatus,
  reasonForNodeError,
} from '../../src/cluster/errors';
import { TransportError } from '../../src/cluster/http-transport';

function errno(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('reasonForHttpStatus', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [400, 'invalid'],
    [422, 'invalid'],
    [409, 'conflict'],
    [408, 'timeout'],
    [504, 'timeout'],
    [429, 'error'],
    [500, 'error'],
    [503, 'error'],
  ] as const)('%i → %s', (status, reason) => {
    expect(reasonForHttpStatus(status)).toBe(reason);
  });

  it('treats an unknown container (400) as not-found', () => {
    expect(reasonForHttpStatus(400, 'container foo is not valid for pod prometheus-k8s-0')).toBe('not-found');
    expect(reasonForHttpStatus(400, 'previous terminated container "c" in pod "p" not found')).toBe('not-found');
    expect(reasonForHttpStatus(400, 'a container name must be specified for pod p, choose one of: [a b]')).toBe('invalid');
  });
});

describe('reasonForNodeError', () => {
  it.each([
    ['ECONNREFUSED', 'unreachable'],
    ['ENOTFOUND', 'unreachable'],
    ['ECONNRESET', 'unreachable'],
    ['EHOSTUNREACH', 'unreachable'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'unreachable'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unreachable'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'unreachable'],
    ['ETIMEDOUT', 'timeout'],
    ['EAUTH', 'unauthorized'],
    ['EWHATEVER', 'error'],
  ] as const)('%s → %s', (code, reason) => {
    expect(reasonForNodeError(errno(code))).toBe(reason);
  });

  it('looks at the cause of a wrapped error', () => {
    const wrapped = new Error('fetch failed', { cause: errno('ECONNREFUSED') });
    expect(reasonForNodeError(wrapped)).toBe('unreachable');
  });

  it('recognises timeouts and certificate trouble by message when there is no code', () => {
    expect(reasonForNodeError(new Error('Opening handshake has timed out'))).toBe('timeout');
    expect(reasonForNodeError(new Error('self-signed certificate in certificate chain'))).toBe('unreachable');
    expect(reasonForNodeError(new Error('something odd'))).toBe('error');
  });
});

describe('messages', () => {
  it('keeps the Status message from the body', () => {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "x" is forbidden: User "u" cannot get', code: 403 });
    expect(messageFromBody(body)).toBe('pods "x" is forbidden: User "u" cannot get');
    expect(classifyHttpFailure(403, body)).toEqual({ reason: 'forbidden', detail: 'pods "x" is forbidden: User "u" cannot get' });
  });

  it('falls back to the raw text, shortened, or the status code', () => {
    expect(messageFromBody('404 page not found\n')).toBe('404 page not found');
    expect(messageFromBody('x'.repeat(1000))).toHaveLength(301);
    expect(classifyHttpFailure(502, '')).toEqual({ reason: 'error', detail: 'HTTP 502' });
  });

  it('says so when 429 retries ran out', () => {
    const { reason, detail } = classifyHttpFailure(429, '{"message":"slow down"}');
    expect(reason).toBe('error');
    expect(detail).toContain('too many requests');
    expect(detail).toContain('slow down');
  });

  it('formats context, target, reason and detail', () => {
    const target = describeTarget('pods', 'x', 'monitoring');
    expect(clusterError('forbidden', 'sim-broken', target, 'User "u" cannot get pods').message).toBe(
      'context sim-broken: pods "x" in namespace "monitoring": forbidden: User "u" cannot get pods',
    );
    expect(describeTarget('pods', undefined, '*')).toBe('pods in all namespaces');
    expect(describeTarget('nodes', 'n1')).toBe('nodes "n1"');
    expect(describeTarget('pods', 'p', 'ns', 'c')).toBe('pods "p" in namespace "ns", container "c"');
  });
});

describe('classifyThrown', () => {
  it('reads client-node ApiExceptions as HTTP answers', () => {
    const err = new ApiException(403, 'Unknown API Status Code!', '{"message":"nope"}', {});
    expect(classifyThrown(err)).toEqual({ reason: 'forbidden', detail: 'nope' });
    expect(classifyThrown(new ApiException(401, 'Unauthorized', undefined, {})).reason).toBe('unauthorized');
  });

  it('classifies transport errors by code, not as HTTP', () => {
    expect(classifyThrown(new TransportError('no answer within 10 ms', 'ETIMEDOUT')).reason).toBe('timeout');
    expect(classifyThrown(errno('ECONNREFUSED')).reason).toBe('unreachable');
  });

  it('calls malformed JSON an error', () => {
    let parseError: unknown;
    try {
      JSON.parse('{nope');
    } catch (err) {
      parseError = err;
    }
    const { reason, detail } = classifyThrown(parseError);
    expect(reason).toBe('error');
    expect(detail).toMatch(/^malformed response/);
  });
});
