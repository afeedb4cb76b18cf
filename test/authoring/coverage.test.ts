import { describe, expect, it } from 'vitest';
import { describeEdge, uncovered } from '../../src/authoring/coverage';
import { parseRunbook } from '../../src/runbook/load';
import type { Runbook } from '../../src/runbook/schema';

function runbook(): Runbook {
  const loaded = parseRunbook(
    'demo/runbook.yaml',
    `id: demo
title: Demo
start: a
steps:
  a:
    title: A
    checks: {x: {kubectl: [version]}}
    branches:
      - {when: {exitCode: {check: x, equals: 0}}, next: b}
      - {when: {couldNotRun: x}, next: ask}
      - otherwise: bad
  ask:
    title: Ask
    ask:
      question: Q?
      because: no check can tell
      options: [{label: 'yes', next: bad}, {label: 'no', next: good}]
  b:
    title: B
    info: look
    next: good
  good: {title: Good, conclusion: {verdict: healthy, rootCause: fine}}
  bad:
    title: Bad
    conclusion: {verdict: problem, rootCause: broken, fix: {summary: fix it, verify: a}}
`,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.runbook;
}

const walk = (...steps: string[]) => steps.map((step, i) => ({ step, next: steps[i + 1] }));

describe('uncovered', () => {
  it('lists every branch, option and next no path takes, never the verify edge', () => {
    expect(uncovered(runbook(), []).map(describeEdge)).toEqual([
      'a → b (branch 1)',
      'a → ask (branch 2)',
      'a → bad (otherwise)',
      'ask → bad (option 1)',
      'ask → good (option 2)',
      'b → good (next)',
    ]);
  });

  it('drops what the scenarios walk', () => {
    expect(uncovered(runbook(), [walk('a', 'b', 'good'), walk('a', 'bad')]).map(describeEdge)).toEqual([
      'a → ask (branch 2)',
      'ask → bad (option 1)',
      'ask → good (option 2)',
    ]);
  });

  it('ignores the last step of a path, which has no next', () => {
    expect(uncovered(runbook(), [[{ step: 'a' }]])).toHaveLength(6);
  });

  it('is empty when every edge is walked', () => {
    expect(uncovered(runbook(), [walk('a', 'b', 'good'), walk('a', 'bad'), walk('a', 'ask', 'bad'), walk('a', 'ask', 'good')])).toEqual([]);
  });

  it('tells apart two branches that lead to the same step by the branch taken', () => {
    const rb = runbook();
    const a = rb.steps.a as Extract<Runbook['steps'][string], { branches: unknown }>;
    // Branch 2 now leads to bad too: walking branch 3 (otherwise) to bad leaves branch 2 uncovered.
    const twoToBad = { ...rb, steps: { ...rb.steps, a: { ...a, branches: [a.branches[0]!, { when: { couldNotRun: 'x' }, next: 'bad' }, a.branches[2]!] } } } as Runbook;
    const walked = [{ step: 'a', next: 'bad', branch: 2 }, { step: 'bad' }];
    expect(uncovered(twoToBad, [walked]).map(describeEdge)).toContain('a → bad (branch 2)');
    expect(uncovered(twoToBad, [walked]).map(describeEdge)).not.toContain('a → bad (otherwise)');
    // Without the branch index (an answered question), any edge to the step counts.
    expect(uncovered(twoToBad, [walk('a', 'bad')]).map(describeEdge)).not.toContain('a → bad (branch 2)');
  });
});
