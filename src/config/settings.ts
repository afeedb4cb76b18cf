// The operator's settings: $XDG_CONFIG_HOME/runbook/config.yaml (default ~/.config/runbook).
//   readOnly: true                      # every fix printed, never applied
//   productionContexts: 'prod|prd|live' # contexts whose name must be typed to apply a fix
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { schemaProblems } from '../runbook/schema-problems';
import { formatProblem, YamlSource } from '../runbook/source';

const settingsSchema = z.strictObject({
  readOnly: z.boolean().default(false),
  productionContexts: z
    .string()
    .refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, 'must be a regular expression')
    .default('prod|prd|live'),
});

export type Settings = z.infer<typeof settingsSchema> & { file?: string | undefined };

export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'runbook', 'config.yaml');
}

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

export function loadSettings(env: NodeJS.ProcessEnv = process.env): SettingsResult {
  const file = settingsFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: true, settings: settingsSchema.parse({}) };
  }
  const source = new YamlSource(file, text);
  const syntax = source.syntaxProblems();
  if (syntax.length) return { ok: false, message: syntax.map(formatProblem).join('\n') };
  const parsed = settingsSchema.safeParse(source.value() ?? {});
  if (!parsed.success) {
    const problems = schemaProblems(parsed.error.issues).map((p) => formatProblem({ ...source.locate(p.path, { key: p.atKey }), message: p.message, severity: 'error' }));
    return { ok: false, message: problems.join('\n') };
  }
  return { ok: true, settings: { ...parsed.data, file } };
}

export function looksLikeProduction(context: string, settings: Settings): boolean {
  return new RegExp(settings.productionContexts, 'i').test(context);
}
