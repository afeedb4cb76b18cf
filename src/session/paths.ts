// Where sessions live: $XDG_STATE_HOME/runbook (default ~/.local/state/runbook).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'runbook');
}

export function sessionsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'sessions');
}

export function postmortemsDir(env?: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'postmortems');
}

/** A sortable, readable session id: 20261123-142501-thanos-sidecar-upload-permission. */
export function newSessionId(runbook: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${runbook}`;
}
