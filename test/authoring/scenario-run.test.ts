// `runbook test` when a scenario does not walk the way it says: each failure in one line, the
// summary line last, exit 1.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/authoring/scenario-run';
import { EXIT } from '../../src/commands/exit-codes';
import { testCommand } from '../../src/commands/test';
import { loadRunbook } from '../../src/runbook/load';
import { loadScenario } from '../../src/sim/scenario';
import { scaffoldedRunbook } from './fixture';
import { memoryIo } from './io';

let dir: string;
let edit: Awaited<ReturnType<typeof scaffoldedRunbook>>['edit'];
beforeAll(async () => {
  ({ dir, edit } = await scaffoldedRunbook());
  // broken walks available → not-available (problem); it now claims the healthy path and verdict.
  await edit('scenarios/broken.yaml', (t) => t.replace('  path: [available, not-available]\n  verdict: problem', '  path: [available, healthy]\n  verdict: healthy'));
});
afterAll(async () => {
  await rm(dirname(dir), { recursive: true, force: true });
});

describe('runScenario', () => {
  it('reports a wrong expected path and verdict, with what the walk did instead', async () => {
    const loaded = await loadRunbook(dir);
    if (!loaded.ok) throw new Error('the scaffold must load');
    const run = await runScenario(loaded.runbook, await loadScenario(join(dir, 'scenarios', 'broken.yaml')));
    expect(run.ok).toBe(false);
    expect(run.path).toEqual(['available', 'not-available']);
    expect(run.verdict).toBe('problem');
    expect(run.failures).toEqual([
      'path: expected available → healthy, got available → not-available',
      expect.stringMatching(/^verdict: expected healthy, got problem \(Deployment web is not Available: MinimumReplicasUnavailable\./),
    ]);
  });
});

describe('runbook test', () => {
  it('prints each failure under its scenario and ends with the counts', async () => {
    const io = memoryIo();
    expect(await testCommand([dir], { json: false }, io)).toBe(EXIT.problem);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toContain('  ✗ broken  available → not-available (problem)');
    expect(lines).toContain('      path: expected available → healthy, got available → not-available');
    expect(lines).toContain('  ✓ healthy  available → healthy (healthy)');
    expect(lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('counts a scenario that does not load as failed, with its location', async () => {
    await edit('scenarios/healthy.yaml', (t) => t.replace('cluster:\n', 'clutser: {}\ncluster:\n'));
    const io = memoryIo();
    expect(await testCommand([dir], { json: true }, io)).toBe(EXIT.problem);
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({ passed: 0, failed: 2 });
    const healthy = report.runbooks[0].scenarios.find((s: { scenario: string }) => s.scenario === 'healthy');
    expect(healthy.failures[0]).toMatch(/healthy\.yaml:\d+:1: unknown field "clutser"/);
  });
});
