// Time to the first frame of the TUI (`runbook` with no arguments: the opening screen), in a
// pseudo-terminal made by util-linux `script`, against `node -e 0` run the same way.
//
//   npm run build && npx tsx bench/first-frame.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const cli = join(root, 'bin', 'runbook.js');

/** Milliseconds from spawning `command` in a pty until `done` holds for its output (or it exits). */
function timeInPty(command: string, env: NodeJS.ProcessEnv, done?: (output: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let output = '';
    let finished = false;
    const finish = (ms: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve(ms);
    };
    const timer = setTimeout(() => {
      finished = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`${command}: no first frame within 20 s; output so far: ${JSON.stringify(output.slice(0, 300))}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (done?.(output)) finish(performance.now() - started);
    });
    child.once('exit', () => finish(performance.now() - started));
    child.once('error', reject);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchFirstFrame(runs = 7, bin = cli) {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-first-frame-'));
  try {
    // A kubeconfig that names a server nobody needs to answer: the opening screen reads it, nothing more.
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\ncurrent-context: bench\nclusters: [{name: bench, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: bench, context: {cluster: bench, user: u, namespace: monitoring}}]\n',
    );
    const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig, HOME: dir, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), TERM: 'xterm-256color' };
    // Ink renders only the last frame when CI is set at all (even empty).
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const node = process.execPath;
    const baseline: number[] = [];
    const firstFrame: number[] = [];
    // Warm the file cache, then alternate so both see the same machine load.
    await timeInPty(`${node} -e 0`, env);
    await timeInPty(`${node} ${bin}`, env, (out) => out.includes('what do you see'));
    for (let i = 0; i < runs; i++) {
      baseline.push(await timeInPty(`${node} -e 0`, env));
      firstFrame.push(await timeInPty(`${node} ${bin}`, env, (out) => out.includes('what do you see')));
    }
    const b = median(baseline);
    const f = median(firstFrame);
    return { ratio: Math.round((f / b) * 100) / 100, target: 1.5, firstFrameMs: Math.round(f), nodeMs: Math.round(b), runs, samplesMs: firstFrame.map(Math.round), baselineSamplesMs: baseline.map(Math.round) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchFirstFrame(7, process.argv[2]).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
}
