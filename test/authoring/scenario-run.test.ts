// `runbook test` when a scenario does not walk the way it says: each failure in one line, the
// summary line last, exit 1.
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/authoring/scenario-run';
import { EXIT } from '../../src/commands/exit-codes';
import { lintCommand } from '../../src/commands/lint';
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

describe('expect.afterFix', () => {
  let fixable: string;
  let editFixable: typeof edit;
  beforeAll(async () => {
    ({ dir: fixable, edit: editFixable } = await scaffoldedRunbook('fixable'));
  });
  afterAll(async () => {
    await rm(dirname(fixable), { recursive: true, force: true });
  });

  const runFixed = async (afterFix: string) => {
    await writeFile(join(fixable, 'scenarios', 'fixed.yaml'), `description: broken, then fixed by hand\nextends: broken\nexpect:\n  path: [available, not-available]\n  verdict: problem\n  afterFix: ${afterFix}\n`);
    const loaded = await loadRunbook(fixable);
    if (!loaded.ok) throw new Error('the scaffold must load');
    return runScenario(loaded.runbook, await loadScenario(join(fixable, 'scenarios', 'fixed.yaml')));
  };

  it('walks on against the cluster the operator left, from the fix\'s verify step', async () => {
    const run = await runFixed('{by: hand, cluster: healthy, path: [available, healthy], verdict: healthy, verified: true}');
    expect(run.failures).toEqual([]);
    expect(run.path).toEqual(['available', 'not-available', 'available', 'healthy']);
  });

  it('says what the walk did instead after the fix', async () => {
    const run = await runFixed('{by: hand, cluster: broken, path: [available, healthy], verdict: healthy, verified: true}');
    expect(run.ok).toBe(false);
    expect(run.failures).toEqual([
      'after the fix, path: expected available → healthy, got available → not-available',
      expect.stringMatching(/^after the fix, verdict: expected healthy, got problem/),
      'after the fix, verified: expected true, got false',
    ]);
  });

  it('lint: a fix printed for a person cannot be applied, and the cluster after it must exist', async () => {
    await writeFile(join(fixable, 'scenarios', 'fixed.yaml'), `description: x\nextends: broken\nexpect:\n  path: [available, not-available]\n  verdict: problem\n  afterFix: {by: apply, path: [healthy], verdict: healthy, verified: true}\n`);
    const io = memoryIo();
    await lintCommand([fixable], { json: false }, io);
    expect(io.out()).toContain('expect.afterFix: the fix of "not-available" is printed for a person (no patch): make it by: hand, with the cluster after it');
    expect(io.out()).toContain('expect.afterFix.path starts at "healthy", but the fix is verified by "available"');
    await editFixable('scenarios/fixed.yaml', (t) => t.replace('{by: apply,', '{by: hand, cluster: nowhere,'));
    const again = memoryIo();
    await lintCommand([fixable], { json: false }, again);
    expect(again.out()).toMatch(/fixed\.yaml:\d+:\d+: expect\.afterFix\.cluster: no scenario "nowhere" beside this file/);
    await editFixable('scenarios/fixed.yaml', (t) => t.replace('verified: true}', 'verified: true, answers: {available: 1}}'));
    const answered = memoryIo();
    await lintCommand([fixable], { json: false }, answered);
    expect(answered.out()).toContain('expect.afterFix.answers: "available" is not a question of runbook "fixable"');
    await editFixable('scenarios/fixed.yaml', (t) => t.replace(/afterFix: .*/, 'afterFix: {by: hand, cluster: healthy, path: [available, not-available, available], verdict: problem, verified: false}'));
    const beyond = memoryIo();
    await lintCommand([fixable], { json: false }, beyond);
    expect(beyond.out()).toContain('expect.afterFix.path goes on after "not-available", a conclusion: the walk ends there');
    expect(beyond.out()).toContain('expect.afterFix.path ends at "available", which is not a conclusion: a walk stopped there is inconclusive, not problem');
  });
});
