// The postmortem of a full demo walk (the classic UID mismatch, the fix applied and verified,
// the second problem it uncovers), written by `runbook report -o`, read section by section.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTIONS } from '../../src/session/postmortem';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook.js');
const RUNBOOK = 'thanos-sidecar-upload-permission';
let home: string;
let doc: { session: string; journal: string; path: string[] };
let markdown: string;
let sections: Map<string, string>;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'runbook-pm-'));
  const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), KUBECONFIG: '', CI: 'true', RUNBOOK_PATH: '' };
  const demo = await execa('node', [bin, 'demo', `${RUNBOOK}/broken`, '--apply', '--json'], { env, reject: false });
  expect(demo.exitCode, demo.stderr).toBe(1);
  doc = JSON.parse(demo.stdout);
  const out = join(home, 'pm.md');
  const report = await execa('node', [bin, 'report', doc.session, '-o', out], { env });
  expect(report.stdout.trim()).toBe(`postmortem: ${out}`);
  markdown = readFileSync(out, 'utf8');
  sections = new Map(markdown.split(/^## /m).slice(1).map((chunk) => [chunk.slice(0, chunk.indexOf('\n')), chunk.slice(chunk.indexOf('\n') + 1).replace(/^\n/, '')]));
}, 120_000);

afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const section = (name: string) => {
  const body = sections.get(name);
  expect(body, `section ${name}`).toBeDefined();
  return body!;
};

