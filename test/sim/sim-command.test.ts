import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simCommand } from '../../src/commands/sim';
import { FIXTURES } from './helpers';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'runbook-sim-cmd-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('runbook sim', () => {
  it('serves the scenario, writes a 0600 kubeconfig, announces itself, and stops when told', async () => {
    const out = capture();
    const kubeconfigOut = path.join(dir, 'kc.yaml');
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const running = simCommand({ ref: 'monitoring/broken', runbooksDir: FIXTURES, kubeconfigOut, stdout: out.stream, until });
    while (!out.text().includes('\n')) await new Promise((r) => setTimeout(r, 20));
    expect(out.text()).toMatch(/^simulated cluster sim-broken at https:\/\/127\.0\.0\.1:\d+; kubeconfig: .*kc\.yaml\n$/);
    expect((await stat(kubeconfigOut)).mode & 0o777).toBe(0o600);

    const kc = new KubeConfig();
    kc.loadFromString(await readFile(kubeconfigOut, 'utf8'));
    expect(kc.getCurrentContext()).toBe('sim-broken');
    expect(kc.getContextObject('sim-broken')?.namespace).toBe('monitoring');
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.32.4');

    stop();
    expect(await running).toBe(0);
    await expect(kc.makeApiClient(VersionApi).getCode()).rejects.toThrow();
  });

  it('reports scenario errors with their location and exits 2', async () => {
    const err = capture();
    const code = await simCommand({ ref: 'monitoring/absent', runbooksDir: FIXTURES, kubeconfigOut: path.join(dir, 'x.yaml'), stdout: capture().stream, stderr: err.stream });
    expect(code).toBe(2);
    expect(err.text()).toMatch(/absent\.yaml:1:1: no such scenario file/);
  });
});
