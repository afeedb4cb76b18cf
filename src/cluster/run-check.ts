// One resolved check in, one CheckResult out: evidence when the command ran (whatever its exit
// code), a classified failure when it could not. Never rejects.

import { performance } from 'node:perf_hooks';
import { displayCommand } from './display';
import { errorText } from './errors';
import { runProcess } from './process';
import type { CheckResult, Cluster, ExecOutput, FailureReason, ResolvedCheck, Result } from './types';

export const DEFAULT_HOST_TIMEOUT_MS = 30_000;

export interface RunCheckOptions {
  /** Deadline for the whole check; exec, kubectl and host commands are stopped when it passes. */
  timeoutMs?: number | undefined;
  /** What the operator can run by hand if the check cannot run (the runbook's `manual`). */
  manual?: string | undefined;
}

type Outcome =
  | { status: 'ran'; stdout: string; stderr: string; exitCode: number; json?: unknown }
  | { status: 'failed'; reason: FailureReason; message: string };

function fromRead(result: Result<unknown>): Outcome {
  if (!result.ok) return { status: 'failed', reason: result.error.reason, message: result.error.message };
  return { status: 'ran', stdout: JSON.stringify(result.value, null, 2), stderr: '', exitCode: 0, json: result.value };
}

function fromOutput(result: Result<ExecOutput>): Outcome {
  if (!result.ok) return { status: 'failed', reason: result.error.reason, message: result.error.message };
  return { status: 'ran', ...result.value };
}

async function execute(cluster: Cluster, check: ResolvedCheck, timeoutMs: number | undefined): Promise<Outcome> {
  switch (check.kind) {
    case 'get':
      return fromRead(await cluster.get(check.ref));
    case 'list':
      return fromRead(await cluster.list(check.query));
    case 'logs': {
      const logs = await cluster.logs({
        pod: check.pod,
        namespace: check.namespace,
        container: check.container,
        tail: check.tail,
        previous: check.previous,
      });
      if (!logs.ok) return { status: 'failed', reason: logs.error.reason, message: logs.error.message };
      return { status: 'ran', stdout: logs.value, stderr: '', exitCode: 0 };
    }
    case 'exec':
      return fromOutput(
        await cluster.exec({
          pod: check.pod,
          namespace: check.namespace,
          container: check.container,
          command: check.command,
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        }),
      );
    case 'kubectl':
      return fromOutput(await cluster.kubectl(check.args, timeoutMs !== undefined ? { timeoutMs } : undefined));
    case 'host': {
      const [file, ...args] = check.argv;
      if (!file) return { status: 'failed', reason: 'invalid', message: 'host check has an empty command' };
      const outcome = await runProcess(file, args, { timeoutMs: timeoutMs ?? DEFAULT_HOST_TIMEOUT_MS });
      if (!outcome.ok) return { status: 'failed', reason: outcome.reason, message: outcome.detail };
      return { status: 'ran', ...outcome.value };
    }
  }
}

/**
 * API reads have only the cluster's per-request deadline (and discovery may add a request):
 * this bounds the check as a whole. Exec, kubectl and host commands stop themselves at
 * timeoutMs, so they get a moment of slack to report that in their own words.
 */
function withDeadline(work: Promise<Outcome>, timeoutMs: number | undefined, selfLimiting: boolean): Promise<Outcome> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'failed', reason: 'timeout', message: `the check did not finish within ${timeoutMs} ms` }),
      selfLimiting ? timeoutMs + 1000 : timeoutMs,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function runCheck(cluster: Cluster, check: ResolvedCheck, opts: RunCheckOptions = {}): Promise<CheckResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let command: string = check.kind;
  let outcome: Outcome;
  try {
    command = displayCommand(check, cluster.namespace);
    const selfLimiting = check.kind === 'exec' || check.kind === 'kubectl' || check.kind === 'host';
    outcome = await withDeadline(execute(cluster, check, opts.timeoutMs), opts.timeoutMs, selfLimiting);
  } catch (err) {
    outcome = { status: 'failed', reason: 'error', message: `internal error running the check: ${errorText(err)}` };
  }
  const run = { command, startedAt, durationMs: Math.round(performance.now() - started) };
  if (outcome.status === 'failed') return { ...run, ...outcome, ...(opts.manual !== undefined ? { manual: opts.manual } : {}) };
  return { ...run, ...outcome };
}
