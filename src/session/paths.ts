// Where sessions live: $XDG_STATE_HOME/runbook (default ~/.local/state/runbook).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { xdgDir } from '../xdg';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = xdgDir('XDG_STATE_HOME', env);
  return join(base, 'runbook');
}

export function sessionsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'sessions');
}

export function postmortemsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'postmortems');
}

/**
 * A sortable, readable session id: 20261123-142501-thanos-sidecar-upload-permission; given the
 * sessions directory, one not taken yet (two walks started in the same second get -2, -3 …).
 */
export function newSessionId(runbook: string, now: Date, dir?: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const id = `${stamp}-${runbook}`;
  if (dir === undefined) return id;
  let candidate = id;
  for (let n = 2; existsSync(join(dir, `${candidate}.jsonl`)); n++) candidate = `${id}-${n}`;
  return candidate;
}
