import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError, scenarioPath } from '../../src/sim/scenario';
import { SCENARIOS } from './helpers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runbook-scenario-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, text);
  return file;
}

async function errorOf(p: Promise<unknown>): Promise<ScenarioError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

const POD = `
  - apiVersion: v1
    kind: Pod
    metadata: {name: p0, namespace: ns}
    spec:
      containers: [{name: app, image: busybox}]
    status: {phase: Running}
`;

describe('loading the fixtures', () => {
  it('fills defaults', async () => {
    const s = await loadScenario(path.join(SCENARIOS, 'healthy.yaml'));
    expect(s.name).toBe('healthy');
    expect(s.cluster).toEqual({ version: 'v1.32.4', namespace: 'monitoring', rolloutSeconds: 1, context: 'sim-healthy' });
    expect(s.access).toEqual({ user: 'sim-user', deny: [] });
    expect(s.params).toEqual({ pod: 'prometheus-k8s-0' });
    expect(s.exec['monitoring/prometheus-k8s-0/prometheus']?.[0]).toEqual({ command: ['id', '-u'], stdout: '1000\n', stderr: '', exitCode: 0 });
    expect(s.expect).toEqual({ path: ['uids', 'shipper-file'], verdict: 'healthy' });
  });

  it('resolves extends: $merge patches objects, logs and exec merge by key, other fields child-wins', async () => {
    const healthy = await loadScenario(path.join(SCENARIOS, 'healthy.yaml'));
    const broken = await loadScenario(path.join(SCENARIOS, 'broken.yaml'));
    expect(broken.objects).toHaveLength(healthy.objects.length);
    const pod = broken.objects.find((o) => o.kind === 'Pod' && o.metadata.name === 'prometheus-k8s-0') as any;
    expect(pod.spec.securityContext).toEqual({ fsGroup: 2000, runAsNonRoot: true });
    expect(pod.spec.containers).toHaveLength(2);
    expect(pod.$merge).toBeUndefined();
    // The child's scripts for `id -u` replace the base's; the base's `ls` stays.
    const sidecar = broken.exec['monitoring/prometheus-k8s-0/thanos-sidecar']!;
    expect(sidecar.map((s) => s.command.join(' '))).toEqual(['ls /prometheus/missing', 'id -u', 'id -u']);
    expect(sidecar[1]).toMatchObject({ stdout: '1001\n', when: [{ path: '$.spec.template.spec.securityContext.runAsUser', exists: false }] });
    expect(sidecar[2]).toMatchObject({ stdout: '1000\n' });
    expect(sidecar[2]!.when).toBeUndefined();
    expect(broken.exec['monitoring/prometheus-k8s-0/prometheus']).toEqual(healthy.exec['monitoring/prometheus-k8s-0/prometheus']);
    expect(broken.logs['monitoring/prometheus-k8s-0/thanos-sidecar']).toContain('operation not permitted');
    expect(broken.logs['monitoring/prometheus-k8s-0/prometheus']).toBe(healthy.logs['monitoring/prometheus-k8s-0/prometheus']);
    expect(broken.expect?.verdict).toBe('problem');
    expect(broken.cluster.namespace).toBe('monitoring');
    expect(broken.cluster.context).toBe('sim-broken');

    const restricted = await loadScenario(path.join(SCENARIOS, 'restricted.yaml'));
    expect(restricted.access.deny).toEqual([
      { verb: 'get', resource: 'secrets' },
      { verb: 'list', resource: 'secrets' },
    ]);
    expect(restricted.exec).toEqual(broken.exec);
  });

  it('replaces an object of the same identity without $merge', async () => {
    await write('base', `objects:${POD}`);
    const child = await write(
      'child',
      `extends: base
objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p0, namespace: ns}
    spec:
      containers: [{name: other, image: busybox}]
`,
    );
    const s = await loadScenario(child);
    expect(s.objects).toHaveLength(1);
    expect((s.objects[0] as any).spec.containers[0].name).toBe('other');
    expect((s.objects[0] as any).status).toBeUndefined();
  });
});

