import { describe, expect, it } from 'vitest';
import { formatProblem } from './problem';
import { parseRunbook } from './load';

const valid = `id: demo
title: Demo
params:
  pod: {default: p-0}
start: uids
steps:
  uids:
    title: Same user?
    checks:
      prom: {exec: {pod: '{{pod}}', container: prometheus, command: [id, -u]}}
      side: {exec: {pod: '{{params.pod}}', container: thanos-sidecar, command: [id, -u]}}
    branches:
      - when: {notEqual: ['{{checks.prom.stdout}}', '{{checks.side.stdout}}']}
        finding: 'prometheus runs as {{checks.prom.stdout}}, sidecar as {{checks.side.stdout}}'
        next: mismatch
      - otherwise: fine
  mismatch:
    title: UID mismatch
    conclusion:
      verdict: problem
      rootCause: different users
      fix: {summary: one user, verify: uids}
  fine:
    title: Fine
    conclusion: {verdict: healthy, rootCause: nothing wrong}
`;

function problemsOf(text: string): string[] {
  const loaded = parseRunbook('demo/runbook.yaml', text);
  return loaded.ok ? loaded.warnings.map(formatProblem) : loaded.problems.map(formatProblem);
}

describe('parseRunbook', () => {
  it('accepts a valid runbook and types it', () => {
    const loaded = parseRunbook('demo/runbook.yaml', valid);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.runbook.start).toBe('uids');
    expect(loaded.runbook.version).toBe(1);
    expect(loaded.warnings).toEqual([]);
  });

  it('locates a typo in a step reference, with a suggestion', () => {
    const text = valid.replace('next: mismatch', 'next: mismatchh');
    expect(problemsOf(text)).toContain('demo/runbook.yaml:15:15: unknown step "mismatchh" (did you mean "mismatch"?)');
  });

  it('reports a missing start', () => {
    expect(problemsOf(valid.replace('start: uids\n', ''))).toEqual(['demo/runbook.yaml:1:1: missing "start"']);
  });

  it('reports unreachable steps at their key', () => {
    const text = `${valid}  orphan:\n    title: Orphan\n    conclusion: {verdict: healthy, rootCause: x}\n`;
    expect(problemsOf(text)).toContain('demo/runbook.yaml:26:3: step "orphan" is unreachable from start "uids"');
  });

  it('reports a loop without a verify edge', () => {
    const text = valid.replace('- otherwise: fine', '- otherwise: uids');
    expect(problemsOf(text).some((p) => p.includes('loop without a fix/verify edge: uids → uids'))).toBe(true);
  });

  it('allows the loop a fix verification makes', () => {
    expect(parseRunbook('demo/runbook.yaml', valid).ok).toBe(true);
  });

  it('reports a regex that does not compile', () => {
    const text = valid.replace("- when: {notEqual: ['{{checks.prom.stdout}}', '{{checks.side.stdout}}']}", "- when: {matches: {value: '{{checks.prom.stdout}}', pattern: '(['}}");
    expect(problemsOf(text).join('\n')).toMatch(/demo\/runbook\.yaml:13:68: regex does not compile/);
  });

  it('reports an unknown check kind', () => {
    const text = valid.replace("prom: {exec: {pod: '{{pod}}'", "prom: {exe: {pod: '{{pod}}'");
    expect(problemsOf(text).join('\n')).toMatch(/demo\/runbook\.yaml:10:13: unknown check kind "exe": expected one of get, list, logs, exec, kubectl, host/);
  });

  it('reports a template naming an unknown check at the placeholder', () => {
    const text = valid.replace("'{{checks.side.stdout}}']", "'{{checks.sidecar.stdout}}']");
    expect(problemsOf(text)).toContain('demo/runbook.yaml:13:54: unknown check "sidecar" (did you mean "side"?)');
  });

  it('reports unknown params and fields', () => {
    const text = valid.replace("sidecar as {{checks.side.stdout}}", "sidecar as {{checks.side.stdot}} in {{pods}}");
    const problems = problemsOf(text).join('\n');
    expect(problems).toMatch(/check "side" has no field "stdot"/);
    expect(problems).toMatch(/unknown param "pods" \(did you mean "pod"\?\)/);
  });

  it('reports a check using a result of its own step', () => {
    const text = valid.replace("command: [id, -u]}}\n      side", "command: [id, '{{checks.side.stdout}}']}}\n      side");
    expect(problemsOf(text).join('\n')).toMatch(/check "side" runs in the same step/);
  });

  it('warns where text uses a check that some paths to it skip («?» on those walks)', () => {
    // "fine" is reached from uids directly and through "why", so it may show a value of "why"'s check only on one of them.
    const text = valid
      .replace('      - otherwise: fine\n', "      - when: {equals: ['{{checks.prom.stdout}}', '0']}\n        next: why\n      - otherwise: fine\n")
      .replace("    conclusion: {verdict: healthy, rootCause: nothing wrong}", "    conclusion: {verdict: healthy, rootCause: 'root is {{checks.root.stdout}}'}\n  why:\n    title: Why root?\n    checks:\n      root: {exec: {pod: '{{pod}}', command: [id]}}\n    branches:\n      - {when: {ran: root}, next: fine}\n      - {otherwise: fine}");
    const problems = problemsOf(text);
    expect(problems).toEqual([expect.stringMatching(/^demo\/runbook\.yaml:27:56: warning: check "root" runs in step "why", which some paths to step "fine" skip: there this shows «\?»/)]);
    // A condition may ask about it: `ran` and `couldNotRun` exist for exactly that.
    expect(problemsOf(text.replace("rootCause: 'root is {{checks.root.stdout}}'", 'rootCause: nothing wrong'))).toEqual([]);
  });

  it('reports unknown keys at the key', () => {
    expect(problemsOf(valid.replace('title: Demo', 'title: Demo\ntitel: x'))).toContain('demo/runbook.yaml:3:1: unknown key "titel"');
  });

  it('reports YAML syntax errors with a position', () => {
    expect(problemsOf('id: [unclosed\n')[0]).toMatch(/^demo\/runbook\.yaml:\d+:\d+: /);
  });

  it('warns about a fix without verification', () => {
    const text = valid.replace('fix: {summary: one user, verify: uids}', 'fix: {summary: one user}');
    expect(problemsOf(text)).toContain('demo/runbook.yaml:22:12: warning: this fix names no verification step ("verify")');
  });

  it('requires the id to match the folder', () => {
    const loaded = parseRunbook('other/runbook.yaml', valid);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems.map(formatProblem)).toContain('other/runbook.yaml:1:5: id "demo" differs from its folder "other"');
  });
});
