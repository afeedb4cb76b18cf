// The operator's settings: $XDG_CONFIG_HOME/runbook/config.yaml (default ~/.config/runbook).
//   readOnly: true                      # every fix printed, never applied
//   productionContexts: 'prod|prd|live' # contexts whose name must be typed to apply a fix
// Most machines have no such file: then neither the YAML parser nor the schema is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from './settings-file';
import { xdgDir } from '../xdg';

export type { Settings };

/** What an absent file means; the schema's defaults (a test keeps the two the same). */
export const DEFAULT_SETTINGS: Settings = { readOnly: false, productionContexts: 'prod|prd|live' };

export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = xdgDir('XDG_CONFIG_HOME', env);
  return join(base, 'runbook', 'config.yaml');
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

export async function loadSettings(env: NodeJS.ProcessEnv = process.env): Promise<SettingsResult> {
  const file = settingsFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: true, settings: { ...DEFAULT_SETTINGS } };
  }
  const { parseSettings } = await import('./settings-file');
  return parseSettings(file, text);
}

export function looksLikeProduction(context: string, settings: Settings): boolean {
  return new RegExp(settings.productionContexts, 'i').test(context);
}
