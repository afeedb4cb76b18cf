// `runbook lint` on whole folders: the runbook, its scenarios, and what needs both.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintRunbookFolder, parseLocation } from '../../src/authoring/lint-folder';
import { EXIT } from '../../src/commands/exit-codes';
import { lintCommand } from '../../src/commands/lint';
import { formatProblem } from '../../src/runbook/source';
import { lineOf, scaffoldedRunbook } from './fixture';
import { memoryIo } from './io';

const made: string[] = [];
async function fixture() {
  const f = await scaffoldedRunbook();
  made.push(dirname(f.dir));
  return f;
}
afterEach(async () => {
  for (const d of made.splice(0)) await rm(d, { recursive: true, force: true });
});

const messages = async (dir: string) => (await lintRunbookFolder(dir)).map(formatProblem);

describe('lint: dead ends', () => {
  it('is an error when a check step has no otherwise: the walk would end without a conclusion', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) =>
      t.replace(/      - otherwise: not-available\n        finding: [^\n]*\n/, "      - when: {ran: deployment}\n        next: not-available\n"),
    );
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    const problems = await messages(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`runbook.yaml:${lineOf(text, '    branches:') + 1}:7: dead end: no "otherwise" branch`));
    const io = memoryIo();
    expect(await lintCommand([dir], { json: false }, io)).toBe(EXIT.usage);
    expect(io.out()).toContain('1 runbook checked: 1 error, 0 warnings');
  });
});

describe('lint: symptoms no scenario exercises', () => {
  it('warns at the regex that matches no scenario log line', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace("  logs:\n    - 'dial tcp", "  logs:\n    - 'no route to host'\n    - 'dial tcp"));
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    expect(await messages(dir)).toEqual([
      `${join(dir, 'runbook.yaml')}:${lineOf(text, "- 'no route to host'")}:7: warning: symptom pattern not exercised by any scenario: no line of the logs of scenarios broken, healthy matches it`,
    ]);
  });

  it('does not count a line that a notLogs pattern sets aside', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace('  notLogs: []', "  notLogs:\n    - 'database: dial tcp'"));
    expect(await messages(dir)).toEqual([expect.stringContaining('warning: symptom pattern not exercised by any scenario: the only scenario log lines it matches also match a notLogs pattern')]);
  });

  it('matches case-insensitively, like the symptom matcher', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace("'dial tcp \\S+: connect: connection refused'", "'CONNECTION REFUSED'"));
    expect(await messages(dir)).toEqual([]);
  });
});

describe('lint: scenarios', () => {
  it('reports a broken scenario file with its location, alongside the runbook problems', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/broken.yaml', (t) => t.replace('extends: healthy', 'extends: healthy\nexpected: {}'));
    await edit('runbook.yaml', (t) => t.replace('default: web', 'default: web\n    defualt: x'));
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    expect(await messages(dir)).toEqual([
      `${join(dir, 'runbook.yaml')}:${lineOf(text, 'defualt')}:5: unknown key "defualt" in params.deployment`,
      `${join(dir, 'scenarios', 'broken.yaml')}:5:1: unknown field "expected"`,
    ]);
  });

  it('warns when a runbook has no scenarios', async () => {
    const { dir } = await fixture();
    await rm(join(dir, 'scenarios'), { recursive: true });
    const problems = await messages(dir);
    expect(problems[0]).toContain('warning: no scenarios in');
    expect(problems[1]).toContain('symptom pattern not exercised by any scenario: there are no scenarios');
  });

  it('reports a missing path as an error', async () => {
    const io = memoryIo();
    expect(await lintCommand(['/nonexistent/runbook-folder'], { json: true }, io)).toBe(EXIT.usage);
    expect(JSON.parse(io.out()).problems[0]).toMatchObject({ file: '/nonexistent/runbook-folder', severity: 'error', message: 'no such file or folder' });
  });

  it('parses scenario locations, colons in file names included', () => {
    expect(parseLocation('/a:b/c.yaml:12:3')).toEqual({ file: '/a:b/c.yaml', line: 12, column: 3 });
    expect(parseLocation('weird')).toEqual({ file: 'weird', line: 1, column: 1 });
  });
});
