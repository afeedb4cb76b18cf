// The XDG base directories (config, state, cache): the variable when it holds an absolute path,
// as the specification asks, else its default under the home directory.
import { homedir } from 'node:os';
import { join } from 'node:path';

const DEFAULTS = {
  XDG_CONFIG_HOME: ['.config'],
  XDG_STATE_HOME: ['.local', 'state'],
  XDG_CACHE_HOME: ['.cache'],
} as const;

export function xdgDir(name: keyof typeof DEFAULTS, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value && value.startsWith('/') ? value : join(homedir(), ...DEFAULTS[name]);
}
