// The walk as a postmortem a team would send: what happened, what the evidence showed, the
// root cause, the fix, and what is left to do. Everything is redacted before it is written.
import { formatArgv } from '../cluster/display';
import type { CheckResult } from '../cluster/types';
import type { Conclusion, PathEntry, WalkState } from '../engine/state';
import { outcomeOf } from '../engine/walk';
import { elide } from './journal';
import { redactText } from './redact';

export interface PostmortemContext {
  sessionId: string;
  context: string;
  namespace: string;
  clusterVersion?: string | undefined;
  journalPath?: string | undefined;
  notes: { at: string; step: string; text: string }[];
  generatedAt: string;
}

/** Output shown per check in the report; the journal keeps more. */
const REPORT_OUTPUT_LIMIT = 4000;

const MARK: Record<string, string> = { ok: '✓', problem: '✗', unknown: '?' };

export function renderPostmortem(state: WalkState, ctx: PostmortemContext): string {
  const { runbook } = state;
  const outcome = outcomeOf(state);
  const conclusion = state.phase.kind === 'concluded' ? state.phase.conclusion : undefined;
  const started = state.path[0]?.enteredAt ?? ctx.generatedAt;
  const out: string[] = [];
  const line = (s = '') => out.push(s);

  line(`# Postmortem: ${runbook.title}`);
  line();
  line(`| | |`);
  line(`|---|---|`);
  line(`| Session | \`${ctx.sessionId}\` |`);
  line(`| Runbook | \`${runbook.id}\` version ${runbook.version} |`);
  line(`| Kube context | \`${ctx.context}\` |`);
  line(`| Namespace | \`${ctx.namespace}\` |`);
  if (ctx.clusterVersion) line(`| Cluster version | ${ctx.clusterVersion} |`);
  line(`| Walk started | ${started} |`);
  line(`| Report written | ${ctx.generatedAt} |`);
  if (ctx.journalPath) line(`| Journal | \`${ctx.journalPath}\` |`);
  line();

  line('## Summary');
  line();
  if (!outcome || !conclusion) {
    line(`The walk stopped at step \`${state.path.at(-1)?.step ?? runbook.start}\` before reaching a conclusion.`);
  } else {
    line(`**Verdict: ${conclusion.verdict}.** ${conclusion.rootCause}`);
    if (conclusion.finding && conclusion.finding !== conclusion.rootCause) {
      line();
      line(`Evidence: ${conclusion.finding}.`);
    }
  }
  line();

  line('## Root cause');
  line();
  line(conclusion ? conclusion.rootCause : '_Not established by the walk._');
  line();

  line('## Resolution');
  line();
  renderFix(conclusion, line);
  line();

  line('## Decision path');
  line();
  line('```mermaid');
  line(mermaidPath(state.path));
  line('```');
  line();
  line('| | Step | Finding | Entered |');
  line('|---|---|---|---|');
  for (const entry of state.path) {
    line(`| ${entry.mark ? MARK[entry.mark] : '▸'} | ${cell(entry.title)} (\`${entry.step}\`) | ${cell(entry.finding ?? (entry.answer ? `answered: ${entry.answer}` : ''))} | ${entry.enteredAt} |`);
  }
  line();

  line('## Timeline');
  line();
  for (const item of timeline(state, ctx)) line(`- ${item.at} — ${item.text}`);
  line();

  line('## Evidence');
  line();
  for (const entry of state.path) {
    const results = Object.entries(entry.results);
    if (results.length === 0) continue;
    line(`### ${entry.title}`);
    line();
    if (entry.why) line(`_Why:_ ${entry.why}`), line();
    for (const [name, result] of results) renderEvidence(name, result, line);
  }

  line('## Follow-ups');
  line();
  const followUps = conclusion?.followUps ?? [];
  if (followUps.length === 0) line('- [ ] _Add action items: prevention, detection, mitigation._');
  for (const f of followUps) line(`- [ ] ${f}`);
  for (const id of conclusion?.seeAlso ?? []) line(`- [ ] Consider runbook \`${id}\``);
  line();

  if (ctx.notes.length) {
    line('## Operator notes');
    line();
    for (const n of ctx.notes) line(`- ${n.at} (at \`${n.step}\`): ${n.text}`);
    line();
  }
  return redactText(out.join('\n'));
}