describe('postmortem of a full demo walk', () => {
  it('has the SRE template sections, in order, under a titled draft header', () => {
    expect([...sections.keys()]).toEqual([...SECTIONS]);
    expect(markdown).toMatch(/^# Postmortem: Thanos sidecar cannot upload blocks/);
    expect(markdown).toContain(`**Status:** draft, written by \`runbook\` from session \`${doc.session}\``);
    expect(markdown).toMatch(/\*\*Authors:\*\* _/);
  });

  it('summary: the verdict, what the walk did, and a prompt', () => {
    expect(section('Summary')).toMatch(/\*\*Verdict: problem\.\*\* Both containers run as UID 1000.*The fix was applied and verified\./s);
    expect(section('Summary')).toMatch(/_Add one or two sentences/);
  });

  it('impact, trigger, detection: prompts, with what the walk knows', () => {
    expect(section('Impact')).toMatch(/^_What did users/);
    expect(section('Impact')).toContain('hard link block');
    expect(section('Trigger')).toMatch(/^_What change or event set this off/);
    expect(section('Detection')).toMatch(/The walk started at \d{4}-\d\d-\d\dT.* against context `sim-broken`/);
    expect(section('Detection')).toMatch(/_How was the problem noticed/);
  });

  it('root cause: the fixed problem, then what its verification found', () => {
    const root = section('Root cause');
    expect(root).toMatch(/\*\*Fixed during the walk:\*\* Prometheus k8s gives thanos-sidecar its own runAsUser \(1001\)/);
    expect(root).toMatch(/Verifying that fix the walk found:\s+Both containers run as UID 1000/);
    expect(root.indexOf('Fixed during the walk')).toBeLessThan(root.indexOf('Both containers run as UID 1000'));
  });

  it('resolution: the applied patch, its undo, the rollout and the verification; the next fix printed', () => {
    const res = section('Resolution');
    expect(res).toMatch(/Applied at .* \(from `fix-cr-override`\):\s+```sh\nkubectl patch prometheus\.monitoring\.coreos\.com k8s -n monitoring --type=json/);
    expect(res).toMatch(/To undo:\s+```sh\nkubectl patch prometheus\.monitoring\.coreos\.com k8s/);
    expect(res).toMatch(/Rollout: done/);
    expect(res).toMatch(/Verified at .*: step `uids` no longer finds the problem\./);
    expect(res).toMatch(/\*\*Give thanos\/ and thanos\.shipper\.json back to 1000:2000.*\*\* \(printed, not applied\)/);
  });

  it('action items: a table with the runbook follow-ups and the unapplied fix', () => {
    const items = section('Action items');
    expect(items).toMatch(/^\| Action item \| Type \| Owner \| Tracking \|\n\|---\|---\|---\|---\|/);
    expect(items).toMatch(/\| Apply the fix: Give thanos\/ and thanos\.shipper\.json back/);
    expect(items).toMatch(/\| _Add what prevents a recurrence/);
  });

  it('lessons learned: went well / went wrong / lucky', () => {
    const lessons = section('Lessons learned');
    expect(lessons).toMatch(/### What went well\s+- The runbook reached a problem verdict after 8 steps and \d+ checks/);
    expect(lessons).toContain('### What went wrong');
    expect(lessons).toContain('### Where we got lucky');
  });

  it('timeline: every step, check, finding, the fix and its verification, in order', () => {
    const lines = section('Timeline').split('\n').filter((l) => l.startsWith('- '));
    const times = lines.map((l) => l.slice(2, 26));
    expect(times).toEqual([...times].sort());
    const text = lines.join('\n');
    for (const step of doc.path) expect(text).toContain(`entered \`${step}\``);
    expect(text).toMatch(/check `prom-uid` \(`kubectl exec -n monitoring prometheus-k8s-0 -c prometheus -- id -u`\): exit 0, \d+ ms/);
    expect(text).toMatch(/fix applied: `kubectl patch/);
    expect(text).toMatch(/rollout done/);
    expect(text).toMatch(/fix verified at `uids`/);
    expect(text.indexOf('fix applied')).toBeLessThan(text.indexOf('fix verified'));
    expect(lines.at(-1)).toMatch(/concluded: problem — Both containers run as UID 1000/);
  });

  it('environment: runbook id, version and hash, context, cluster and component versions', () => {
    const env = section('Environment');
    expect(env).toMatch(new RegExp(`\\| Runbook \\| \`${RUNBOOK}\` version \\d+ \\(\`[0-9a-f]{12}\`\\) \\|`));
    expect(env).toContain('| Kube context | `sim-broken` |');
    expect(env).toContain('| Namespace | `monitoring` |');
    expect(env).toContain('| Cluster version | v1.32.4 |');
    expect(env).toContain('| thanos | v0.32.4 (`quay.io/thanos/thanos:v0.32.4`) |');
    expect(env).toContain('| prometheus | v2.49.1 (`quay.io/prometheus/prometheus:v2.49.1`) |');
    expect(env).toContain(`| Journal | \`${doc.journal}\` |`);
  });

  it('decision path: a Mermaid flowchart GitHub and GitLab render, one node per step visited', () => {
    const path = section('Decision path');
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(path)?.[1];
    expect(mermaid).toBeDefined();
    const lines = mermaid!.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    const nodes = lines.filter((l) => /^ {2}s\d+(\[|\(\[)"/.test(l));
    expect(nodes).toHaveLength(doc.path.length);
    expect(nodes.at(-1)).toMatch(/^ {2}s7\(\["The sidecar's upload directory/);
    // Labels are quoted, one line, with no bare quote, bracket or pipe that would break the parser.
    for (const l of nodes) expect(l).toMatch(/^ {2}s\d+(\["[^"\[\]|]*"\]|\(\["[^"\[\]|]*"\]\))$/);
    for (const l of lines.filter((x) => x.includes('-->'))) expect(l).toMatch(/^ {2}s\d+ -->(\|"[^"|]*"\|)? s\d+$/);
    expect(lines).toContain('  class s5 ok');
    expect(path).toMatch(/\| ✓ \| Do prometheus and the sidecar run as the same user\? \(`uids`\) \| both containers run as UID 1000 \|/);
  });

  it('evidence: every check in a collapsible section with its command and output', () => {
    const evidence = section('Evidence');
    const details = evidence.match(/<details><summary>/g) ?? [];
    const checks = evidence.match(/<\/details>/g) ?? [];
    expect(details.length).toBeGreaterThanOrEqual(doc.path.length);
    expect(details.length).toBe(checks.length);
    expect(evidence).toMatch(/<details><summary><code>kubectl exec -n monitoring prometheus-k8s-0 -c thanos-sidecar -- id -u<\/code> — sidecar-uid, exit 0, \d+ ms<\/summary>\n\n```\n1001\n```/);
  });

  it('operator notes: says how to add one when there are none', () => {
    expect(section('Operator notes')).toMatch(/press `n` at any step/);
  });
});
