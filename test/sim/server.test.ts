// The simulated API server over raw HTTPS and WebSocket: the wire details clients rely on.
import path from 'node:path';
import { request } from 'node:https';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';
import { raw, SCENARIOS } from './helpers';

let sim: SimServer;

beforeAll(async () => {
  sim = await startSim(await loadScenario(path.join(SCENARIOS, 'restricted.yaml')));
});

afterAll(async () => {
  await sim?.close();
});

const POD = '/api/v1/namespaces/monitoring/pods/prometheus-k8s-0';
const JSON_MERGE = { 'Content-Type': 'application/merge-patch+json' };

describe('authentication and errors', () => {
  it('answers 401 with a Status without the bearer token', async () => {
    for (const token of [null, 'wrong']) {
      const r = await raw(sim, 'GET', POD, { token });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  it('answers 404 Status for missing objects and unknown resources, plain 404 off the API', async () => {
    const pod = await raw(sim, 'GET', '/api/v1/namespaces/monitoring/pods/nope');
    expect(pod.status).toBe(404);
    expect(pod.json()).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
    const sts = await raw(sim, 'GET', '/apis/apps/v1/namespaces/monitoring/statefulsets/nope');
    expect(sts.json().message).toBe('statefulsets.apps "nope" not found');
    expect((await raw(sim, 'GET', '/api/v1/frobs')).json().message).toBe('the server could not find the requested resource');
    expect((await raw(sim, 'GET', '/api/v1/namespaces/%E0%A4%A/pods')).json()).toMatchObject({ code: 404, reason: 'NotFound' });
    const openapi = await raw(sim, 'GET', '/openapi/v2');
    expect(openapi.status).toBe(404);
    expect(openapi.body.toString()).toBe('404 page not found\n');
  });

  it('answers 403 for a denied list, at namespace and cluster scope', async () => {
    const ns = await raw(sim, 'GET', '/api/v1/namespaces/monitoring/secrets');
    expect(ns.status).toBe(403);
    expect(ns.json().message).toBe('secrets is forbidden: User "sim-user" cannot list resource "secrets" in API group "" in the namespace "monitoring"');
    const all = await raw(sim, 'GET', '/api/v1/secrets');
    expect(all.json().message).toBe('secrets is forbidden: User "sim-user" cannot list resource "secrets" in API group "" at the cluster scope');
  });
});

describe('discovery', () => {
  it('serves /version from the scenario', async () => {
    expect((await raw(sim, 'GET', '/version')).json()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
  });

  it('serves legacy discovery with short names, scopes and subresources', async () => {
    expect((await raw(sim, 'GET', '/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await raw(sim, 'GET', '/apis')).json();
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(['apps', 'networking.k8s.io', 'batch', 'authorization.k8s.io', 'policy', 'monitoring.coreos.com']);
    // A Kubernetes kind the scenario brings gets its real scope, short name and patch types.
    const policy = (await raw(sim, 'GET', '/apis/policy/v1')).json();
    expect(policy.resources).toEqual([expect.objectContaining({ name: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'] })]);
    const pdb = await raw(sim, 'PATCH', '/apis/policy/v1/namespaces/monitoring/poddisruptionbudgets/prometheus-k8s?dryRun=All', {
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      body: '{"spec":{"minAvailable":0}}',
    });
    expect(pdb.json().spec.minAvailable).toBe(0);
    const core = (await raw(sim, 'GET', '/api/v1')).json();
    const byName = (n: string) => core.resources.find((r: { name: string }) => r.name === n);
    expect(byName('pods')).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(byName('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(byName('pods/exec')).toMatchObject({ kind: 'PodExecOptions', verbs: ['create', 'get'] });
    const apps = (await raw(sim, 'GET', '/apis/apps/v1')).json();
    expect(apps.resources.find((r: { name: string }) => r.name === 'statefulsets/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    const crd = (await raw(sim, 'GET', '/apis/monitoring.coreos.com/v1')).json();
    expect(crd.resources).toEqual([expect.objectContaining({ name: 'prometheuses', singularName: 'prometheus', kind: 'Prometheus', namespaced: true })]);
    expect((await raw(sim, 'GET', '/apis/monitoring.coreos.com')).json()).toMatchObject({ kind: 'APIGroup', preferredVersion: { groupVersion: 'monitoring.coreos.com/v1' } });
  });

  it('serves aggregated discovery when asked', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const r = await raw(sim, 'GET', '/apis', { headers: { Accept: accept } });
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = r.json().items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((x: { resource: string }) => x.resource === 'deployments');
    expect(deploy).toMatchObject({ scope: 'Namespaced', shortNames: ['deploy'], responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' } });
    const core = (await raw(sim, 'GET', '/api', { headers: { Accept: accept } })).json();
    expect(core.items).toHaveLength(1);
    expect(core.items[0].versions[0].resources.map((x: { resource: string }) => x.resource)).toContain('serviceaccounts');
  });
});

describe('reads', () => {
  const TABLE = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };

  it('answers tables with the built-in printer columns', async () => {
    const t = (await raw(sim, 'GET', '/apis/networking.k8s.io/v1/namespaces/monitoring/networkpolicies', { headers: TABLE })).json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Pod-Selector', 'Age']);
    expect(t.rows[0].cells.slice(0, 2)).toEqual(['prometheus-k8s', 'app.kubernetes.io/name=prometheus']);
    expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'prometheus-k8s', namespace: 'monitoring' } });
    const pod = (await raw(sim, 'GET', `${POD}?includeObject=None`, { headers: TABLE })).json();
    expect(pod.rows).toEqual([{ cells: ['prometheus-k8s-0', '2/2', 'Running', '0', expect.stringMatching(/^\d+s$/), '10.244.1.7', 'worker-1', '<none>', '<none>'] }]);
    expect(pod.columnDefinitions.filter((c: { priority: number }) => c.priority === 0).map((c: { name: string }) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  });

  it('lists with label selectors, limit and continue, without per-item kind', async () => {
    const first = (await raw(sim, 'GET', '/api/v1/pods?limit=1')).json();
    expect(first.kind).toBe('PodList');
    expect(first.items).toHaveLength(1);
    expect(first.items[0].kind).toBeUndefined();
    expect(first.metadata.continue).toBeTruthy();
    const rest = (await raw(sim, 'GET', `/api/v1/pods?limit=1&continue=${encodeURIComponent(first.metadata.continue)}`)).json();
    expect(rest.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['thanos-compact-0']);
    expect(rest.metadata.continue).toBeUndefined();
    const sel = (await raw(sim, 'GET', `/api/v1/pods?labelSelector=${encodeURIComponent('app.kubernetes.io/name in (thanos-compact)')}`)).json();
    expect(sel.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['thanos-compact-0']);
    const bad = await raw(sim, 'GET', '/api/v1/pods?fieldSelector=spec.foo%3D1');
    expect(bad.status).toBe(400);
    expect(bad.json().message).toBe('field label not supported: spec.foo');
  });

  it('serves logs and the real log errors', async () => {
    const ok = await raw(sim, 'GET', `${POD}/log?container=thanos-sidecar&tailLines=1&limitBytes=12`);
    expect(ok.body.toString()).toBe('ts=2024-05-0');
    const several = await raw(sim, 'GET', `${POD}/log`);
    expect(several.status).toBe(400);
    expect(several.json().message).toBe('a container name must be specified for pod prometheus-k8s-0, choose one of: [prometheus thanos-sidecar]');
    const invalid = await raw(sim, 'GET', `${POD}/log?container=thanos`);
    expect(invalid.json()).toMatchObject({ code: 400, reason: 'BadRequest', message: 'container thanos is not valid for pod prometheus-k8s-0' });
    expect((await raw(sim, 'GET', '/api/v1/namespaces/monitoring/pods/nope/log')).status).toBe(404);
    const single = await raw(sim, 'GET', '/api/v1/namespaces/monitoring/pods/thanos-compact-0/log');
    expect(single.json().message).toBe('container "thanos-compact" in pod "thanos-compact-0" is waiting to start: ContainerCreating');
  });

  it('streams watch events, starting with the current objects', async () => {
    const events: { type: string; object: { metadata: { name: string; labels?: Record<string, string> } } }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(new URL('/api/v1/namespaces/monitoring/serviceaccounts?watch=true&timeoutSeconds=5', sim.url), { ca: sim.caCert, headers: { Authorization: `Bearer ${sim.token}` } }, (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, nl)));
            buf = buf.slice(nl + 1);
            if (events.length === 1) void raw(sim, 'PATCH', '/api/v1/namespaces/monitoring/serviceaccounts/prometheus-k8s', { headers: JSON_MERGE, body: '{"metadata":{"labels":{"watched":"yes"}}}' });
            if (events.length === 2) {
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await done;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[1]!.object.metadata.labels?.watched).toBe('yes');
  });
});

describe('writes', () => {
  const CM = '/api/v1/namespaces/monitoring/configmaps';

  it('creates, updates with optimistic concurrency, and deletes', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } });
    const dry = await raw(sim, 'POST', `${CM}?dryRun=All`, { headers: { 'Content-Type': 'application/json' }, body });
    expect(dry.status).toBe(201);
    expect((await raw(sim, 'GET', `${CM}/cfg`)).status).toBe(404);
    const created = await raw(sim, 'POST', CM, { headers: { 'Content-Type': 'application/json' }, body });
    expect(created.status).toBe(201);
    expect(created.json().metadata).toMatchObject({ name: 'cfg', namespace: 'monitoring', resourceVersion: expect.stringMatching(/^\d+$/) });
    expect((await raw(sim, 'POST', CM, { headers: { 'Content-Type': 'application/json' }, body })).json()).toMatchObject({ code: 409, reason: 'AlreadyExists' });

    const current = created.json();
    const stale = { ...current, data: { a: '2' }, metadata: { ...current.metadata, resourceVersion: '1' } };
    const conflict = await raw(sim, 'PUT', `${CM}/cfg`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(stale) });
    expect(conflict.json()).toMatchObject({ code: 409, reason: 'Conflict' });
    const fresh = await raw(sim, 'PUT', `${CM}/cfg`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...current, data: { a: '2' } }) });
    expect(fresh.json().data).toEqual({ a: '2' });

    expect((await raw(sim, 'DELETE', `${CM}/cfg`)).status).toBe(200);
    expect((await raw(sim, 'GET', `${CM}/cfg`)).status).toBe(404);
  });

  it('answers patch errors as Status objects', async () => {
    const failedTest = await raw(sim, 'PATCH', POD, {
      headers: { 'Content-Type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'test', path: '/spec/nodeName', value: 'elsewhere' }]),
    });
    expect(failedTest.json()).toMatchObject({ code: 422, message: 'testing value /spec/nodeName failed: test failed' });
    const immutable = await raw(sim, 'PATCH', POD, { headers: JSON_MERGE, body: '{"spec":{"nodeName":"worker-2"}}' });
    expect(immutable.json()).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(immutable.json().message).toMatch(/^Pod "prometheus-k8s-0" is invalid: spec: Forbidden: pod updates may not change fields/);
    const image = await raw(sim, 'PATCH', `${POD}?dryRun=All`, {
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
      body: '{"spec":{"containers":[{"name":"prometheus","image":"quay.io/prometheus/prometheus:v2.54.0"}]}}',
    });
    expect(image.status).toBe(200);
    expect((await raw(sim, 'PATCH', POD, { headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, body: 'x' })).status).toBe(415);
    expect((await raw(sim, 'PATCH', POD, { headers: JSON_MERGE, body: '{not json' })).status).toBe(400);
    expect((await raw(sim, 'PATCH', '/api/v1/namespaces/monitoring/pods/nope', { headers: JSON_MERGE, body: '{}' })).status).toBe(404);
  });

  it('scales through the scale subresource', async () => {
    const url = '/apis/apps/v1/namespaces/monitoring/statefulsets/prometheus-k8s/scale';
    expect((await raw(sim, 'GET', url)).json()).toMatchObject({ kind: 'Scale', spec: { replicas: 1 }, status: { selector: 'app.kubernetes.io/name=prometheus,prometheus=k8s' } });
    const scaled = await raw(sim, 'PATCH', url, { headers: JSON_MERGE, body: '{"spec":{"replicas":2}}' });
    expect(scaled.json().spec.replicas).toBe(2);
    const sts = (await raw(sim, 'GET', '/apis/apps/v1/namespaces/monitoring/statefulsets/prometheus-k8s')).json();
    expect(sts.spec.replicas).toBe(2);
    expect(sts.metadata.generation).toBe(2);
  });
});

describe('exec over WebSocket', () => {
  function open(query: string, protocols: string[]): Promise<{ frames: Buffer[]; code: number; protocol: string }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${sim.url.replace('https', 'wss')}${POD}/exec?${query}`, protocols, {
        ca: sim.caCert,
        headers: { Authorization: `Bearer ${sim.token}` },
      });
      const frames: Buffer[] = [];
      ws.on('message', (d: Buffer) => frames.push(Buffer.from(d)));
      ws.on('close', (code) => resolve({ frames, code, protocol: ws.protocol }));
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.on('error', reject);
    });
  }

  it('speaks v4 when that is what the client offers, with the exact framing', async () => {
    const r = await open('command=id&command=-u&container=prometheus&stdout=true&stderr=true', ['v4.channel.k8s.io']);
    expect(r.protocol).toBe('v4.channel.k8s.io');
    expect(r.code).toBe(1000);
    expect(r.frames.map((f) => f[0])).toEqual([1, 1, 3]);
    expect(r.frames[0]!.length).toBe(1);
    expect(r.frames[1]!.subarray(1).toString()).toBe('1000\n');
    expect(JSON.parse(r.frames[2]!.subarray(1).toString())).toEqual({ metadata: {}, status: 'Success' });
  });

  it('prefers the first protocol offered, merges stderr into stdout with a tty', async () => {
    const r = await open('command=whoami&container=prometheus&stdout=true&stderr=true&tty=true', ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(r.frames.map((f) => f[0])).toEqual([1, 1, 3]);
    expect(r.frames[1]!.subarray(1).toString()).toContain('executable file not found in $PATH');
    expect(JSON.parse(r.frames[2]!.subarray(1).toString()).details.causes).toEqual([{ reason: 'ExitCode', message: '127' }]);
  });

  it('refuses before upgrading: unsupported protocols, no command, no upgrade', async () => {
    await expect(open('command=id&container=prometheus&stdout=true', ['v3.channel.k8s.io'])).rejects.toThrow('HTTP 400');
    await expect(open('container=prometheus&stdout=true', ['v5.channel.k8s.io'])).rejects.toThrow('HTTP 400');
    const plain = await raw(sim, 'GET', `${POD}/exec?command=id&container=prometheus`);
    expect(plain.json()).toMatchObject({ code: 400, message: 'Upgrade request required' });
  });
});
