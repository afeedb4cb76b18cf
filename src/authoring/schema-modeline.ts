// The `# yaml-language-server: $schema=…` comment that makes editors complete and validate a
// runbook or scenario file against the JSON Schema shipped in schema/.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../runbook/library';
import type { Problem } from '../runbook/problem';

export type SchemaFileName = 'runbook.schema.json' | 'scenario.schema.json';

/** yaml-language-server reads the modeline from any comment line of the document. */
const MODELINE = /^#\s*yaml-language-server\s*:\s*\$schema=(\S+)/m;

export function schemaDir(): string {
  return join(packageRoot(), 'schema');
}

/** The modeline a file in `folder` should start with: a relative path to the shipped schema. */
export function modeline(folder: string, schema: SchemaFileName, dir = schemaDir()): string {
  const target = relative(folder, join(dir, schema)).split(sep).join('/');
  return `# yaml-language-server: $schema=${target}`;
}

export function modelineProblems(file: string, text: string, schema: SchemaFileName, dir = schemaDir()): Problem[] {
  const wanted = modeline(dirname(file), schema, dir);
  const m = MODELINE.exec(text);
  if (!m) {
    return [{ file, line: 1, column: 1, severity: 'warning', message: `no JSON Schema for editors: make the first line \`${wanted}\`` }];
  }
  const line = text.slice(0, m.index).split('\n').length;
  const column = m[0].indexOf('$schema=') + '$schema='.length + 1;
  const target = m[1]!;
  const at = { file, line, column, severity: 'warning' as const };
  if (/^https?:\/\//.test(target)) {
    return target.endsWith(`/${schema}`) ? [] : [{ ...at, message: `$schema names ${target}, not ${schema}` }];
  }
  const path = resolve(dirname(file), target);
  if (basename(path) !== schema) return [{ ...at, message: `$schema names ${basename(path)}, not ${schema}: use \`${wanted}\`` }];
  if (!existsSync(path)) return [{ ...at, message: `$schema names ${target}, which does not exist: use \`${wanted}\`` }];
  return [];
}
