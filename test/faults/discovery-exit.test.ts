// A parameter the cluster could not be asked for is a cluster failure (exit 3), not a usage error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRunbooksDir } from '../../src/runbook/library';
import { parseScenario } from '../../src/sim/scenario';
import { startSim } from '../../src/sim/server';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook.js');
const RUNBOOK = 'thanos-sidecar-upload-permission';
const home = mkdtempSync(join(tmpdir(), 'runbook-discovery-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('parameter discovery against a failing cluster', () => {
  it('exits 3 naming the context and what could not be listed', async () => {
    const scenario = await parseScenario(
      'extends: broken\nparams: {}\nfaults:\n  - match: {verb: list, resource: pods}\n    status: 401\n',
      join(builtinRunbooksDir(), RUNBOOK, 'scenarios', 'under-test.yaml'),
    );
    const sim = await startSim(scenario);
    try {
      const kubeconfig = join(home, 'kubeconfig');
      await sim.writeKubeconfig(kubeconfig);
      const r = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', kubeconfig, '-n', 'monitoring', '--yes', '--json'], {
        env: { HOME: home, XDG_STATE_HOME: join(home, 'state'), KUBECONFIG: '', CI: 'true' },
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/cannot discover parameter "pod": listing Pod objects .* \(context sim-under-test\): /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await sim.close();
    }
  });
});
