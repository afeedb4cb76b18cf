import { describe, expect, it } from 'vitest';
import { interpretExecStatus } from '../../src/cluster/exec-status';

function nonZero(code: string, message = `command terminated with non-zero exit code: exit status ${code}`) {
  return { status: 'Failure', message, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: code }] } };
}

describe('interpretExecStatus', () => {
  it('Success is exit 0', () => {
    expect(interpretExecStatus({ status: 'Success' }, '')).toEqual({ ok: true, exitCode: 0 });
  });

  it('a non-zero exit is evidence', () => {
    expect(interpretExecStatus(nonZero('3'), 'ls: /nope: No such file or directory')).toEqual({ ok: true, exitCode: 3 });
    expect(interpretExecStatus(nonZero('127'), 'sh: foo: not found')).toEqual({ ok: true, exitCode: 127 });
  });

  it('126/127 with "executable file not found" means the image lacks the command', () => {
    const stderr = 'OCI runtime exec failed: exec failed: unable to start container process: exec: "id": executable file not found in $PATH: unknown\n';
    const verdict = interpretExecStatus(nonZero('126'), stderr);
    expect(verdict).toMatchObject({ ok: false, reason: 'no-such-command' });
    expect(verdict.ok ? '' : verdict.detail).toContain('executable file not found');
  });

  it('a failure status naming a missing executable is no-such-command', () => {
    const status = {
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message:
        'Internal error occurred: error executing command in container: failed to exec in container: exec: "bash": executable file not found in $PATH: unknown',
    };
    expect(interpretExecStatus(status, '')).toMatchObject({ ok: false, reason: 'no-such-command' });
    expect(
      interpretExecStatus({ status: 'Failure', message: 'exec: "/bin/stat": stat /bin/stat: no such file or directory: unknown' }, ''),
    ).toMatchObject({ ok: false, reason: 'no-such-command' });
  });

  it('other failures keep their message and are classified by code', () => {
    expect(interpretExecStatus({ status: 'Failure', message: 'container not running', code: 500 }, '')).toEqual({
      ok: false,
      reason: 'error',
      detail: 'container not running',
    });
    expect(interpretExecStatus({ status: 'Failure', message: 'pods "p" not found', code: 404 }, '')).toMatchObject({
      reason: 'not-found',
    });
  });

  it('no status, or an exit status without a code, is a protocol error', () => {
    expect(interpretExecStatus(undefined, '')).toMatchObject({ ok: false, reason: 'error' });
    expect(interpretExecStatus({ status: 'Failure', reason: 'NonZeroExitCode' }, '')).toMatchObject({ ok: false, reason: 'error' });
  });
});
