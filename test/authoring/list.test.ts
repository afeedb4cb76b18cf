// `runbook list`: the runbooks this installation knows, their titles printed terminal-safe.
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCommand } from '../../src/commands/list';
import { scaffoldedRunbook } from './fixture';
import { memoryIo } from './io';

let dir: string;
const saved = process.env.RUNBOOK_PATH;
beforeAll(async () => {
  let edit;
  ({ dir, edit } = await scaffoldedRunbook('hostile-title'));
  await edit('runbook.yaml', (t) => t.replace('title: Deployment {{deployment}} is not available', 'title: "Deployment down \\e]0;owned\\a\\e[2J now"'));
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
