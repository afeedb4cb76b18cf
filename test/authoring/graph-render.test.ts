import { describe, expect, it } from 'vitest';
import { summarizeCondition } from '../../src/authoring/condition-summary';
import { mermaidGraph, mermaidText, textTree } from '../../src/authoring/graph-render';
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

// Mermaid reads a label between quotes; what would end it, open markup or an entity, or trip its
// comment and style pre-processing must arrive as an entity code (`#quot;`, `#35;`), which Mermaid
// turns back into the character when it renders. Checked by hand against mermaid 11 in Chromium:
// the rendered text equals each title below.
describe('mermaid labels with tricky text', () => {
  const TRICKY = [
    'Quotes "x" & ampersand &amp; #hash; semi; pipe | <b>bold</b>',
    'style:"x" click end graph subgraph',
    '`md` **b** ünï ≠ 🙂 <script>alert(1)</script>',
    'A -- B --> C ==> D -.- E; %% not a comment',
    'x ]) [( {} \\b "q" ; # &#35; %% c',
  ];

  /** What Mermaid's renderer makes of a label: entity codes decoded. */
  const decode = (label: string) =>
    label.replace(/#(\w+);/g, (_all, code: string) => {
      if (/^\d+$/.test(code)) return String.fromCodePoint(Number(code));
      const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };
      if (!(code in named)) throw new Error(`unknown entity #${code};`);
      return named[code]!;
    });

  it.each(TRICKY)('%s: only safe characters between the quotes, and decodes back', (title) => {
    const label = mermaidText(title);
    expect(label).not.toMatch(/["<>&|`:]/);
    expect(label.replace(/#\w+;/g, '')).not.toContain('#');
    expect(decode(label)).toBe(title);
  });

  it('keeps every node and edge line well-formed around such labels', () => {
    const tricky = runbook(`id: demo
title: Tricky
start: a
steps:
  a:
    title: ${JSON.stringify(TRICKY[0])}
    checks: {c: {kubectl: [version]}}
    branches:
      - when: {matches: {value: '{{checks.c.stdout}}', pattern: '^a|b"q"$'}}
        next: b
      - when: {equals: ['{{checks.c.stdout}}', 'x']}
        finding: ${JSON.stringify(TRICKY[4])}
        next: c
      - otherwise: d
  b: {title: ${JSON.stringify(TRICKY[1])}, conclusion: {verdict: problem, rootCause: r}}
  c: {title: ${JSON.stringify(TRICKY[2])}, conclusion: {verdict: healthy, rootCause: r}}
  d: {title: ${JSON.stringify(TRICKY[3])}, conclusion: {verdict: inconclusive, rootCause: r}}
`);
    const lines = mermaidGraph(tricky).trimEnd().split('\n');
    const node = /^  s_\w+(\["[^"]*"\]|\{"[^"]*"\}|\[\/"[^"]*"\/\]|\(\["[^"]*"\]\))(:::\w+)?$/;
    const edge = /^  s_\w+ (-->|-\.->)(\|"[^"]*"\|)? s_\w+$/;
    const style = /^  classDef \w+ [^"]+$/;
    expect(lines[0]).toBe('flowchart TD');
    for (const line of lines.slice(1)) expect(node.test(line) || edge.test(line) || style.test(line), line).toBe(true);
    expect(lines.filter((l) => edge.test(l))).toHaveLength(3);
    expect(lines).toContain('  s_a -->|"c.stdout ~ /^a#124;b#quot;q#quot;$/"| s_b');
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
