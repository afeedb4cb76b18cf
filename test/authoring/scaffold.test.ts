// `runbook new` must hand an author something green: it lints clean and both scenarios pass.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFiles } from '../../src/authoring/json-schema';
import { idProblem } from '../../src/authoring/scaffold';
import { EXIT } from '../../src/commands/exit-codes';
import { lintCommand } from '../../src/commands/lint';
import { newCommand } from '../../src/commands/new';
import { testCommand } from '../../src/commands/test';
import { memoryIo } from './io';

let base: string;
let folder: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'runbook-new-'));
  folder = join(base, 'my-runbook');
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('runbook new', () => {
  it('scaffolds the folder and says what to run next', async () => {
    const io = memoryIo();
    expect(await newCommand({ id: 'my-runbook', dir: base }, io)).toBe(EXIT.done);
    for (const f of ['runbook.yaml', 'scenarios/healthy.yaml', 'scenarios/broken.yaml']) expect(existsSync(join(folder, f)), f).toBe(true);
    expect(io.out()).toContain('runbook test ');
    expect(io.out()).toContain(`RUNBOOK_PATH=${resolve(base)} runbook run my-runbook`);
  });

  it('lints clean: no errors, no warnings', async () => {
    const io = memoryIo();
    expect(await lintCommand([folder], { json: true }, io)).toBe(EXIT.done);
    expect(JSON.parse(io.out())).toMatchObject({ checked: 1, errors: 0, warnings: 0, problems: [] });
  });

  it('passes `runbook test` with every branch covered', async () => {
    const io = memoryIo();
    expect(await testCommand([folder], { json: false }, io)).toBe(EXIT.done);
    const out = io.out();
    expect(out).toContain('✓ healthy  available → healthy (healthy)');
    expect(out).toContain('✓ broken  available → not-available (problem)');
    expect(out).not.toContain('branches no scenario reaches');
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 passed, 0 failed');
  });

  it('points each file at the shipped JSON Schema, and validates against it', async () => {
    const schemas = Object.fromEntries(schemaFiles().map((s) => [s.file, s.schema]));
    const ajv = new Ajv({ strict: false });
    for (const [file, schemaFile] of [
      ['runbook.yaml', 'runbook.schema.json'],
      ['scenarios/healthy.yaml', 'scenario.schema.json'],
      ['scenarios/broken.yaml', 'scenario.schema.json'],
    ] as const) {
      const text = await readFile(join(folder, file), 'utf8');
      const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
      expect(modeline, file).not.toBeNull();
      const target = resolve(dirname(join(folder, file)), modeline![1]!);
      expect(target.endsWith(join('schema', schemaFile)) && existsSync(target), `${file} → ${target}`).toBe(true);
      const validate = ajv.compile(schemas[schemaFile]!);
      expect(validate(parse(text)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('refuses to overwrite an existing folder', async () => {
    const runbook = join(folder, 'runbook.yaml');
    await writeFile(runbook, 'edited by the author\n');
    const io = memoryIo();
    expect(await newCommand({ id: 'my-runbook', dir: base }, io)).toBe(EXIT.usage);
    expect(io.err()).toContain('already exists; not overwriting it');
    expect(await readFile(runbook, 'utf8')).toBe('edited by the author\n');
  });

  it.each(['My-Runbook', '-leading', 'trailing-', 'has space', 'dots.in.id', '../escape', 'x'.repeat(64)])('rejects the id %j', async (id) => {
    expect(idProblem(id)).toBeDefined();
    const io = memoryIo();
    expect(await newCommand({ id, dir: base }, io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(/^runbook new: /);
  });

  it('accepts ordinary ids', () => {
    for (const id of ['thanos-sidecar-upload-permission', 'oom-1', 'x']) expect(idProblem(id)).toBeUndefined();
  });
});
