// The settings file's schema and parser (see ./settings for where the file lives).
import { z } from 'zod';
import { schemaProblems } from '../runbook/schema-problems';
import { formatProblem } from '../runbook/problem';
import { YamlSource } from '../runbook/source';

export const settingsSchema = z.strictObject({
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

export function parseSettings(file: string, text: string): { ok: true; settings: Settings } | { ok: false; message: string } {
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
