// Running a command in a container: client-node's Exec over a WebSocket we open ourselves, so
// that a refused upgrade keeps the server's Status, a malformed frame cannot throw out of an
// event handler, and a deadline can close the socket.

import https from 'node:https';
import { Writable } from 'node:stream';
import { Exec } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import { CappedText, DEFAULT_OUTPUT_CAP } from './capped-text';
import { classifyHttpFailure, classifyThrown, errorText } from './errors';
import type { ExecStatus } from './exec-status';
import { TransportError } from './http-transport';
import type { FailureReason } from './types';

// v4 and v5 carry a JSON Status on channel 3; older subprotocols send bare text there.
const SUBPROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CLOSE_STREAM_CHANNEL = 255;

/** The server answered the upgrade request with an HTTP error instead of switching protocols. */
export class UpgradeRejected extends Error {
  override readonly name = 'UpgradeRejected';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}`);
  }
}

type BinaryHandler = (stream: number, buff: Buffer) => boolean;
type TextHandler = (text: string) => boolean;
type WebSocketInterface = NonNullable<ConstructorParameters<typeof Exec>[1]>;

interface Closed {
  code: number;
  error?: unknown;
}

/** Opens the exec WebSocket for client-node's Exec (its `WebSocketInterface`). One socket per instance. */
class ExecSocketConnector implements WebSocketInterface {
  private socket: WebSocket | undefined;
  private resolveClosed!: (closed: Closed) => void;
  /** Settles when the socket is gone, however that happened. */
  readonly closed = new Promise<Closed>((resolve) => (this.resolveClosed = resolve));
  protocolError: string | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly server: URL,
    private readonly handshakeTimeoutMs: number,
  ) {}

  async connect(path: string, textHandler: TextHandler | null, binaryHandler: BinaryHandler | null): Promise<WebSocket> {
    const options: WebSocket.ClientOptions & https.RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(options);
    } catch (err) {
      throw new TransportError(`cannot obtain credentials: ${errorText(err)}`, 'EAUTH');
    }
    options.handshakeTimeout = this.handshakeTimeoutMs;
    const base = this.server.pathname.replace(/\/+$/, '');
    const scheme = this.server.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${this.server.host}${base}${path}`, SUBPROTOCOLS, options);
    this.socket = ws;

    let lastError: unknown;
    let delivering = true;
    ws.on('error', (err) => (lastError = err)); // always listened to: an unhandled 'error' would throw
    ws.on('close', (code) => this.resolveClosed({ code, error: lastError }));
    ws.on('message', (data, isBinary) => {
      if (!delivering) return;
      try {
        const keepOpen = isBinary ? this.deliverBinary(data, binaryHandler) : this.deliverText(data, textHandler);
        if (!keepOpen) {
          delivering = false;
          ws.close(1000);
        }
      } catch (err) {
        delivering = false;
        this.protocolError = errorText(err);
        ws.terminate();
      }
    });

    return new Promise<WebSocket>((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => reject(err));
        res.on('end', () => {
          reject(new UpgradeRejected(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          req.destroy();
          ws.terminate();
        });
      });
      ws.once('error', (err) => reject(err));
      ws.once('close', () => reject(lastError ?? new Error('connection closed during the WebSocket handshake')));
    });
  }

  terminate(): void {
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
  }

  private deliverBinary(data: WebSocket.RawData, handler: BinaryHandler | null): boolean {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (buffer.length === 0) return true;
    const channel = buffer.readUInt8(0);
    if (channel === CLOSE_STREAM_CHANNEL) return true; // v5 end-of-stream notice: nothing to collect
    return handler ? handler(channel, buffer.subarray(1)) : true;
  }

  private deliverText(data: WebSocket.RawData, handler: TextHandler | null): boolean {
    return handler ? handler(data.toString()) : true;
  }
}

function collector(text: CappedText): Writable {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text.write(chunk);
      callback();
    },
  });
  sink.on('error', () => {}); // a frame after the status would be "write after end": not worth a crash
  return sink;
}

export interface ExecParams {
  namespace: string;
  pod: string;
  container?: string | undefined;
  command: string[];
  timeoutMs: number;
  outputCap?: number | undefined;
}

export type ExecStreamResult =
  | { ok: true; status: ExecStatus | undefined; stdout: string; stderr: string }
  | { ok: false; reason: FailureReason; detail: string };

function classifyConnectFailure(err: unknown): ExecStreamResult {
  if (err instanceof UpgradeRejected) return { ok: false, ...classifyHttpFailure(err.status, err.body) };
  const { reason, detail } = classifyThrown(err);
  return { ok: false, reason, detail };
}

export async function runExecStream(kc: KubeConfig, server: URL, params: ExecParams): Promise<ExecStreamResult> {
  const stdout = new CappedText(params.outputCap ?? DEFAULT_OUTPUT_CAP);
  const stderr = new CappedText(params.outputCap ?? DEFAULT_OUTPUT_CAP);
  const connector = new ExecSocketConnector(kc, server, params.timeoutMs);
  const exec = new Exec(kc, connector);
  let status: ExecStatus | undefined;

  const run = async (): Promise<ExecStreamResult> => {
    try {
      await exec.exec(
        encodeURIComponent(params.namespace),
        encodeURIComponent(params.pod),
        params.container ?? '',
        params.command,
        collector(stdout),
        collector(stderr),
        null,
        false,
        (s) => (status = s as ExecStatus),
      );
    } catch (err) {
      return classifyConnectFailure(err);
    }
    const closed = await connector.closed;
    if (connector.protocolError) return { ok: false, reason: 'error', detail: `malformed exec stream: ${connector.protocolError}` };
    if (!status && closed.error) return classifyConnectFailure(closed.error);
    if (!status && closed.code !== 1000) {
      return { ok: false, reason: 'error', detail: `the exec stream was cut off (WebSocket close code ${closed.code}) before an exit status` };
    }
    return { ok: true, status, stdout: stdout.toString(), stderr: stderr.toString() };
  };

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ExecStreamResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: 'timeout', detail: `no exit status within ${params.timeoutMs} ms` }),
      params.timeoutMs,
    );
  });
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
    connector.terminate();
  }
}