describe('errors point at file:line:column', () => {
  it('a YAML syntax error', async () => {
    const file = await write('syntax', 'description: x\nobjects:\n  - {a: 1\n');
    const e = await errorOf(loadScenario(file));
    expect(e.location).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+$`));
    expect(e.message.startsWith(`${e.location}: `)).toBe(true);
  });

  it('a missing required field points at its parent map', async () => {
    const file = await write(
      'noname',
      `description: missing name
objects:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      namespace: ns
`,
    );
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:6:7`);
    expect(e.detail).toMatch(/^objects\[0\]\.metadata\.name: /);
  });

  it('a wrong type points at the value', async () => {
    const file = await write(
      'badexit',
      `objects:${POD}exec:
  ns/p0/app:
    - command: [id]
      exitCode: "one"
`,
    );
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:11:17`);
    expect(e.detail).toContain('exec.ns/p0/app[0].exitCode');
  });

  it('an exec condition needs a JSONPath', async () => {
    const file = await write('badwhen', `objects:${POD}exec:\n  ns/p0/app:\n    - command: [id]\n      when: {path: spec.x}\n`);
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:11:20`);
    expect(e.detail).toContain('a JSONPath starting with $');
  });

  it('an unknown field points at its key', async () => {
    const file = await write('typo', 'description: x\nobejcts: []\n');
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:2:1`);
    expect(e.detail).toBe('unknown field "obejcts"');
  });

  it('a malformed log key points at the key', async () => {
    const file = await write('logkey', `objects:${POD}logs:\n  p0-app: "x"\n`);
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:9:3`);
    expect(e.detail).toContain('namespace/pod/container');
  });

  it('logs and exec must name an existing container, located in the file that said so', async () => {
    await write('base2', `objects:${POD}`);
    const child = await write('child2', 'extends: base2\nexec:\n  ns/p0/nope:\n    - command: [id]\n');
    const e = await errorOf(loadScenario(child));
    expect(e.location).toBe(`${child}:3:3`);
    expect(e.detail).toBe('exec: pod ns/p0 has no container "nope" (has: app)');
    const noPod = await write('nopod', 'logs:\n  ns/ghost/app: "x"\n');
    expect((await errorOf(loadScenario(noPod))).detail).toBe('logs: no pod ns/ghost among the objects');
  });

  it('extends of a missing scenario points at extends', async () => {
    const file = await write('orphan', 'description: x\nextends: nowhere\n');
    const e = await errorOf(loadScenario(file));
    expect(e.location).toBe(`${file}:2:10`);
    expect(e.detail).toContain('no scenario "nowhere"');
  });

  it('rejects extends cycles', async () => {
    await write('cycle-a', 'extends: cycle-b\n');
    const b = await write('cycle-b', 'extends: cycle-a\n');
    const e = await errorOf(loadScenario(b));
    expect(e.detail).toBe('extends cycle: cycle-b -> cycle-a -> cycle-b');
    const self = await write('self', 'extends: self\n');
    expect((await errorOf(loadScenario(self))).detail).toBe('extends cycle: self -> self');
  });

  it('$merge needs an object to merge into', async () => {
    await write('base3', `objects:${POD}`);
    const child = await write('child3', 'extends: base3\nobjects:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p1, namespace: ns}\n    $merge: true\n');
    const e = await errorOf(loadScenario(child));
    expect(e.location).toBe(`${child}:3:5`);
    expect(e.detail).toContain('$merge but the base has no Pod p1');
  });

  it('rejects duplicate objects and unserved versions of built-in kinds', async () => {
    const dup = await write('dup', `objects:${POD}${POD}`);
    expect((await errorOf(loadScenario(dup))).detail).toContain('duplicate of objects[0]');
    const old = await parseScenario('objects:\n  - {apiVersion: apps/v1beta1, kind: Deployment, metadata: {name: d}}\n', path.join(dir, 'old.yaml')).catch((e) => e);
    expect(old).toBeInstanceOf(ScenarioError);
    expect(old.detail).toBe('objects[0]: apps/v1beta1 Deployment is not served; use apps/v1');
    expect(old.location).toBe(`${path.join(dir, 'old.yaml')}:2:5`);
  });
});

describe('scenarioPath', () => {
  it('maps RUNBOOK/SCENARIO into the runbooks folder', () => {
    expect(scenarioPath('/r', 'thanos-sidecar/broken')).toBe(path.join('/r', 'thanos-sidecar', 'scenarios', 'broken.yaml'));
    expect(scenarioPath('/r', 'thanos-sidecar/broken.yaml')).toBe(path.join('/r', 'thanos-sidecar', 'scenarios', 'broken.yaml'));
  });

  it('rejects anything else', () => {
    for (const bad of ['broken', 'a/b/c', '../x', 'a/..', '']) expect(() => scenarioPath('/r', bad)).toThrow(ScenarioError);
  });
});
