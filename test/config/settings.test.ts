import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, looksLikeProduction } from '../../src/config/settings';
import { settingsSchema } from '../../src/config/settings-file';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'runbook-settings-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function configure(text: string): NodeJS.ProcessEnv {
  mkdirSync(join(home, 'runbook'), { recursive: true });
  writeFileSync(join(home, 'runbook', 'config.yaml'), text);
  return { XDG_CONFIG_HOME: home };
}

describe('settings', () => {
  it('without a file: the schema defaults, read without the parser', async () => {
    expect(DEFAULT_SETTINGS).toStrictEqual(settingsSchema.parse({}));
    expect(await loadSettings({ XDG_CONFIG_HOME: home })).toStrictEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });

  it('a file overrides them and is named in the settings', async () => {
    const result = await loadSettings(configure('readOnly: true\nproductionContexts: "^rke2-"\n'));
    expect(result).toStrictEqual({ ok: true, settings: { readOnly: true, productionContexts: '^rke2-', file: join(home, 'runbook', 'config.yaml') } });
    expect(result.ok && looksLikeProduction('rke2-eu', result.settings)).toBe(true);
  });

  it('a bad file is a located error', async () => {
    const result = await loadSettings(configure('readOnly: yes please\n'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(new RegExp(`^${join(home, 'runbook', 'config.yaml')}:1:11: `));
  });
});
