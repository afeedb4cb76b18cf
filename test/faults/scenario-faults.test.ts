// The `faults:` section of a scenario: what it accepts, where it says a mistake is, and what the
// simulator sends on the wire for each fault.
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/sim/scenario';
import { startSim } from '../../src/sim/server';
import { raw } from '../sim/helpers';

const BASE = `
cluster: {namespace: monitoring}
objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: web-0}
    spec: {containers: [{name: web, image: nginx}]}
`;

async function rejection(text: string): Promise<ScenarioError> {
  const e = await parseScenario(text, '/tmp/faults.yaml').then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ScenarioError)) throw new Error(`expected a ScenarioError, got ${String(e)}`);
  return e;
}

describe('validation, located at the field at fault', () => {
  it.each([
    ['two effects at once', `faults:\n  - match: {resource: pods}\n    status: 500\n    reset: true\n`, /faults\.yaml:4:12: .*status and reset cannot be combined/],
    ['no effect', `faults:\n  - match: {resource: pods}\n`, /faults\.yaml:2:5: .*needs one of status, reset, malformed, cutExecAfter or delaySeconds/],
    ['retryAfter without status', `faults:\n  - {match: {resource: pods}, reset: true, retryAfter: 3}\n`, /faults\.yaml:2:56: .*go with status/],
    ['cutExecAfter on something else than exec', `faults:\n  - {match: {resource: pods}, cutExecAfter: 3}\n`, /faults\.yaml:2:45: .*subresource: exec/],
    ['a status that is not an error', `faults:\n  - {status: 200}\n`, /faults\.yaml:2:14: faults\[0\]\.status/],
    ['an unknown field', `faults:\n  - {status: 500, sometimes: true}\n`, /faults\.yaml:2:19: unknown field "sometimes" in faults\[0\]/],
    ['a path that is not a path', `faults:\n  - {match: {path: version}, status: 500}\n`, /faults\.yaml:2:20: .*URL path/],
  ])('%s', async (_, faults, message) => {
    const e = await rejection(faults + BASE);
    expect(`${e.location}: ${e.detail}`).toMatch(message);
  });

  it('children inherit their base scenario faults unless they set their own', async () => {
    const s = await parseScenario(`${BASE}faults: [{match: {resource: pods}, status: 403}]\n`, '/tmp/faults.yaml');
    expect(s.faults).toEqual([{ match: { resource: 'pods' }, status: 403 }]);
  });
});

describe('on the wire', () => {
  it('429 carries Retry-After and a TooManyRequests Status; `times` limits the fault to the first requests', async () => {
    const sim = await startSim(await parseScenario(`${BASE}faults: [{match: {verb: get, resource: pods, name: web-0}, status: 429, retryAfter: 7, times: 2}]\n`, '/tmp/f.yaml'));
    try {
      const path = '/api/v1/namespaces/monitoring/pods/web-0';
      const first = await raw(sim, 'GET', path);
      expect(first.status).toBe(429);
      expect(first.headers['retry-after']).toBe('7');
      expect(first.json()).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 7 } });
      expect((await raw(sim, 'GET', path)).status).toBe(429);
      expect((await raw(sim, 'GET', path)).status).toBe(200);
      // Other requests were never affected.
      expect((await raw(sim, 'GET', '/api/v1/namespaces/monitoring/pods')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('malformed answers 200 with a body that does not parse; path matches discovery requests', async () => {
    const sim = await startSim(await parseScenario(`${BASE}faults: [{match: {path: /api/v1}, malformed: true}]\n`, '/tmp/f.yaml'));
    try {
      const r = await raw(sim, 'GET', '/api/v1');
      expect(r.status).toBe(200);
      expect(() => r.json()).toThrow(SyntaxError);
      expect((await raw(sim, 'GET', '/version')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('reset sends part of the real answer, then cuts the connection', async () => {
    const sim = await startSim(await parseScenario(`${BASE}faults: [{match: {resource: pods, name: web-0}, reset: true}]\n`, '/tmp/f.yaml'));
    try {
      const got = await new Promise<{ status: number; received: number; declared: number; complete: boolean }>((resolve, reject) => {
        const req = request(new URL('/api/v1/namespaces/monitoring/pods/web-0', sim.url), { ca: sim.caCert, headers: { Authorization: `Bearer ${sim.token}` } }, (res) => {
          let received = 0;
          res.on('data', (c: Buffer) => (received += c.length));
          res.on('error', () => {});
          res.on('close', () => resolve({ status: res.statusCode ?? 0, received, declared: Number(res.headers['content-length']), complete: res.complete }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(got.status).toBe(200);
      expect(got.complete).toBe(false);
      expect(got.received).toBeGreaterThan(0);
      expect(got.received).toBeLessThan(got.declared);
    } finally {
      await sim.close();
    }
  });

  it('closing the server does not wait for a delayed answer', async () => {
    const sim = await startSim(await parseScenario(`${BASE}faults: [{delaySeconds: 600}]\n`, '/tmp/f.yaml'));
    const pending = raw(sim, 'GET', '/version').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
