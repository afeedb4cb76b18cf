// docs/authoring.md's worked example is real: its files, written out, lint clean and pass
// `runbook test`, and every output the guide shows is what the commands print.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mermaidGraph } from '../../src/authoring/graph-render';
import { EXIT } from '../../src/commands/exit-codes';
import { lintCommand } from '../../src/commands/lint';
import { testCommand } from '../../src/commands/test';
import { loadRunbook } from '../../src/runbook/load';
import { packageRoot } from '../../src/runbook/library';
import { memoryIo } from './io';

const guide = await readFile(join(packageRoot(), 'docs', 'authoring.md'), 'utf8');

/** Fenced blocks with their info string. */
function blocks(markdown: string): { info: string; body: string }[] {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: m[1]!.trim(), body: m[2]! }));
}

const files = blocks(guide).flatMap((b) => {
  const title = /^yaml title="([^"]+)"$/.exec(b.info);
  return title ? [{ path: title[1]!, text: b.body }] : [];
});
const block = (info: string) => {
  const found = blocks(guide).find((b) => b.info === info);
  if (!found) throw new Error(`docs/authoring.md has no \`\`\`${info} block`);
  return found.body;
};

const FOLDER = 'runbooks/compactor-irsa-role';
let root: string;
beforeAll(async () => {
  // The files' schema lines point at ../../schema: the layout of this repository.
  root = await mkdtemp(join(tmpdir(), 'runbook-guide-'));
  await symlink(join(packageRoot(), 'schema'), join(root, 'schema'));
  for (const f of files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.text);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A command's output as the guide shows it: paths relative to the repository. */
async function run(command: typeof lintCommand, path = join(root, FOLDER)): Promise<{ code: number; out: string }> {
  const io = memoryIo();
  const code = await command([path], { json: false }, io);
  return { code, out: io.out().replaceAll(`${root}/`, '') };
}

/** What the guide's console block shows after `$ runbook VERB …`, up to the next prompt. */
function shownOutput(verb: string): string {
  const lines = block('console worked-example').split('\n');
  const from = lines.findIndex((l) => l.startsWith(`$ runbook ${verb} `));
  expect(from, `a "$ runbook ${verb}" line`).toBeGreaterThanOrEqual(0);
  const to = lines.findIndex((l, i) => i > from && l.startsWith('$ '));
  return `${lines.slice(from + 1, to === -1 ? undefined : to).join('\n').trimEnd()}\n`;
}

describe('docs/authoring.md worked example', () => {
  it('is a whole runbook folder', () => {
    expect(files.map((f) => f.path).sort()).toEqual([
      `${FOLDER}/runbook.yaml`,
      `${FOLDER}/scenarios/healthy.yaml`,
      `${FOLDER}/scenarios/no-annotation.yaml`,
      `${FOLDER}/scenarios/pod-predates-annotation.yaml`,
      `${FOLDER}/scenarios/sa-forbidden.yaml`,
    ]);
  });

  it('lints clean, as the guide shows', async () => {
    const { code, out } = await run(lintCommand);
    expect(out).toBe(shownOutput('lint'));
    expect(out).toBe('1 runbook checked: 0 errors, 0 warnings\n');
    expect(code).toBe(EXIT.done);
  });

  it('passes `runbook test`, as the guide shows', async () => {
    const { code, out } = await run(testCommand);
    expect(out).toBe(shownOutput('test'));
    expect(out.trimEnd().split('\n').at(-1)).toBe('4 passed, 0 failed');
    expect(code).toBe(EXIT.done);
  });

  it('draws the Mermaid chart the guide shows', async () => {
    const loaded = await loadRunbook(join(root, FOLDER));
    if (!loaded.ok) throw new Error('the example must load');
    expect(block('mermaid worked-example')).toBe(mermaidGraph(loaded.runbook));
  });

  it('reports the mistakes the guide makes, where the guide says', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'runbook-guide-broken-'));
    try {
      await symlink(join(packageRoot(), 'schema'), join(broken, 'schema'));
      for (const f of files) {
        let text = f.text;
        if (f.path.endsWith('/runbook.yaml')) text = removeOnce(text, '      - otherwise: role-injected\n        finding: pod {{pod}} runs with role {{checks.sa.roleArn}}\n');
        if (f.path.endsWith('/no-annotation.yaml')) text = replaceOnce(text, 'annotate-sa]', 'annotate]');
        await mkdir(dirname(join(broken, f.path)), { recursive: true });
        await writeFile(join(broken, f.path), text);
      }
      const io = memoryIo();
      expect(await lintCommand([join(broken, FOLDER)], { json: false }, io)).toBe(EXIT.usage);
      expect(io.out().replaceAll(`${broken}/`, '')).toBe(block('text lint-after-mistakes'));
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from), `exactly one "${from}"`).toHaveLength(2);
  return text.replace(from, to);
}

function removeOnce(text: string, from: string): string {
  return replaceOnce(text, from, '');
}
