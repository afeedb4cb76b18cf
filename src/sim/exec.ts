// pods/exec over WebSocket, framed as the Kubernetes remotecommand v4/v5 channel protocols:
// each binary frame starts with the channel byte (0 stdin, 1 stdout, 2 stderr, 3 status).
import type { WebSocket } from 'ws';
import type { ExecCondition } from './conditions';
import type { ExecScript } from './scenario';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

/** The first subprotocol the client offers that we speak, as the API server picks it. */
export function pickProtocol(offered: Iterable<string>): string | undefined {
  for (const p of offered) if ((EXEC_PROTOCOLS as readonly string[]).includes(p)) return p;
  return undefined;
}

export interface ExecRequest {
  command: string[];
  stdout: boolean;
  stderr: boolean;
  stdin: boolean;
  tty: boolean;
}

export function parseExecQuery(params: URLSearchParams): ExecRequest {
  const flag = (n: string): boolean => params.get(n) === 'true' || params.get(n) === '1';
  return { command: params.getAll('command'), stdout: flag('stdout'), stderr: flag('stderr'), stdin: flag('stdin'), tty: flag('tty') };
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * The first scripted answer whose argv matches exactly and whose conditions hold, or what a
 * container runtime says when the binary is missing.
 */
export function runScripted(
  scripts: readonly ExecScript[],
  command: readonly string[],
  holds: (c: ExecCondition) => boolean = () => true,
): ExecResult {
  const script = scripts.find(
    (s) => s.command.length === command.length && s.command.every((a, i) => a === command[i]) && (s.when ?? []).every(holds),
  );
  if (script) return { stdout: script.stdout, stderr: script.stderr, exitCode: script.exitCode };
  const bin = command[0] ?? '';
  const why = bin.includes('/') ? `stat ${bin}: no such file or directory` : 'executable file not found in $PATH';
  return {
    stdout: '',
    stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${bin}": ${why}: unknown\n`,
    exitCode: 127,
  };
}

function frame(channel: number, data: string | Buffer = ''): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), payload]);
}

/** The status frame client-go and client-node read the exit code from. */
export function exitStatus(command: readonly string[], exitCode: number): unknown {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** How a fault spoils the exec stream: cut after some output, or a status frame that is not JSON. */
export interface ExecFault {
  cutExecAfter?: number | undefined;
  malformed?: boolean | undefined;
}

/** Play one scripted command over an accepted WebSocket, then close normally (or as `fault` says). */
export function serveExec(ws: WebSocket, req: ExecRequest, result: ExecResult, fault?: ExecFault): void {
  // A client that goes away mid-answer must not take the server down with an unhandled 'error'.
  ws.on('error', () => ws.terminate());
  const send = (b: Buffer): void => ws.send(b, { binary: true });
  // Clients wait for a first (empty) frame on the first writable channel before anything else.
  if (req.stdout || req.tty) send(frame(1));
  else if (req.stderr) send(frame(2));
  // With a TTY there is one output stream: stderr goes to stdout, as a terminal would show it.
  const out = req.tty ? result.stdout + result.stderr : result.stdout;
  const err = req.tty ? '' : result.stderr;
  if (fault?.cutExecAfter !== undefined) {
    // The kubelet or a proxy goes away mid-output: no status frame, no close handshake.
    const bytes = Buffer.from(out, 'utf8').subarray(0, fault.cutExecAfter);
    if (req.stdout && bytes.length) ws.send(frame(1, bytes), { binary: true }, () => ws.terminate());
    else ws.terminate();
    return;
  }
  if (fault?.malformed) {
    if (req.stdout && out) send(frame(1, out));
    send(frame(3, '{"metadata":{},"status":"Fail'));
    ws.close(1000);
    return;
  }
  if (req.stdout && out) send(frame(1, out));
  if (req.stderr && err) send(frame(2, err));
  send(frame(3, JSON.stringify(exitStatus(req.command, result.exitCode))));
  ws.close(1000);
}
