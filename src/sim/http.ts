// Small HTTP helpers: media types, JSON answers, request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Status } from './status';

export interface MediaType {
  type: string; // e.g. application/json
  params: Record<string, string>;
}

export function parseMediaType(value: string): MediaType {
  const [type = '', ...rest] = value.split(';').map((s) => s.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return { type: type.toLowerCase(), params };
}

export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseMediaType);
}

/** Does the client accept `application/json;as=<as>;g=<group>;v=<version>`? */
export function acceptsAs(header: string | undefined, as: string, group: string, version: string): boolean {
  return parseAccept(header).some((m) => m.type === 'application/json' && m.params.as === as && m.params.g === group && m.params.v === version);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code, status);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const MAX_BODY = 8 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The raw HTTP/1.1 answer for a socket that asked to upgrade and was refused. */
export function rawStatusResponse(status: Status): string {
  const text = JSON.stringify(status);
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' }[status.code] ?? 'Error';
  return (
    `HTTP/1.1 ${status.code} ${reason}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(text)}\r\n` +
    'Connection: close\r\n\r\n' +
    text
  );
}
