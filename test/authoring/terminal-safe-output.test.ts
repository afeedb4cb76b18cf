// What list and graph print of a runbook is terminal-safe: a runbook from RUNBOOK_PATH is anyone's text.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCommand } from '../../src/commands/graph';
import { listCommand } from '../../src/commands/list';
import { scaffoldedRunbook } from './fixture';
import { memoryIo } from './io';

let dir: string;
const saved = process.env.RUNBOOK_PATH;
beforeAll(async () => {
  let edit;
  ({ dir, edit } = await scaffoldedRunbook('hostile-title'));
  await edit('runbook.yaml', (t) =>
    t
      .replace('title: Deployment {{deployment}} is not available', 'title: "Deployment down \\e]0;owned\\a\\e[2J now"')
      .replace('title: Is deployment {{deployment}} Available?', 'title: "Is it up? \\e[31mred\\e[0m"'),
  );
  process.env.RUNBOOK_PATH = dirname(dir);
});
afterAll(async () => {
  process.env.RUNBOOK_PATH = saved;
  await rm(dirname(dir), { recursive: true, force: true });
});

describe('runbook list', () => {
  it('lists a runbook from RUNBOOK_PATH with its title, without the escape sequences in it', async () => {
    const io = memoryIo();
    await listCommand({ json: false }, io);
    const line = io.out().split('\n').find((l) => l.startsWith('hostile-title'));
    expect(line).toMatch(/^hostile-title +Deployment down .*now$/);
    // eslint-disable-next-line no-control-regex
    expect(io.out()).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('runbook graph', () => {
  it('prints the text tree without the escape sequences in a title', async () => {
    const io = memoryIo();
    await graphCommand({ runbook: dir, format: 'text' }, io);
    expect(io.out()).toContain('Is it up? red');
    // eslint-disable-next-line no-control-regex
    expect(io.out()).not.toMatch(/[\u001b\u0007]/);
  });
});
