// Bundles src/cli.tsx into dist/cli.js. `--if-stale` skips the build when dist is newer than every source file.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'cli.js');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Names this build in the compiled-runbook cache: the sources and the exact dependencies. */
function buildId() {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(join(root, 'src')).sort(), join(root, 'package-lock.json')]) {
    if (existsSync(file)) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * client-node's index re-exports every module and its generated API classes reference every
 * model, so a bundle that imports KubeConfig would load all of them at start-up. Its modules
 * have no import-time side effects (none is imported for effect alone), so they can be dropped
 * when nothing uses their exports: the models load only with the access-review API, on demand.
 */
const clientNodeTreeShaking = {
  name: 'client-node-tree-shaking',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'client-node-tree-shaking' || !/client-node/.test(args.importer + args.path)) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'client-node-tree-shaking' });
      if (resolved.errors.length || !resolved.path.includes(`${join('node_modules', '@kubernetes', 'client-node', 'dist')}`)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

const newestSource = () => Math.max(0, ...sourceFiles(join(root, 'src')).map((f) => statSync(f).mtimeMs));

if (process.argv.includes('--if-stale') && existsSync(out) && statSync(out).mtimeMs >= newestSource()) {
  process.exit(0);
}

// Output of an earlier build: chunk names carry a content hash, so old ones would pile up.
for (const f of existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : []) if (/\.js(\.map)?$/.test(f)) rmSync(join(root, 'dist', f));

await build({
  entryPoints: { cli: join(root, 'src', 'cli.tsx') },
  outdir: join(root, 'dist'),
  // Each command's dynamic import becomes its own chunk: `runbook scan` does not load Ink, React or
  // the simulator's certificate generator before it starts.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies are bundled too: resolving and loading hundreds of files from node_modules
  // (client-node, Ink, React) cost more than a second before the first frame. Native addons
  // `ws` can use, and Ink's devtools (loaded only with DEV=true), stay outside.
  external: ['bufferutil', 'utf-8-validate', 'react-devtools-core'],
  // React's production build: the development one is twice the size and slower to render.
  define: { 'process.env.NODE_ENV': '"production"', __RUNBOOK_BUILD__: JSON.stringify(buildId()) },
  plugins: [clientNodeTreeShaking],
  // Start-up is dominated by parsing the bundle: fewer bytes, less time (the source maps keep
  // RUNBOOK_DEBUG stack traces readable).
  minify: true,
  // CommonJS dependencies call require() for Node's own modules; ESM output has none of its own.
  banner: { js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  jsx: 'automatic',
  logLevel: 'warning',
});
