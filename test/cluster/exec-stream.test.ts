// The exec stream against WebSocket servers that misbehave in the ways a real one can.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { runExecStream } from '../../src/cluster/exec-stream';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

type Behaviour = (ws: WebSocket, url: URL) => void;

async function serve(behaviour: Behaviour, onRequest?: http.RequestListener): Promise<{ kc: KubeConfig; server: URL }> {
  const server = http.createServer(onRequest ?? ((_req, res) => res.end()));
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => [...protocols][0] ?? false });
  wss.on('connection', (ws, req) => behaviour(ws, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { kc: kubeconfigFor(url), server: new URL(url) };
}

function kubeconfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

function frame(channel: number, text = ''): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
}

const params = { namespace: 'ns', pod: 'p', container: 'c', command: ['id', '-u'], timeoutMs: 2000 };

describe('runExecStream', () => {
  it('sends the command in the query and collects the channels', async () => {
    let seen: URL | undefined;
    const { kc, server } = await serve((ws, url) => {
      seen = url;
      ws.send(frame(1));
      ws.send(frame(1, '10'));
      ws.send(frame(2, 'warn'));
      ws.send(frame(1, '00\n'));
      ws.send(frame(255, '\x01')); // v5 close-stream notice: not output
      ws.send(frame(3, JSON.stringify({ metadata: {}, status: 'Success' })));
      ws.close(1000);
    });
    const result = await runExecStream(kc, server, params);
    expect(result).toEqual({ ok: true, status: { metadata: {}, status: 'Success' }, stdout: '1000\n', stderr: 'warn' });
    expect(seen?.pathname).toBe('/api/v1/namespaces/ns/pods/p/exec');
    expect(seen?.searchParams.getAll('command')).toEqual(['id', '-u']);
    expect(seen?.searchParams.get('container')).toBe('c');
  });

  it('caps output, keeping head and tail', async () => {
    const { kc, server } = await serve((ws) => {
      for (let i = 0; i < 10; i++) ws.send(frame(1, String(i).repeat(100)));
      ws.send(frame(3, JSON.stringify({ status: 'Success' })));
      ws.close(1000);
    });
    const result = await runExecStream(kc, server, { ...params, outputCap: 200 });
    if (!result.ok) throw new Error(result.detail);
    expect(result.stdout.startsWith('0'.repeat(100))).toBe(true);
    expect(result.stdout.endsWith('9'.repeat(100))).toBe(true);
    expect(result.stdout).toContain('[800 bytes omitted]');
  });

  it('a malformed status frame is a classified error, not a crash', async () => {
    const { kc, server } = await serve((ws) => {
      ws.send(frame(3, 'this is not json'));
    });
    expect(await runExecStream(kc, server, params)).toMatchObject({ ok: false, reason: 'error', detail: expect.stringMatching(/malformed/) });
  });

  it('a stream that closes without a status reports that', async () => {
    const { kc, server } = await serve((ws) => {
      ws.send(frame(1, 'partial'));
      ws.close(1000);
    });
    const result = await runExecStream(kc, server, params);
    expect(result).toMatchObject({ ok: true, status: undefined, stdout: 'partial' });
  });

  it('a stream that is cut off says so', async () => {
    const { kc, server } = await serve((ws) => {
      ws.send(frame(1, 'partial'));
      setTimeout(() => ws.terminate(), 20);
    });
    expect(await runExecStream(kc, server, params)).toMatchObject({ ok: false, reason: 'error', detail: expect.stringMatching(/cut off/) });
  });

  it('a refused upgrade keeps the server Status', async () => {
    const refusing = http.createServer();
    refusing.on('upgrade', (_req, socket) => {
      const body = JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "p" is forbidden: cannot create pods/exec', code: 403 });
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => refusing.close(() => resolve())));
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    expect(await runExecStream(kubeconfigFor(url), new URL(url), params)).toEqual({
      ok: false,
      reason: 'forbidden',
      detail: 'pods "p" is forbidden: cannot create pods/exec',
    });
  });

  it('gives up at the deadline when no status comes', async () => {
    const { kc, server } = await serve((ws) => ws.send(frame(1)));
    const started = Date.now();
    expect(await runExecStream(kc, server, { ...params, timeoutMs: 300 })).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
