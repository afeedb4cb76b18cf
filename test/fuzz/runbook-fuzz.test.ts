// Property-based fuzzing of the runbook loader, templates and conditions: no input throws out of
// them, every rejection is located inside the text, and a runbook the loader accepts never
// fails while it is evaluated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startWalk, submitResults } from '../../src/engine/walk';
import { listRunbookDirs } from '../../src/runbook/library';
import { parseRunbook } from '../../src/runbook/load';
import type { Problem } from '../../src/runbook/problem';
import { parseTemplate, render, TemplateError, UnresolvedError } from '../../src/runbook/template';
import { checkResult, condition, mutate, mutation, templateText } from './arbitraries';

const SEED = Number(process.env.FC_SEED ?? 20251123);
const runs = (n: number) => ({ numRuns: Number(process.env.FC_RUNS ?? n), seed: SEED });
const NOW = '2025-01-01T00:00:00.000Z';

/** A problem points at a real place in `text`, in `file`, and says something. */
function expectLocated(p: Problem, file: string, text: string): void {
  const lines = text.split('\n');
  expect(p.file).toBe(file);
  expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines.length + 1, `line ${p.line} of ${lines.length}: ${p.message}`).toBe(true);
  expect(Number.isInteger(p.column) && p.column >= 1 && p.column <= (lines[p.line - 1]?.length ?? 0) + 2, `column ${p.column} at line ${p.line}: ${p.message}`).toBe(true);
  expect(p.message.trim()).not.toBe('');
}

describe('the runbook loader', () => {
  const shipped = listRunbookDirs().map((e) => ({ id: e.id, text: readFileSync(join(e.dir, 'runbook.yaml'), 'utf8') }));

  it('takes any text without throwing, and locates every rejection', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        const loaded = parseRunbook('fuzz/runbook.yaml', text);
        if (loaded.ok) return;
        expect(loaded.problems.length).toBeGreaterThan(0);
        for (const p of loaded.problems) expectLocated(p, 'fuzz/runbook.yaml', text);
      }),
      runs(300),
    );
  });

  it('takes any mangling of a shipped runbook without throwing, and locates every rejection', () => {
    expect(shipped.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.constantFrom(...shipped.map((r) => r.id)), fc.array(mutation, { minLength: 1, maxLength: 4 }), (id, edits) => {
        const text = shipped.find((r) => r.id === id)!.text;
        const mangled = mutate(text, edits);
        const file = `runbooks/${id}/runbook.yaml`;
        const loaded = parseRunbook(file, mangled);
        const problems = loaded.ok ? loaded.warnings : loaded.problems;
        if (!loaded.ok) expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expectLocated(p, file, mangled);
      }),
      runs(150),
    );
  });
});

describe('templates', () => {
  it('parse any text or reject it with a TemplateError pointing inside it', () => {
    fc.assert(
      fc.property(fc.oneof(templateText, fc.string()), (text) => {
        try {
          parseTemplate(text);
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateError);
          const offset = (e as TemplateError).offset;
          expect(offset >= 0 && offset < text.length, `offset ${offset} in ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      runs(500),
    );
  });

  it('render only TemplateError or UnresolvedError, whatever the text', () => {
    fc.assert(
      fc.property(templateText, fc.dictionary(fc.constantFrom('pod', 'namespace', 'checks.a.stdout'), fc.string()), (text, values) => {
        try {
          render(text, (ref) => values[ref.kind === 'param' ? ref.name : `checks.${ref.check}.${ref.field}`]);
        } catch (e) {
          expect(e instanceof TemplateError || e instanceof UnresolvedError, String(e)).toBe(true);
        }
      }),
      runs(500),
    );
  });

  it('insert values verbatim: a value that looks like a placeholder or shell is never expanded', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), templateText, fc.constantFrom('{{checks.a.stdout}}', '$(rm -rf /)', '`id`', '\\{{pod}}')), fc.string(), fc.string(), (value, before, after) => {
        fc.pre(!before.includes('{{') && !after.includes('{{') && !before.includes('}}') && !after.includes('}}') && !`${before}${after}`.includes('\\'));
        expect(render(`${before}{{pod}}${after}`, () => value)).toBe(`${before}${value}${after}`);
      }),
      runs(300),
    );
  });
});

/** A small runbook whose one branch tests `when`, on checks a (exec, with a capture) and b (get). */
function runbookWith(when: unknown): string {
  return stringify({
    id: 'fuzz',
    title: 'Fuzz',
    params: { pod: { default: 'p-0' } },
    start: 'look',
    steps: {
      look: {
        title: 'Look at {{pod}}',
        checks: {
          a: { exec: { pod: '{{pod}}', container: 'c', command: ['id', '-u'] }, capture: { ver: { regex: '(\\d+)' } } },
          b: { get: { kind: 'Pod', name: '{{pod}}' } },
        },
        branches: [{ when, finding: 'found {{checks.a.stdout}}', next: 'bad' }, { otherwise: 'fine' }],
      },
      bad: { title: 'Bad', conclusion: { verdict: 'problem', rootCause: 'bad: {{checks.a.ver}}' } },
      fine: { title: 'Fine', conclusion: { verdict: 'healthy', rootCause: 'fine' } },
    },
  });
}

describe('conditions', () => {
  it('any condition is either rejected with a location, or evaluates on any evidence without throwing', () => {
    fc.assert(
      fc.property(condition, checkResult, checkResult, (when, a, b) => {
        const text = runbookWith(when);
        const loaded = parseRunbook('fuzz/runbook.yaml', text);
        if (!loaded.ok) {
          for (const p of loaded.problems) expectLocated(p, 'fuzz/runbook.yaml', text);
          return;
        }
        const state = startWalk(loaded.runbook, { pod: 'p-0', namespace: 'ns', context: 'ctx' }, NOW);
        expect(state.phase.kind).toBe('checking');
        const next = submitResults(state, { a, b }, NOW);
        expect(['concluded', 'asking']).toContain(next.phase.kind);
      }),
      runs(400),
    );
  });
});
