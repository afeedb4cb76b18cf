// The compiled-runbook cache: a walk may read a runbook from it only when this build validated
// exactly that file's text before; anything else is a miss, and a miss costs time, never a walk.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, symlinkSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompiledRunbooks, cacheDir } from '../../src/runbook/compiled-cache';
import { builtinRunbooksDir, listRunbookDirs, readRunbook, RUNBOOK_FILE } from '../../src/runbook/library';
import { loadRunbook } from '../../src/runbook/load';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'runbook-compiled-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const RUNBOOK = `id: tiny
title: Tiny
start: look
steps:
  look:
    title: Look
    checks:
      pod: {get: {kind: Pod, name: x}}
    branches:
      - {when: {ran: pod}, next: done}
      - {otherwise: done}
  done:
    title: Done
    conclusion: {verdict: healthy, rootCause: fine}
`;

function tinyFolder(text = RUNBOOK): string {
  const dir = join(home, 'runbooks', 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUNBOOK_FILE), text);
  return dir;
}

describe('the compiled-runbook cache', () => {
  it('holds every shipped runbook exactly: the JSON round trip loses nothing a walk reads', async () => {
    for (const entry of listRunbookDirs([builtinRunbooksDir()])) {
      const loaded = await loadRunbook(entry.dir);
      expect(loaded.ok, entry.id).toBe(true);
      if (!loaded.ok) continue;
      expect(JSON.parse(JSON.stringify(loaded.runbook)), entry.id).toStrictEqual(loaded.runbook);
    }
  });

  it('answers only for the same build, path and text', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder();
    const file = join(dir, RUNBOOK_FILE);
    const first = await readRunbook(dir, cache);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(cache.read(file, RUNBOOK)).toStrictEqual(first.runbook);
    expect(cache.read(file, `${RUNBOOK}# edited\n`)).toBeUndefined();
    expect(cache.read(join(home, 'elsewhere', RUNBOOK_FILE), RUNBOOK)).toBeUndefined();
    expect(new CompiledRunbooks(cache.dir, 'build-2').read(file, RUNBOOK)).toBeUndefined();
  });

  it('is what a walk reads once filled: a planted entry for the same text is taken as is', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder();
    const loaded = await readRunbook(dir, cache);
    if (!loaded.ok) throw new Error('tiny runbook does not load');
    cache.write(loaded.file, RUNBOOK, { ...loaded.runbook, title: 'from the cache' });
    const again = await readRunbook(dir, cache);
    expect(again.ok && again.runbook.title).toBe('from the cache');
  });

  it('never holds an invalid runbook: its problems are reported, located, on every read', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder(RUNBOOK.replace('next: done', 'next: nowhere'));
    for (let i = 0; i < 2; i++) {
      const loaded = await readRunbook(dir, cache);
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ file: join(dir, RUNBOOK_FILE), line: expect.any(Number), column: expect.any(Number) });
    }
    expect(existsSync(cache.dir) ? readdirSync(cache.dir) : []).toEqual([]);
  });

  it('treats a torn or foreign entry as a miss and reads the runbook itself', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder();
    await readRunbook(dir, cache);
    const [entry] = readdirSync(cache.dir);
    for (const junk of ['{"id": "tiny", "ste', '[1, 2]', '{"id": 7, "steps": {}}']) {
      writeFileSync(join(cache.dir, entry!), junk);
      expect(cache.read(join(dir, RUNBOOK_FILE), RUNBOOK)).toBeUndefined();
      const loaded = await readRunbook(dir, cache);
      expect(loaded.ok && loaded.runbook.title).toBe('Tiny');
    }
  });

  it('ignores an entry others can write: a runbook decides which commands run', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder();
    await readRunbook(dir, cache);
    const [entry] = readdirSync(cache.dir);
    expect(cache.read(join(dir, RUNBOOK_FILE), RUNBOOK)).toBeDefined();
    chmodSync(join(cache.dir, entry!), 0o666);
    expect(cache.read(join(dir, RUNBOOK_FILE), RUNBOOK)).toBeUndefined();
  });

  it('ignores an entry under another entry\'s name, through a link, or in a folder others can write', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const dir = tinyFolder();
    const file = join(dir, RUNBOOK_FILE);
    cache.write(file, `${RUNBOOK}# other\n`, { id: 'other', steps: {} } as never);
    const [other] = readdirSync(cache.dir);
    await readRunbook(dir, cache);
    const own = readdirSync(cache.dir).find((f) => f !== other)!;
    expect(cache.read(file, RUNBOOK)).toBeDefined();

    // Another entry renamed to this key: it says which key it was written for.
    copyFileSync(join(cache.dir, other!), join(cache.dir, own));
    expect(cache.read(file, RUNBOOK)).toBeUndefined();

    // A link in place of the entry, even to a good one.
    rmSync(join(cache.dir, own));
    await readRunbook(dir, cache);
    renameSync(join(cache.dir, own), join(home, 'elsewhere.json'));
    symlinkSync(join(home, 'elsewhere.json'), join(cache.dir, own));
    expect(cache.read(file, RUNBOOK)).toBeUndefined();

    // A folder others can write: neither read nor written.
    rmSync(join(cache.dir, own));
    renameSync(join(home, 'elsewhere.json'), join(cache.dir, own));
    expect(cache.read(file, RUNBOOK)).toBeDefined();
    chmodSync(cache.dir, 0o777);
    expect(cache.read(file, RUNBOOK)).toBeUndefined();
    rmSync(join(cache.dir, own));
    await readRunbook(dir, cache);
    expect(existsSync(join(cache.dir, own))).toBe(false);
  });

  it('does not hold a runbook JSON would change (.inf, .nan in a value)', async () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const text = RUNBOOK.replace('{when: {ran: pod}, next: done}', "{when: {jsonpath: {check: pod, path: '$.x', equals: .inf}}, next: done}");
    const dir = tinyFolder(text);
    const loaded = await readRunbook(dir, cache);
    expect(loaded.ok).toBe(true);
    expect(cache.read(join(dir, RUNBOOK_FILE), text)).toBeUndefined();
  });

  it('caches nothing without a build id (run from source) and survives a cache it cannot write', async () => {
    const dir = tinyFolder();
    const unbuilt = new CompiledRunbooks(join(home, 'cache'), undefined);
    expect((await readRunbook(dir, unbuilt)).ok).toBe(true);
    expect(existsSync(unbuilt.dir)).toBe(false);

    // A file where the cache's folder should be: mkdir fails even for root.
    writeFileSync(join(home, 'blocked'), '');
    const blocked = new CompiledRunbooks(join(home, 'blocked', 'compiled'), 'build-1');
    expect((await readRunbook(dir, blocked)).ok).toBe(true);
    expect(blocked.read(join(dir, RUNBOOK_FILE), RUNBOOK)).toBeUndefined();
  });

  it('keeps its newest entries and drops the oldest', () => {
    const cache = new CompiledRunbooks(join(home, 'cache'), 'build-1');
    const file = join(tinyFolder(), RUNBOOK_FILE);
    const runbook = { id: 'tiny', steps: {} } as never;
    for (let i = 0; i < 205; i++) cache.write(file, `${RUNBOOK}# ${i}\n`, runbook);
    expect(readdirSync(cache.dir).filter((f) => f.endsWith('.json'))).toHaveLength(200);
    expect(readdirSync(cache.dir).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(cache.read(file, `${RUNBOOK}# 204\n`)).toBeDefined();
  });

  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/runbook/compiled');
    expect(cacheDir({ XDG_CACHE_HOME: 'relative' })).toMatch(/\.cache\/runbook\/compiled$/);
  });
});
