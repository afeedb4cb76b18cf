import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeTransport, retryAfterMs } from '../../src/cluster/http-transport';

const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

function kubeconfigFor(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

async function listen(server: http.Server | net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function transportFor(url: string, timeoutMs = 2000, extra: { maxRetryWaitMs?: number } = {}): Promise<KubeTransport> {
  const transport = await KubeTransport.create(kubeconfigFor(url), url, { timeoutMs, ...extra });
  closers.push(() => transport.close());
  return transport;
}

describe('retryAfterMs', () => {
  it('reads seconds and dates, defaulting to one second', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(undefined)).toBe(1000);
    expect(retryAfterMs('soon')).toBe(1000);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:03 GMT', now)).toBe(3000);
  });
});

describe('KubeTransport', () => {
  it('sends the bearer token and reuses one keep-alive connection', async () => {
    const sockets = new Set<net.Socket>();
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      sockets.add(req.socket);
      seen.push(req.headers.authorization);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ path: req.url }));
    });
    const transport = await transportFor(await listen(server));
    for (let i = 0; i < 3; i++) {
      const response = await transport.send({ method: 'GET', path: '/api/v1/pods', query: { labelSelector: 'a=b', skip: undefined } });
      expect(JSON.parse(response.body)).toEqual({ path: '/api/v1/pods?labelSelector=a%3Db' });
    }
    expect(seen).toEqual(['Bearer secret-token', 'Bearer secret-token', 'Bearer secret-token']);
    expect(sockets.size).toBe(1);
  });

  it('keeps the server URL path prefix', async () => {
    const server = http.createServer((req, res) => res.end(req.url));
    const base = await listen(server);
    const transport = await transportFor(`${base}/k8s/clusters/c-1/`);
    expect((await transport.send({ method: 'GET', path: '/version' })).body).toBe('/k8s/clusters/c-1/version');
  });

  it('retries 429 as Retry-After says, then succeeds', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls += 1;
      if (calls < 3) {
        res.writeHead(429, { 'Retry-After': '0' });
        res.end('{"kind":"Status","message":"slow down"}');
      } else res.end('{"ok":true}');
    });
    const transport = await transportFor(await listen(server));
    const response = await transport.send({ method: 'GET', path: '/api/v1' });
    expect(response.status).toBe(200);
    expect(calls).toBe(3);
  });

  it('gives up on 429 after two retries, or when the wait would exceed the budget', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls += 1;
      res.writeHead(429, { 'Retry-After': '0' });
      res.end();
    });
    const url = await listen(server);
    const transport = await transportFor(url);
    expect((await transport.send({ method: 'GET', path: '/api/v1' })).status).toBe(429);
    expect(calls).toBe(3);

    calls = 0;
    const patient = http.createServer((_req, res) => {
      calls += 1;
      res.writeHead(429, { 'Retry-After': '60' });
      res.end();
    });
    const started = Date.now();
    const budget = await transportFor(await listen(patient));
    expect((await budget.send({ method: 'GET', path: '/api/v1' })).status).toBe(429);
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out on a server that accepts and never answers', async () => {
    const silent = net.createServer((socket) => closers.push(() => socket.destroy()));
    const transport = await transportFor(await listen(silent), 300);
    const started = Date.now();
    await expect(transport.send({ method: 'GET', path: '/version' })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fetches credentials per request and reports a failing credential plugin as EAUTH', async () => {
    const server = http.createServer((_req, res) => res.end('{}'));
    const url = await listen(server);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
      users: [{ name: 'u', exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'no-such-credential-plugin' } }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    });
    const transport = await KubeTransport.create(kc, url, { timeoutMs: 2000 });
    closers.push(() => transport.close());
    await expect(transport.send({ method: 'GET', path: '/version' })).rejects.toMatchObject({ code: 'EAUTH' });
  });

  it('reports a refused connection with its errno', async () => {
    const probe = net.createServer();
    const url = await listen(probe);
    probe.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const transport = await transportFor(url);
    await expect(transport.send({ method: 'GET', path: '/version' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
