// Regenerates schema/*.schema.json from the zod schemas: `npx tsx scripts/schema.ts`.
// `--check` writes nothing and exits 1 when a committed file differs (for CI).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFiles, schemaText } from '../src/authoring/json-schema';

const dir = fileURLToPath(new URL('../schema', import.meta.url));
const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(dir, { recursive: true });
for (const { file, schema } of schemaFiles()) {
  const path = join(dir, file);
  const text = schemaText(schema);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  stale++;
  if (check) process.stdout.write(`stale: schema/${file} (run: npx tsx scripts/schema.ts)\n`);
  else {
    writeFileSync(path, text);
    process.stdout.write(`wrote schema/${file}\n`);
  }
}
process.exitCode = check && stale ? 1 : 0;
