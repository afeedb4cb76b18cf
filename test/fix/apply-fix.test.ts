// Guarded fixes against the simulated cluster: the permission check, the server-side dry run and
// diff, applying with an undo, waiting for the rollout, verifying — and refusing when read-only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect';
import { readOnly } from '../../src/cluster/read-only';
import type { Cluster } from '../../src/cluster/types';
import { builtinRunbooksDir } from '../../src/runbook/library';
import { loadRunbook } from '../../src/runbook/load';
import type { Runbook } from '../../src/runbook/schema';
import { parseScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';
import { walkToEnd } from '../../src/walk/to-end';
import { WalkSession } from '../../src/walk/session';

const RUNBOOK_DIR = join(builtinRunbooksDir(), 'thanos-sidecar-upload-permission');
/** Scenario text is parsed as if it lived beside the runbook's scenarios, so `extends` resolves. */
const SCENARIO_FILE = join(RUNBOOK_DIR, 'scenarios', 'under-test.yaml');

let runbook: Runbook;
let dir: string;
const open: { sim: SimServer; session?: WalkSession }[] = [];

beforeAll(async () => {
  const loaded = await loadRunbook(RUNBOOK_DIR);
  if (!loaded.ok) throw new Error('the runbook does not load');
  runbook = loaded.runbook;
  dir = mkdtempSync(join(tmpdir(), 'runbook-fix-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
});

afterEach(async () => {
  for (const { sim, session } of open.splice(0)) {
    session?.close();
    await sim.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function simulate(scenarioYaml: string): Promise<{ sim: SimServer; cluster: Cluster; kubeconfig: string }> {
  const sim = await startSim(await parseScenario(scenarioYaml, SCENARIO_FILE));
  const entry: (typeof open)[number] = { sim };
  open.push(entry);
  const kubeconfig = join(dir, `${sim.context}-${open.length}.kubeconfig`);
  await sim.writeKubeconfig(kubeconfig);
  const connected = await connect({ kubeconfig });
  if (!connected.ok) throw new Error(connected.error.message);
  return { sim, cluster: connected.value, kubeconfig };
}

/** Walks the broken scenario to its conclusion (the Prometheus resource's sidecar override). */
async function walkToFix(cluster: Cluster, opts: { readOnly?: string; rolloutGraceMs?: number } = {}): Promise<WalkSession> {
  const session = new WalkSession({
    runbook,
    params: { namespace: 'monitoring', pod: 'prometheus-k8s-0' },
    cluster,
    namespace: 'monitoring',
    stepByStep: false,
    readOnly: opts.readOnly,
    rolloutTimeoutMs: 20_000,
    rolloutGraceMs: opts.rolloutGraceMs ?? 5_000,
  });
  open.at(-1)!.session = session;
  const concluded = await walkToEnd(session.controller);
  expect(concluded.state.phase.kind === 'concluded' && concluded.state.phase.conclusion.step).toBe('fix-cr-override');
  return session;
}

async function kubectl(kubeconfig: string, args: string[]) {
  return execa('kubectl', ['--kubeconfig', kubeconfig, ...args], { reject: false });
}

async function sidecarUserInResource(kubeconfig: string): Promise<string> {
  const got = await kubectl(kubeconfig, ['-n', 'monitoring', 'get', 'prometheus', 'k8s', '-o', 'jsonpath={.spec.containers[0].securityContext.runAsUser}']);
  return got.stdout;
}

function journalEvents(session: WalkSession): { type: string; [k: string]: unknown }[] {
  return readFileSync(session.journal.path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('applying a fix', () => {
  it('plans (permissions, dry run, diff), applies with an undo, waits for the rollout and verifies', async () => {
    const { cluster, kubeconfig } = await simulate('extends: broken');
    const session = await walkToFix(cluster);

    const plan = await session.controller.planFix();
    expect(plan?.applicable).toBe(true);
    if (!plan?.applicable) return;
    expect(plan.permissions.map((p) => [p.verb, p.resource, p.allowed])).toEqual([
      ['get', 'prometheuses.monitoring.coreos.com', true],
      ['patch', 'prometheuses.monitoring.coreos.com', true],
    ]);
    expect(plan.diff).toContain('-        runAsUser: 1001');
    expect(plan.rollout).toMatchObject({ target: { kind: 'StatefulSet', name: 'prometheus-k8s', namespace: 'monitoring' }, generation: 4 });
    expect(await sidecarUserInResource(kubeconfig), 'the dry run changed nothing').toBe('1001');

    await session.controller.applyFix();
    const { fix, applied } = session.controller.snapshot;
    expect(fix?.stage).toBe('applied');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.rollout).toMatchObject({ status: 'done' });
    expect(await sidecarUserInResource(kubeconfig)).toBe('');

    const final = await walkToEnd(session.controller);
    expect(final.state.verifications.at(-1)).toMatchObject({ fixStep: 'fix-cr-override', verifyStep: 'uids', verified: true });
    // The walk goes on from the verification: the old sidecar's upload directory is the next problem.
    expect(final.state.phase.kind === 'concluded' && final.state.phase.conclusion.step).toBe('fix-shipper-ownership');

    const events = journalEvents(session);
    const appliedEvent = events.find((e) => e.type === 'fix-applied');
    expect(appliedEvent).toMatchObject({ step: 'fix-cr-override', before: { kind: 'Prometheus' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['fix-planned', 'fix-applied', 'rollout', 'verified']));

    // The recorded undo, run as recorded, restores the resource.
    const undo = applied[0]!.change.undo.kubectl;
    expect(undo[0]).toBe('kubectl');
    const undone = await kubectl(kubeconfig, undo.slice(1));
    expect(undone.exitCode, undone.stderr).toBe(0);
    expect(await sidecarUserInResource(kubeconfig)).toBe('1001');
  });

  it('a fix whose verification still fails continues the walk, verified: false', async () => {
    // No operator stand-in: the resource changes, the StatefulSet never does.
    const { cluster, kubeconfig } = await simulate('extends: broken\nreconcile: []');
    const session = await walkToFix(cluster, { rolloutGraceMs: 1_500 });
    expect((await session.controller.planFix())?.applicable).toBe(true);
    await session.controller.applyFix();
    expect(session.controller.snapshot.applied[0]!.rollout).toMatchObject({ status: 'unchanged' });
    expect(session.controller.snapshot.applied[0]!.rollout?.message).toMatch(/statefulset\/prometheus-k8s did not change within \d+ s/);
    expect(await sidecarUserInResource(kubeconfig)).toBe('');

    const final = await walkToEnd(session.controller);
    expect(final.state.verifications.at(-1)).toMatchObject({ verifyStep: 'uids', verified: false });
    // The walk went on from the verification step to a conclusion; it did not stop at the failure.
    expect(final.state.phase.kind === 'concluded' && final.state.phase.conclusion.verdict).toBe('problem');
    expect(final.state.path.map((p) => p.step).indexOf('fix-cr-override')).toBeLessThan(final.state.path.length - 1);
  });

  it('is print-only when RBAC denies the patch, naming the context and what is denied', async () => {
    const { cluster, kubeconfig } = await simulate(`extends: broken
access:
  deny:
    - {verb: patch, resource: prometheuses, group: monitoring.coreos.com}
`);
    const session = await walkToFix(cluster);
    const plan = await session.controller.planFix();
    expect(plan?.applicable).toBe(false);
    if (plan?.applicable !== false) return;
    expect(plan.reason).toBe('context sim-under-test may not patch prometheuses.monitoring.coreos.com "k8s" in namespace "monitoring"');
    expect(plan.permissions.find((p) => p.verb === 'patch')?.allowed).toBe(false);
    await session.controller.applyFix();
    expect(session.controller.snapshot.applied).toEqual([]);
    expect(await sidecarUserInResource(kubeconfig)).toBe('1001');
  });

  it('is print-only when the server rejects the dry run', async () => {
    const { cluster, kubeconfig } = await simulate('extends: broken');
    const session = await walkToFix(cluster);
    // Someone reorders the containers after the walk looked: the patch's `test` op no longer holds.
    const moved = await kubectl(kubeconfig, ['-n', 'monitoring', 'patch', 'prometheus', 'k8s', '--type=json', '-p', '[{"op":"add","path":"/spec/containers/0","value":{"name":"extra"}}]']);
    expect(moved.exitCode, moved.stderr).toBe(0);
    const plan = await session.controller.planFix();
    expect(plan?.applicable).toBe(false);
    if (plan?.applicable !== false) return;
    expect(plan.reason).toMatch(/^the server rejected the change in a dry run: .*(test|thanos-sidecar)/);
  });

  it('says a fix is already in place when the dry run changes nothing', async () => {
    const { cluster, kubeconfig } = await simulate('extends: broken');
    const session = await walkToFix(cluster);
    // The sidecar override is gone, but a JSON-patch `remove` would fail; emulate a merge-style fix already applied.
    const stripped = await kubectl(kubeconfig, ['-n', 'monitoring', 'patch', 'prometheus', 'k8s', '--type=json', '-p', '[{"op":"replace","path":"/spec/containers/0/securityContext","value":{}}]']);
    expect(stripped.exitCode, stripped.stderr).toBe(0);
    const plan = await session.controller.planFix();
    expect(plan?.applicable).toBe(false);
  });
});

describe('read-only', () => {
  it('refuses writes in the cluster layer, whatever asks; dry runs and reads still work', async () => {
    const { cluster, kubeconfig } = await simulate('extends: broken');
    const guarded = readOnly(cluster, '--read-only');
    const ref = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', name: 'k8s', namespace: 'monitoring' };
    const body = [{ op: 'remove', path: '/spec/containers/0/securityContext/runAsUser' }];
    const refused = await guarded.patch({ ref, type: 'json', body, dryRun: false });
    expect(refused).toEqual({
      ok: false,
      error: { reason: 'forbidden', message: 'context sim-under-test: refused to change prometheus "k8s": this session is read-only (--read-only)' },
    });
    expect((await guarded.patch({ ref, type: 'json', body, dryRun: true })).ok).toBe(true);
    const kubectlRefused = await guarded.kubectl(['-n', 'monitoring', 'rollout', 'restart', 'statefulset/prometheus-k8s']);
    expect(kubectlRefused.ok).toBe(false);
    expect((await guarded.kubectl(['-n', 'monitoring', 'rollout', 'status', 'statefulset/prometheus-k8s', '--timeout=1s'])).ok).toBe(true);
    expect(await sidecarUserInResource(kubeconfig)).toBe('1001');
    guarded.close();
  });

  it('a read-only session plans print-only', async () => {
    const { cluster } = await simulate('extends: broken');
    const session = await walkToFix(readOnly(cluster, 'readOnly in config.yaml'), { readOnly: 'readOnly in config.yaml' });
    const plan = await session.controller.planFix();
    expect(plan).toMatchObject({ applicable: false, reason: 'read-only: readOnly in config.yaml' });
  });
});
