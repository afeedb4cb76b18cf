// `runbook lint` on whole folders: the runbook, its scenarios, and what needs both.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintRunbookFolder, parseLocation } from '../../src/authoring/lint-folder';
import { modelineProblems } from '../../src/authoring/schema-modeline';
import { EXIT } from '../../src/commands/exit-codes';
import { lintCommand } from '../../src/commands/lint';
import { packageRoot } from '../../src/runbook/library';
import { formatProblem } from '../../src/runbook/problem';
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

describe('lint: fixes and their verification', () => {
  it('is an error when verify names a step that runs no checks', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace('        verify: available', '        verify: healthy'));
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    expect(await messages(dir)).toEqual([
      `${join(dir, 'runbook.yaml')}:${lineOf(text, 'verify: healthy')}:17: verify names step "healthy", which runs no checks: name the step whose checks show the fix worked`,
    ]);
  });

  it('warns when no path visits the verify step before the conclusion', async () => {
    const { dir, edit } = await fixture();
    // A second check step, reached only from the healthy side: nothing to compare before the fix.
    await edit('runbook.yaml', (t) =>
      t
        .replace('        next: healthy\n', '        next: again\n')
        .replace('        verify: available', '        verify: again')
        .replace('  healthy:\n', '  again:\n    title: Again\n    checks: {again-check: {kubectl: [version]}}\n    branches: [{otherwise: healthy}]\n\n  healthy:\n'),
    );
    await edit('scenarios/healthy.yaml', (t) => t.replace('path: [available, healthy]', 'path: [available, again, healthy]'));
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    expect(await messages(dir)).toEqual([
      `${join(dir, 'runbook.yaml')}:${lineOf(text, 'verify: again')}:17: warning: verify names step "again", which no path visits before this conclusion: the walk cannot compare its result before and after the fix`,
    ]);
  });
});

describe('lint: what scenarios expect', () => {
  it('locates unknown steps, a wrong start, a missing edge and a wrong verdict in expect', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/broken.yaml', (t) => t.replace('  path: [available, not-available]\n  verdict: problem', '  path: [available, not-availble]\n  verdict: problem'));
    await edit('scenarios/healthy.yaml', (t) => t.replace('  path: [available, healthy]\n  verdict: healthy', '  path: [not-available, healthy]\n  verdict: problem'));
    const broken = join(dir, 'scenarios', 'broken.yaml');
    const healthy = join(dir, 'scenarios', 'healthy.yaml');
    const brokenLine = lineOf(await readFile(broken, 'utf8'), 'path:');
    const healthyLine = lineOf(await readFile(healthy, 'utf8'), 'path:');
    expect(await messages(dir)).toEqual([
      `${broken}:${brokenLine}:21: expect.path: unknown step "not-availble" (did you mean "not-available"?)`,
      `${healthy}:${healthyLine}:10: expect.path starts at "not-available", but every walk starts at "available"`,
      `${healthy}:${healthyLine}:25: expect.path goes on after "not-available", a conclusion: the walk ends there`,
      `${healthy}:${healthyLine + 1}:12: expect.verdict is problem, but the path ends at "healthy", whose verdict is healthy`,
    ]);
  });

  it('says a walk that stops at a step that is not a conclusion is inconclusive', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/broken.yaml', (t) => t.replace('  path: [available, not-available]', '  path: [available]'));
    expect(await messages(dir)).toEqual([expect.stringMatching(/broken\.yaml:\d+:12: expect\.path ends at "available", which is not a conclusion: a walk stopped there is inconclusive, not problem$/)]);
  });

  it('reports a scenario param the runbook does not have, at its key', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/broken.yaml', (t) => t.replace('extends: healthy\n', 'extends: healthy\nparams: {deploymnet: web}\n'));
    expect(await messages(dir)).toEqual([`${join(dir, 'scenarios', 'broken.yaml')}:5:10: runbook "demo" has no param "deploymnet" (did you mean "deployment"?)`]);
  });

  it('is an error for a scenario without expect, and inherits expect through extends', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/healthy.yaml', (t) => t.replace(/expect:\n  path: \[available, healthy\]\n  verdict: healthy\n/, ''));
    expect(await messages(dir)).toEqual([expect.stringMatching(/healthy\.yaml:\d+:1: the scenario declares no `expect/)]);
  });
});

describe('lint: the schema line editors read', () => {
  it('warns about a file without it, saying what to write', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace(/^# yaml-language-server: [^\n]*\n/, ''));
    expect(await messages(dir)).toEqual([`${join(dir, 'runbook.yaml')}:1:1: warning: no JSON Schema for editors: make the first line \`# yaml-language-server: $schema=${relative(dir, join(packageRoot(), 'schema'))}/runbook.schema.json\``]);
  });

  it('warns about one naming the wrong schema or a missing file', async () => {
    const { dir, edit } = await fixture();
    await edit('scenarios/healthy.yaml', (t) => t.replace('scenario.schema.json', 'runbook.schema.json'));
    await edit('scenarios/broken.yaml', (t) => t.replace('$schema=../../schema/', '$schema=../schema/'));
    expect(await messages(dir)).toEqual([
      expect.stringMatching(/broken\.yaml:1:33: warning: \$schema names \.\.\/schema\/scenario\.schema\.json, which does not exist: use `# yaml-language-server: \$schema=.*\/scenario\.schema\.json`$/),
      expect.stringMatching(/healthy\.yaml:1:33: warning: \$schema names runbook\.schema\.json, not scenario\.schema\.json/),
    ]);
  });

  it('accepts a URL naming the right schema', () => {
    expect(modelineProblems('/x/runbook.yaml', '# yaml-language-server: $schema=https://example.com/runbook/schema/runbook.schema.json\nid: x\n', 'runbook.schema.json')).toEqual([]);
  });
});

