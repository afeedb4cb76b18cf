// Running a local program (kubectl, host commands) from an argv array: never a shell. A non-zero
// exit is evidence and comes back as output; only "could not run it" is a failure.

import { DEFAULT_OUTPUT_CAP } from './capped-text';
import type { ExecOutput, FailureReason } from './types';

export type ProcessOutcome = { ok: true; value: ExecOutput } | { ok: false; reason: FailureReason; detail: string };

export interface ProcessOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv | undefined;
  maxOutputBytes?: number | undefined;
}

export async function runProcess(file: string, args: string[], opts: ProcessOptions): Promise<ProcessOutcome> {
  const maxBuffer = opts.maxOutputBytes ?? DEFAULT_OUTPUT_CAP * 8;
  // Loaded on the first local command: most walks run none.
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    reject: false,
    timeout: opts.timeoutMs,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer,
    encoding: 'utf8',
    ...(opts.env ? { env: opts.env } : {}),
  });
  if (result.code === 'ENOENT') return { ok: false, reason: 'unreachable', detail: `command not found on this machine: ${file}` };
  if (result.timedOut) return { ok: false, reason: 'timeout', detail: `${file} did not finish within ${opts.timeoutMs} ms` };
  if (result.isMaxBuffer) {
    return { ok: false, reason: 'error', detail: `${file} wrote more than ${maxBuffer} bytes of output` };
  }
  if (typeof result.exitCode !== 'number') {
    const why = result.signal ? `killed by ${result.signal}` : (result.originalMessage ?? result.shortMessage ?? 'failed to start');
    return { ok: false, reason: 'error', detail: `${file}: ${why}` };
  }
  return { ok: true, value: { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode } };
}
