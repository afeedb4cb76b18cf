// Shared pieces of the simulator tests: fixture paths, raw HTTPS requests, kubectl runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { loadScenario } from '../../src/sim/scenario';
import { startSim, type SimServer } from '../../src/sim/server';

export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const SCENARIOS = path.join(FIXTURES, 'monitoring', 'scenarios');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): any;
}

/** An HTTPS request to the simulator, trusting its CA; with its token unless `token: null`. */
export function raw(
  sim: SimServer,
  method: string,
  urlPath: string,
  opts: { token?: string | null; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(urlPath, sim.url);
  const token = opts.token === undefined ? sim.token : opts.token;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: sim.caCert,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(opts.headers ?? {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

export interface KubectlWorld {
  sim: SimServer;
  kubeconfig: string;
  home: string;
  kubectl(args: string[], opts?: { kubeconfig?: string }): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  close(): Promise<void>;
}

/** A simulator for `scenario`, its kubeconfig on disk, and kubectl with a throwaway HOME. */
export async function kubectlWorld(scenario: string): Promise<KubectlWorld> {
  const sim = await startSim(await loadScenario(path.join(SCENARIOS, `${scenario}.yaml`)));
  const home = await mkdtemp(path.join(tmpdir(), 'runbook-sim-test-'));
  const kubeconfig = path.join(home, 'kubeconfig');
  await sim.writeKubeconfig(kubeconfig);
  return {
    sim,
    kubeconfig,
    home,
    async kubectl(args, opts = {}) {
      const r = await execa('kubectl', ['--kubeconfig', opts.kubeconfig ?? kubeconfig, ...args], {
        env: { HOME: home, KUBECONFIG: '' },
        extendEnv: true,
        reject: false,
        timeout: 20_000,
      });
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1 };
    },
    async close() {
      await sim.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
