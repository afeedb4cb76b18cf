// Property-based fuzzing of the scenario loader: a mangled scenario is either accepted or
// rejected with a ScenarioError whose every issue points at a real line and column of the file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listRunbookDirs } from '../../src/runbook/library';
import { parseScenario, ScenarioError } from '../../src/sim/scenario';
import { mutate, mutation } from './arbitraries';

const SEED = Number(process.env.FC_SEED ?? 20251123);
const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed: SEED });

const shipped = listRunbookDirs().flatMap((e) =>
  readdirSync(join(e.dir, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ file: join(e.dir, 'scenarios', f), text: readFileSync(join(e.dir, 'scenarios', f), 'utf8') })),
);

function expectLocatedIn(location: string, file: string, text: string, message: string): void {
  const match = /^(.*):(\d+):(\d+)$/.exec(location);
  expect(match, `${location}: ${message}`).not.toBeNull();
  if (!match || match[1] !== file) return; // an issue of the file it extends
  const lines = text.split('\n');
  const line = Number(match[2]);
  const column = Number(match[3]);
  expect(line >= 1 && line <= lines.length, `line ${line} of ${lines.length}: ${message}`).toBe(true);
  expect(column >= 1 && column <= (lines[line - 1]?.length ?? 0) + 2, `column ${column} at line ${line} (${lines[line - 1]?.length} long): ${message}`).toBe(true);
}

describe('the scenario loader', () => {
  it('takes any mangling of a shipped scenario without throwing anything but a located ScenarioError', async () => {
    expect(shipped.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...shipped), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (scenario, edits) => {
        const mangled = mutate(scenario.text, edits);
        try {
          await parseScenario(mangled, scenario.file);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          const issues = (e as ScenarioError).issues;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) {
            expect(issue.message.trim()).not.toBe('');
            expectLocatedIn(issue.location, scenario.file, mangled, issue.message);
          }
        }
      }),
      runs(200),
    );
  });
});
