// `npm run bench` (which builds first): runs every benchmark under bench/ and prints one JSON
// document on its last line. Every figure with a target is {"ratio": r, "target": t, ...raw};
// progress goes to stderr. A benchmark that fails is reported under "failed", the others still run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** [name, module, exported function, how its result is merged]. */
const BENCHES = [
  ['first-frame', './first-frame.ts', 'benchFirstFrame'],
  ['walk-vs-kubectl', './walk-vs-kubectl.ts', 'benchWalkVsKubectl'],
  ['big-output', './big-output.ts', 'benchBigOutput'],
  // Written by another engineer: included whenever the module exports its function.
  ['scan', './scan.ts', 'benchScan'],
];

const report = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg().map((l) => Math.round(l * 100) / 100) } };
const failed = {};
for (const [name, file, fn] of BENCHES) {
  if (!existsSync(here(file))) {
    failed[name] = `${file} does not exist`;
    continue;
  }
  const started = Date.now();
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = await import(new URL(file, import.meta.url).href);
    if (typeof mod[fn] !== 'function') {
      failed[name] = `${file} exports no ${fn}()`;
      continue;
    }
    const { bench: _bench, ...result } = await mod[fn]();
    Object.assign(report, name === 'scan' ? result : { [camel(name)]: result });
    process.stderr.write(`bench: ${name} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
  } catch (e) {
    failed[name] = e instanceof Error ? e.message : String(e);
    process.stderr.write(`bench: ${name} failed: ${failed[name]}\n`);
  }
}
if (Object.keys(failed).length) report.failed = failed;
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = Object.keys(failed).length ? 1 : 0;

function camel(name) {
  return name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
}