describe('lint: every problem at once', () => {
  it('still checks symptoms against the scenarios when the runbook has semantic errors', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace("  logs:\n    - 'dial tcp", "  logs:\n    - 'no route to host'\n    - 'dial tcp").replace('        next: healthy', '        next: helthy'));
    expect(await messages(dir)).toEqual([
      expect.stringContaining('warning: symptom pattern not exercised by any scenario'),
      expect.stringContaining('unknown step "helthy" (did you mean "healthy"?)'),
      expect.stringContaining('step "healthy" is unreachable from start "available"'),
      expect.stringContaining('expect.path goes from "available" to "healthy", but no branch of "available" leads there'),
    ]);
  });

  it('names the list item a misspelt couldNotRun reason sits in', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace("      - when: {jsonpath:", "      - when: {couldNotRun: {check: deployment, reason: [notfound]}}\n        next: not-available\n      - when: {jsonpath:"));
    const text = await readFile(join(dir, 'runbook.yaml'), 'utf8');
    const line = text.split('\n')[lineOf(text, '[notfound]') - 1]!;
    expect(await messages(dir)).toEqual([
      `${join(dir, 'runbook.yaml')}:${lineOf(text, '[notfound]')}:${line.indexOf('notfound') + 1}: "reason[0]": invalid option: expected one of "forbidden"|"unauthorized"|"not-found"|"timeout"|"unreachable"|"no-such-command"|"conflict"|"invalid"|"error"`,
    ]);
  });

  it('prints JSON for CI and exits 2 on errors', async () => {
    const { dir, edit } = await fixture();
    await edit('runbook.yaml', (t) => t.replace('        next: healthy', '        next: helthy'));
    const io = memoryIo();
    expect(await lintCommand([dir], { json: true }, io)).toBe(EXIT.usage);
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({ checked: 1, errors: 3, warnings: 0 });
    expect(report.problems[0]).toEqual({ file: join(dir, 'runbook.yaml'), line: expect.any(Number), column: 15, severity: 'error', message: 'unknown step "helthy" (did you mean "healthy"?)' });
  });
});
