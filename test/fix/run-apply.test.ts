// `runbook run --yes` and fixes, through the built bin: never applied without --apply, never in a
// read-only session, never in a production-looking context without naming it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRunbooksDir } from '../../src/runbook/library';
import { parseScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook.js');
const RUNBOOK = 'thanos-sidecar-upload-permission';
const SCENARIO_FILE = join(builtinRunbooksDir(), RUNBOOK, 'scenarios', 'under-test.yaml');

let home: string;
const sims: SimServer[] = [];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'runbook-apply-'));
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  rmSync(home, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), KUBECONFIG: '', CI: 'true', ...extra });

async function serve(yaml: string): Promise<string> {
  const sim = await startSim(await parseScenario(yaml, SCENARIO_FILE));
  sims.push(sim);
  const kubeconfig = join(home, `${sims.length}.kubeconfig`);
  await sim.writeKubeconfig(kubeconfig);
  return kubeconfig;
}

async function run(kubeconfig: string, flags: string[], extraEnv: Record<string, string> = {}) {
  const r = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', kubeconfig, '--yes', '--json', ...flags], { env: env(extraEnv), reject: false });
  return { exitCode: r.exitCode, stderr: r.stderr, doc: JSON.parse(r.stdout || 'null') };
}

async function sidecarUser(kubeconfig: string): Promise<string> {
  const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '-n', 'monitoring', 'get', 'prometheus', 'k8s', '-o', 'jsonpath={.spec.containers[0].securityContext.runAsUser}']);
  return r.stdout;
}

describe('run --yes and fixes', () => {
  it('--yes alone prints the fix and applies nothing', async () => {
    const kubeconfig = await serve('extends: broken');
    const { exitCode, doc } = await run(kubeconfig, []);
    expect(exitCode).toBe(1);
    expect(doc.fix).toMatchObject({ printed: { verify: 'uids' }, plan: null, applied: null, verified: null });
    expect(await sidecarUser(kubeconfig)).toBe('1001');
  });

  it('--apply applies, waits for the rollout and verifies; the walk goes on to the next problem', async () => {
    const kubeconfig = await serve('extends: broken');
    const { exitCode, doc, stderr } = await run(kubeconfig, ['--apply']);
    expect(doc.fix.plan, stderr).toMatchObject({ applicable: true });
    expect(doc.fix.applied).toMatchObject({ step: 'fix-cr-override', rollout: { status: 'done' } });
    expect(doc.fix.applied.undo.slice(0, 3)).toEqual(['kubectl', 'patch', 'prometheus.monitoring.coreos.com']);
    expect(doc.fix.verified).toBe(true);
    expect(doc.outcome.step).toBe('fix-shipper-ownership');
    expect(exitCode).toBe(1);
    expect(await sidecarUser(kubeconfig)).toBe('');
  });

  it('--read-only wins over --apply', async () => {
    const kubeconfig = await serve('extends: broken');
    const { exitCode, doc, stderr } = await run(kubeconfig, ['--apply', '--read-only']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('not applying the fix: read-only: --read-only');
    expect(doc.fix).toMatchObject({ plan: { applicable: false, reason: 'read-only: --read-only' }, applied: null, verified: null });
    expect(await sidecarUser(kubeconfig)).toBe('1001');
  });

  it('readOnly in the config file makes every fix print-only', async () => {
    const kubeconfig = await serve('extends: broken');
    const configHome = join(home, 'ro-config');
    mkdirSync(join(configHome, 'runbook'), { recursive: true });
    writeFileSync(join(configHome, 'runbook', 'config.yaml'), 'readOnly: true\n');
    const { doc } = await run(kubeconfig, ['--apply'], { XDG_CONFIG_HOME: configHome });
    expect(doc.fix.plan.reason).toMatch(/^read-only: readOnly in .*config\.yaml$/);
    expect(await sidecarUser(kubeconfig)).toBe('1001');
  });

  it('a production-looking context needs its name confirmed', async () => {
    const kubeconfig = await serve('extends: broken\ncluster: {context: prod-eu-1}');
    const refused = await run(kubeconfig, ['--apply']);
    expect(refused.stderr).toContain('context prod-eu-1 looks like production; confirm with --confirm-context prod-eu-1');
    expect(refused.doc.fix.applied).toBeNull();
    expect(await sidecarUser(kubeconfig)).toBe('1001');

    const wrongName = await run(kubeconfig, ['--apply', '--confirm-context', 'prod-eu-2']);
    expect(wrongName.doc.fix.applied).toBeNull();

    const confirmed = await run(kubeconfig, ['--apply', '--confirm-context', 'prod-eu-1']);
    expect(confirmed.doc.fix.verified).toBe(true);
    expect(await sidecarUser(kubeconfig)).toBe('');
  });

  it('a bad config file is a located error', async () => {
    const kubeconfig = await serve('extends: broken');
    const configHome = join(home, 'bad-config');
    mkdirSync(join(configHome, 'runbook'), { recursive: true });
    writeFileSync(join(configHome, 'runbook', 'config.yaml'), 'readOnly: yes please\nproductionContexts: "(["\n');
    const r = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', kubeconfig, '--yes', '--json'], { env: env({ XDG_CONFIG_HOME: configHome }), reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:1:11: .*boolean/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
