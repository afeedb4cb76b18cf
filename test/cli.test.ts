// The command line end to end, as an operator or a script uses it: the built bin, a simulated
// cluster served by `runbook sim`, the real kubectl against it.
import { execa, type ResultPromise } from 'execa';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'runbook.js');
const RUNBOOK = 'thanos-sidecar-upload-permission';
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'runbook-cli-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const env = () => ({ HOME: home, XDG_STATE_HOME: join(home, 'state'), KUBECONFIG: '', CI: 'true' });

async function serve(scenario: string): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const kubeconfig = join(home, `${scenario.replace(/[^a-z0-9.]+/gi, '-')}.kubeconfig`);
  const child: ResultPromise = execa('node', [bin, 'sim', scenario, '--kubeconfig-out', kubeconfig], { env: env(), reject: false });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('kubeconfig:')) resolve();
    });
    void child.then((r) => reject(new Error(`runbook sim exited: ${r.stderr}`)));
  });
  return {
    kubeconfig,
    stop: async () => {
      child.kill('SIGTERM');
      await child;
    },
  };
}

describe('runbook sim + run', () => {
  it('serves a cluster that the real kubectl reads and execs into, and the walk concludes the UID mismatch', async () => {
    const sim = await serve(`${RUNBOOK}/broken`);
    try {
      const pods = await execa('kubectl', ['--kubeconfig', sim.kubeconfig, 'get', 'pods', '-A'], { env: env() });
      expect(pods.stdout).toMatch(/monitoring\s+prometheus-k8s-0\s+3\/3\s+Running/);
      const id = await execa('kubectl', ['--kubeconfig', sim.kubeconfig, 'exec', '-n', 'monitoring', 'prometheus-k8s-0', '-c', 'thanos-sidecar', '--', 'id', '-u'], { env: env() });
      expect(id.stdout.trim()).toBe('1001');

      const run = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', sim.kubeconfig, '-n', 'monitoring', '--yes', '--json'], { env: env(), reject: false });
      expect(run.exitCode, run.stderr).toBe(1);
      const doc = JSON.parse(run.stdout);
      expect(doc.runbook).toBe(RUNBOOK);
      expect(doc.path[0]).toBe('symptom');
      expect(doc.outcome.verdict).toBe('problem');
      expect(doc.outcome.finding).toMatch(/1001/);
      const postmortem = await readFile(doc.postmortem, 'utf8');
      expect(postmortem).toContain('## Root cause');
      expect(postmortem).toContain('kubectl patch');
    } finally {
      await sim.stop();
    }
  });

  it('does not conclude the mismatch on a healthy cluster', async () => {
    const sim = await serve(`${RUNBOOK}/healthy`);
    try {
      const run = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', sim.kubeconfig, '--yes', '--json'], { env: env(), reject: false });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).outcome.verdict).toBe('healthy');
    } finally {
      await sim.stop();
    }
  });

  it('exits 3 with the context named when the cluster is unreachable', async () => {
    const sim = await serve(`${RUNBOOK}/healthy`);
    await sim.stop();
    const run = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', sim.kubeconfig, '--yes', '--json'], { env: env(), reject: false });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/context sim-healthy/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints an API server\'s message without its escape sequences or secrets', async () => {
    const scenario = join(home, 'hostile-status.yaml');
    const message = 'down \u001b]0;owned\u0007\u001b[2J for maintenance, token=AKIAIOSFODNN7EXAMPLE';
    await writeFile(scenario, `description: an API server whose Status message writes to the terminal\nfaults:\n  - {match: {path: /version}, status: 503, message: ${JSON.stringify(message)}}\n`);
    const sim = await serve(scenario);
    try {
      const run = await execa('node', [bin, 'run', RUNBOOK, '--kubeconfig', sim.kubeconfig, '--yes'], { env: env(), reject: false });
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toMatch(/cannot reach the API server: .*down .*for maintenance/);
      // eslint-disable-next-line no-control-regex
      expect(run.stderr).not.toMatch(/[\u001b\u0007]/);
      expect(run.stderr).not.toContain('AKIAIOSFODNN7EXAMPLE');
    } finally {
      await sim.stop();
    }
  });
});

describe('runbook demo', () => {
  it('without a terminal walks like --yes', async () => {
    const run = await execa('node', [bin, 'demo', `${RUNBOOK}/broken`, '--json'], { env: env(), reject: false });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).outcome.verdict).toBe('problem');
  });
});

describe('runbook lint', () => {
  it('locates a typo in a step reference and exits 2', async () => {
    const dir = join(home, 'lint', RUNBOOK);
    await cp(join(import.meta.dirname, '..', 'runbooks', RUNBOOK), dir, { recursive: true });
    const file = join(dir, 'runbook.yaml');
    const text = await readFile(file, 'utf8');
    const target = /\n(\s+)next: ([a-z-]+)\n/.exec(text);
    expect(target).not.toBeNull();
    await writeFile(file, text.replace(target![0], `\n${target![1]}next: ${target![2]}x\n`));
    const line = text.slice(0, target!.index + 1).split('\n').length;
    const run = await execa('node', [bin, 'lint', dir], { env: env(), reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain(`${file}:${line}:${target![1]!.length + 7}: unknown step "${target![2]}x" (did you mean "${target![2]}"?)`);
  });

  it('passes the shipped runbooks', async () => {
    const run = await execa('node', [bin, 'lint'], { env: env(), reject: false });
    expect(run.stdout).toMatch(/0 errors/);
    expect(run.exitCode).toBe(0);
  });
});

describe('runbook --version', () => {
  it('prints the package version and exits 0', async () => {
    const { version } = JSON.parse(await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    const r = await execa('node', [bin, '--version'], { env: env(), reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});
