// `runbook sim RUNBOOK/SCENARIO [--port P] --kubeconfig-out FILE`: serve a simulated cluster until
// SIGINT/SIGTERM. Real kubectl works against it with `--kubeconfig FILE`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario, ScenarioError, scenarioPath } from '../sim/scenario';
import { startSim } from '../sim/server';
import { EXIT, type TextSink } from './exit-codes';

export interface SimCommandOptions {
  ref: string;
  runbooksDir: string;
  port?: number | undefined;
  kubeconfigOut: string;
  stdout: NodeJS.WritableStream;
  /** Where scenario and start-up errors go; process.stderr when not given. */
  stderr?: TextSink;
  /** Resolves when the server should stop; SIGINT/SIGTERM when not given (tests pass their own). */
  until?: Promise<unknown>;
}

function signalled(): { promise: Promise<void>; dispose(): void } {
  let done!: () => void;
  const promise = new Promise<void>((r) => (done = r));
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
  return {
    promise,
    dispose() {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
    },
  };
}

export async function simCommand(opts: SimCommandOptions): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  let scenario;
  try {
    // A path to a scenario file (e.g. one bench/fleet.ts generated), else RUNBOOK/SCENARIO.
    const file = /\.ya?ml$/.test(opts.ref) && existsSync(opts.ref) ? opts.ref : scenarioPath(opts.runbooksDir, opts.ref);
    scenario = await loadScenario(file);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    stderr.write(`${e.issues.map((i) => `${i.location}: ${i.message}`).join('\n')}\n`);
    return EXIT.usage;
  }
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
    stderr.write(`runbook: --port must be 0-65535, got ${String(opts.port)}\n`);
    return EXIT.usage;
  }
  let sim;
  try {
    sim = await startSim(scenario, opts.port !== undefined ? { port: opts.port } : {});
  } catch (e) {
    stderr.write(`runbook: cannot start the simulated cluster: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const file = resolve(opts.kubeconfigOut);
  const stop = opts.until ? undefined : signalled();
  try {
    await sim.writeKubeconfig(file);
    opts.stdout.write(`simulated cluster ${sim.context} at ${sim.url}; kubeconfig: ${file}\n`);
    await (opts.until ?? stop!.promise);
  } catch (e) {
    stderr.write(`runbook: ${(e as Error).message}\n`);
    return EXIT.usage;
  } finally {
    stop?.dispose();
    await sim.close();
  }
  return EXIT.done;
}
