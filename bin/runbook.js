#!/usr/bin/env node
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('runbook: not built yet; run `npm run build` (or `npm start`, which builds first)\n');
  process.exit(2);
}
// The bundle is minified: RUNBOOK_DEBUG stack traces point into the sources through its maps.
if (process.env.RUNBOOK_DEBUG) process.setSourceMapsEnabled(true);
await import(cli.href);
