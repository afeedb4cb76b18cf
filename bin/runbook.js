#!/usr/bin/env node
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('runbook: not built yet; run `npm run build` (or `npm start`, which builds first)\n');
  process.exit(2);
}
await import(cli.href);
