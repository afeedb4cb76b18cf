// What the status frame of an exec stream (a Kubernetes Status on channel 3) means: an exit code
// that is evidence, or a reason the command could not run at all.

import { reasonForHttpStatus } from './errors';
import type { FailureReason } from './types';

export interface ExecStatus {
  status?: string | undefined;
  message?: string | undefined;
  reason?: string | undefined;
  code?: number | undefined;
  details?: { causes?: Array<{ reason?: string | undefined; message?: string | undefined }> | undefined } | undefined;
}

export type ExecVerdict = { ok: true; exitCode: number } | { ok: false; reason: FailureReason; detail: string };

// What container runtimes say when the binary is not in the image (runc, crun, containerd).
const MISSING_EXECUTABLE = /executable file not found|exec: "[^"]*": stat [^:]*: no such file or directory/i;

export function isMissingExecutable(text: string): boolean {
  return MISSING_EXECUTABLE.test(text);
}

export function interpretExecStatus(status: ExecStatus | undefined, stderr: string): ExecVerdict {
  if (!status) return { ok: false, reason: 'error', detail: 'the exec stream ended without an exit status' };
  if (status.status === 'Success') return { ok: true, exitCode: 0 };
  const message = status.message ?? '';
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const exitCode = Number.parseInt(cause?.message ?? '', 10);
    if (!Number.isInteger(exitCode)) {
      return { ok: false, reason: 'error', detail: `exit status without an exit code: ${message || JSON.stringify(status)}` };
    }
    if ((exitCode === 126 || exitCode === 127) && isMissingExecutable(`${stderr}\n${message}`)) {
      return { ok: false, reason: 'no-such-command', detail: lastLine(stderr) || message };
    }
    return { ok: true, exitCode };
  }
  if (isMissingExecutable(message)) return { ok: false, reason: 'no-such-command', detail: message };
  const reason = typeof status.code === 'number' ? reasonForHttpStatus(status.code, message) : 'error';
  return { ok: false, reason, detail: message || JSON.stringify(status) };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