function renderFix(conclusion: Conclusion | undefined, line: (s?: string) => void): void {
  const fix = conclusion?.fix;
  if (!fix) {
    line(conclusion?.verdict === 'healthy' ? 'Nothing to fix: this runbook found no problem.' : '_No fix was reached._');
    return;
  }
  line(`**${fix.summary}** (printed, not applied)`);
  line();
  if (fix.restarts) line(`Restarts: ${fix.restarts}`), line();
  if (fix.patch) {
    line('```sh');
    line(formatArgv(fix.patch.kubectl));
    line('```');
    line();
  }
  if (fix.print) {
    line('```yaml');
    line(fix.print.trimEnd());
    line('```');
    line();
  }
  if (fix.verify) line(`Verify: re-run step \`${fix.verify}\`.`);
}

function renderEvidence(name: string, result: CheckResult, line: (s?: string) => void): void {
  const title = result.status === 'ran' ? `exit ${result.exitCode}` : `could not run: ${result.reason}`;
  line(`<details><summary><code>${escapeHtml(result.command)}</code> — ${name}, ${title}, ${result.durationMs} ms</summary>`);
  line();
  line('```');
  if (result.status === 'ran') {
    line(fence(elide(result.stdout, REPORT_OUTPUT_LIMIT)).trimEnd() || '(no output)');
    if (result.stderr.trim()) line(`--- stderr ---\n${fence(elide(result.stderr, REPORT_OUTPUT_LIMIT)).trimEnd()}`);
  } else {
    line(fence(result.message));
    if (result.manual) line(`by hand: ${result.manual}`);
  }
  line('```');
  line();
  line('</details>');
  line();
}

function timeline(state: WalkState, ctx: PostmortemContext): { at: string; text: string }[] {
  const items: { at: string; text: string }[] = [];
  for (const entry of state.path) {
    items.push({ at: entry.enteredAt, text: `entered \`${entry.step}\`: ${entry.title}` });
    for (const [name, r] of Object.entries(entry.results)) {
      items.push({ at: r.startedAt, text: `check \`${name}\`: ${r.status === 'ran' ? `exit ${r.exitCode}` : `could not run (${r.reason})`}` });
    }
    if (entry.answer) items.push({ at: entry.leftAt ?? entry.enteredAt, text: `operator answered: ${entry.answer}` });
    if (entry.finding && entry.leftAt) items.push({ at: entry.leftAt, text: `finding: ${entry.finding}` });
  }
  for (const n of ctx.notes) items.push({ at: n.at, text: `note: ${n.text}` });
  if (state.phase.kind === 'concluded') {
    const last = state.path.at(-1);
    items.push({ at: last?.enteredAt ?? ctx.generatedAt, text: `concluded: ${state.phase.conclusion.verdict} — ${state.phase.conclusion.rootCause}` });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

/** The path taken as a Mermaid flowchart (renders on GitHub and GitLab). */
export function mermaidPath(path: PathEntry[]): string {
  const lines = ['flowchart TD'];
  path.forEach((entry, i) => {
    const label = `${entry.mark ? `${MARK[entry.mark]} ` : ''}${entry.title}`.replace(/["<>]/g, "'");
    lines.push(`  s${i}["${label}"]`);
    if (i > 0) {
      const finding = path[i - 1]!.finding;
      lines.push(finding ? `  s${i - 1} -->|"${finding.replace(/["|<>]/g, "'").slice(0, 80)}"| s${i}` : `  s${i - 1} --> s${i}`);
    }
  });
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(text: string): string {
  return text.replace(/```/g, 'ˋˋˋ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
