import { describe, expect, it } from 'vitest';
import { summarizeCondition } from '../../src/authoring/condition-summary';
import { mermaidGraph, textTree } from '../../src/authoring/graph-render';
import { parseRunbook } from '../../src/runbook/load';
import type { Runbook } from '../../src/runbook/schema';

function runbook(text: string): Runbook {
  const loaded = parseRunbook('demo/runbook.yaml', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.runbook;
}

const DEMO = runbook(`id: demo
title: Demo
params: {pod: {}}
start: uids
steps:
  uids:
    title: Same "user" in {{pod}}?
    checks:
      prom: {exec: {pod: '{{pod}}', container: prometheus, command: [id, -u]}}
      side: {exec: {pod: '{{pod}}', container: thanos-sidecar, command: [id, -u]}}
    branches:
      - when: {any: [{couldNotRun: prom}, {exitCode: {check: side, notEqual: 0}}]}
        next: ask
      - when: {notEqual: ['{{checks.prom.stdout}}', '{{checks.side.stdout}}']}
        finding: 'prometheus runs as {{checks.prom.stdout}} <uid>'
        next: end
      - otherwise: fine
  ask:
    title: Do they run as the same user?
    ask:
      question: Same user?
      because: id could not run
      options:
        - {label: 'No', next: end}
        - {label: 'Yes', next: note}
  note:
    title: A note
    info: nothing to check here
    next: fine
  end:
    title: UID mismatch
    conclusion:
      verdict: problem
      rootCause: different users
      fix: {summary: one user, verify: uids}
  fine:
    title: Fine
    conclusion: {verdict: healthy, rootCause: nothing wrong}
`);

describe('textTree', () => {
  it('indents the tree from start, marks kinds and verdicts, and shows revisits as ↺', () => {
    expect(textTree(DEMO)).toBe(
      [
        'uids  Same "user" in {{pod}}?',
        '├─ prom could not run or exit(side) ≠ 0 ─▶ ◇ ask  Do they run as the same user?',
        '│  ├─ No ─▶ ↺ end',
        '│  └─ Yes ─▶ ℹ note  A note',
        '│     └─ ↺ fine',
        '├─ prometheus runs as {{checks.prom.stdout}} <uid> ─▶ ■ end  UID mismatch [problem]',
        '│  └┄ verify ┄▶ ↺ uids',
        '└─ otherwise ─▶ ■ fine  Fine [healthy]',
        '',
      ].join('\n'),
    );
  });

  it('lists steps it cannot reach', () => {
    const rb = { ...DEMO, steps: { ...DEMO.steps, orphan: { title: 'Orphan', info: 'x', next: 'fine' } } } as Runbook;
    expect(textTree(rb)).toMatch(/\nunreachable: orphan\n$/);
  });
});

describe('mermaidGraph', () => {
  const chart = mermaidGraph(DEMO);
  const lines = chart.split('\n');

  it('draws one node per step, shaped by kind, conclusions classed by verdict', () => {
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toContain('  s_uids["Same #quot;user#quot; in {{pod}}?"]');
    expect(lines).toContain('  s_ask{"Do they run as the same user?"}');
    expect(lines).toContain('  s_note[/"A note"/]');
    expect(lines).toContain('  s_end(["UID mismatch"]):::problem');
    expect(lines).toContain('  s_fine(["Fine"]):::healthy');
    expect(lines).toContain('  classDef problem fill:#fde2e1,stroke:#c0392b,color:#000');
  });

  it('labels edges with the finding, else the condition; verify edges are dotted', () => {
    expect(lines).toContain('  s_uids -->|"prom could not run or exit(side) ≠ 0"| s_ask');
    expect(lines).toContain('  s_uids -->|"prometheus runs as {{checks.prom.stdout}} #lt;uid#gt;"| s_end');
    expect(lines).toContain('  s_uids -->|"otherwise"| s_fine');
    expect(lines).toContain('  s_ask -->|"No"| s_end');
    expect(lines).toContain('  s_note --> s_fine');
    expect(lines).toContain('  s_end -.->|"verify"| s_uids');
    expect(lines.filter((l) => l.includes('-->') || l.includes('-.->'))).toHaveLength(7);
  });

  it('keeps ids Mermaid cannot misread (keywords, o/x edge endings)', () => {
    // `end` is a Mermaid keyword and `--> o…` draws a circle edge: every id is prefixed.
    expect(chart).not.toMatch(/--> (end|o|x)/);
  });
});

describe('summarizeCondition', () => {
  it.each([
    [{ all: [{ ran: 'a' }, { any: [{ ran: 'b' }, { ran: 'c' }] }] }, 'a ran and (b ran or c ran)'],
    [{ not: { equals: ['{{checks.x.stdout}}', '0'] } }, 'not x.stdout = "0"'],
    [{ matches: { value: '{{checks.log.stdout}}', pattern: 'denied' } }, 'log.stdout ~ /denied/'],
    [{ jsonpath: { check: 'pod', path: '$.spec.x', exists: false } }, 'pod $.spec.x absent'],
    [{ compare: { value: '{{checks.n.count}}', gte: 3, lt: 10 } }, 'n.count ≥ 3, < 10'],
    [{ semver: { value: '{{checks.v.stdout}}', lt: '0.32.0' } }, 'version v.stdout < 0.32.0'],
    [{ couldNotRun: { check: 'pod', reason: ['not-found', 'forbidden'] } }, 'pod could not run (not-found/forbidden)'],
    [{ exitCode: { check: 'c', in: [1, 2] } }, 'exit(c) in [1, 2]'],
  ])('%j → %s', (condition, text) => {
    expect(summarizeCondition(condition as never)).toBe(text);
  });
});
