// A runbook's identity by content: the same definition hashes the same wherever it was loaded,
// whatever its comments or key order; any change to what the walk does changes the hash.
import { createHash } from 'node:crypto';
import type { Runbook } from '../runbook/schema';

export function runbookHash(runbook: Runbook): string {
  return `sha256:${createHash('sha256').update(canonicalJson(runbook)).digest('hex')}`;
}

/** Short form for tables and messages. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
