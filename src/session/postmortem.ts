// The walk as a postmortem a team would send, in the structure of the Google SRE book's example
// (summary, impact, root causes, trigger, resolution, detection, action items, lessons learned,
// timeline): what the journal knows is filled in, the rest is left as a clear prompt.
// Everything is built from the journal alone, redacted, and free of terminal control sequences.
import { formatArgv } from '../cluster/display';
import type { CheckResult } from '../cluster/types';
import type { Conclusion } from '../engine/state';
import { componentVersions } from './environment';
import type { WalkEvent } from './events';
import { historyOf, type FixRecord, type History, type Visit } from './history';
import { elide } from './journal';
import { redactText } from './redact';
import { shortHash } from './runbook-hash';
import { sanitizeOutput } from './sanitize';

export interface PostmortemContext {
  sessionId: string;
  journalPath?: string | undefined;
  generatedAt: string;
}

/** Output shown per check in the report; the journal keeps more. */
const REPORT_OUTPUT_LIMIT = 4000;

const MARK: Record<string, string> = { ok: '✓', problem: '✗', unknown: '?' };

/** The headings, in order: tests and readers rely on them. */
export const SECTIONS = [
  'Summary',
  'Impact',
  'Root cause',
  'Trigger',
  'Resolution',
  'Detection',
  'Action items',
  'Lessons learned',
  'Timeline',
  'Environment',
  'Decision path',
  'Evidence',
  'Operator notes',
] as const;

export function renderPostmortem(events: WalkEvent[], ctx: PostmortemContext): string {
  const history = historyOf(events);
  const { start, status } = history;
  const conclusion = status.kind === 'concluded' ? status.conclusion : undefined;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const section = (name: (typeof SECTIONS)[number]) => {
    line(`## ${name}`);
    line();
  };

  line(`# Postmortem: ${start.title ?? start.runbook}`);
  line();
  line(`**Status:** draft, written by \`runbook\` from session \`${ctx.sessionId}\`. Text in _italics_ is a prompt for the team.  `);
  line(`**Date:** ${start.at.slice(0, 10)}  `);
  line('**Authors:** _who took part in the incident and wrote this_');
  line();

  section('Summary');
  line(summaryOf(history));
  line();

  section('Impact');
  line('_What did users or dependent systems notice (missing data in long-term storage, failing queries, alerts), for how long, and which SLOs were spent?_');
  line();
  const symptoms = [...(start.symptoms?.alerts ?? []).map((a) => `alert \`${a}\``), ...(start.symptoms?.logs ?? []).map((l) => `log lines matching \`${l}\``)];
  if (symptoms.length) line(`The runbook walked covers these symptoms: ${symptoms.join('; ')}.`), line();

  section('Root cause');
  for (const earlier of (conclusion ? history.conclusions.slice(0, -1) : history.conclusions).filter((c) => c.verdict === 'problem')) {
    const fixed = history.fixes.find((f) => f.step === earlier.step && f.verified?.verified);
    line(`${fixed ? '**Fixed during the walk:** ' : ''}${earlier.rootCause}`);
    if (earlier.finding && earlier.finding !== earlier.rootCause) line(), line(`Evidence: ${earlier.finding}.`);
    line();
    if (conclusion) line(`${fixed ? 'Verifying that fix' : 'Then'} the walk found:`), line();
  }
  if (conclusion?.verdict === 'problem') {
    line(conclusion.rootCause);
    if (conclusion.finding && conclusion.finding !== conclusion.rootCause) line(), line(`Evidence: ${conclusion.finding}.`);
  } else if (conclusion?.verdict === 'healthy') {
    line(`The walk found no problem: ${conclusion.rootCause}`);
    line();
    line('_If the incident was real, what caused it?_');
  } else {
    line(`_Not established by the walk${status.kind === 'stopped' ? ` (stopped: ${status.reason})` : conclusion ? ` (${conclusion.rootCause})` : ''}. What was it?_`);
  }
  line();

  section('Trigger');
  line('_What change or event set this off (an upgrade, a changed securityContext or Helm value, rotated credentials, a new bucket policy)? When?_');
  line();

  section('Resolution');
  renderResolution(conclusion, history.fixes, line);
  line();

  section('Detection');
  line(`The walk started at ${start.at}${start.context ? ` against context \`${start.context}\`` : ''}.`);
  line();
  line('_How was the problem noticed (which alert, dashboard or person), and how long after it began?_');
  line();

  section('Action items');
  line('| Action item | Type | Owner | Tracking |');
  line('|---|---|---|---|');
  for (const f of conclusion?.followUps ?? []) line(`| ${cell(f)} | _prevent / mitigate / detect_ | _owner_ | _issue_ |`);
  for (const id of conclusion?.seeAlso ?? []) line(`| Check whether runbook \`${id}\` also applies | investigate | _owner_ | _issue_ |`);
  if (conclusion?.fix && !history.fixes.some((f) => f.applied && f.step === conclusion.step)) line(`| Apply the fix: ${cell(conclusion.fix.summary)} | mitigate | _owner_ | _issue_ |`);
  line('| _Add what prevents a recurrence and what would have detected it sooner_ | | | |');
  line();

  section('Lessons learned');
  line('### What went well');
  line();
  line(wentWell(history));
  line();
  line('### What went wrong');
  line();
  const failed = history.visits.flatMap((v) => v.checks.filter((c) => c.result.status === 'failed').map((c) => ({ v, c })));
  for (const { v, c } of failed) line(`- Check \`${c.name}\` at "${v.title}" could not run: ${c.result.status === 'failed' ? c.result.message : ''}`);
  line('- _What made the incident worse or longer?_');
  line();
  line('### Where we got lucky');
  line();
  line('- _What limited the damage by chance rather than by design?_');
  line();

  section('Timeline');
  line('All times UTC.');
  line();
  for (const item of timeline(history)) line(`- ${item.at} — ${item.text}`);
  line();

  section('Environment');
  renderEnvironment(history, ctx, line);
  line();

  section('Decision path');
  line('```mermaid');
  line(mermaidPath(history.visits, conclusion));
  line('```');
  line();
  line('| | Step | Finding | Entered |');
  line('|---|---|---|---|');
  for (const v of history.visits) {
    line(`| ${v.mark ? MARK[v.mark] : '▸'} | ${cell(v.title)} (\`${v.step}\`) | ${cell(v.finding ?? (v.answer ? `answered: ${v.answer}` : ''))} | ${v.enteredAt} |`);
  }
  line();

  section('Evidence');
  let anyEvidence = false;
  for (const v of history.visits) {
    if (v.checks.length === 0 && v.skipped.length === 0) continue;
    anyEvidence = true;
    line(`### ${v.title}`);
    line();
    if (v.why) line(`_Why:_ ${v.why}`), line();
    for (const { name, result } of v.checks) renderEvidence(name, result, line);
    for (const s of v.skipped) line(`- \`${s.name}\` was not run: ${s.error}`);
    if (v.skipped.length) line();
  }
  if (!anyEvidence) line('_No check ran._'), line();

  section('Operator notes');
  if (history.notes.length === 0) line('_None were added during the walk (press `n` at any step to add one)._');
  for (const n of history.notes) line(`- ${n.at} (at \`${n.step}\`): ${n.text}`);
  line();
  return neutralise(redactText(out.join('\n')));
}

function summaryOf(history: History): string {
  const { status, start } = history;
  const where = `\`${start.runbook}\`${start.context ? ` on context \`${start.context}\`` : ''}`;
  if (status.kind === 'stopped') return `The walk of ${where} was stopped at step \`${status.step}\` before reaching a conclusion: ${status.reason}. It can be continued with \`runbook resume\`.`;
  if (status.kind === 'open') return `The walk of ${where} ended at step \`${status.step || start.runbook}\` without a conclusion (the process was still running or was killed). It can be continued with \`runbook resume\`.`;
  const c = status.conclusion;
  const fix = history.fixes.at(-1);
  const fixed = fix?.applied ? (fix.verified?.verified ? ' The fix was applied and verified.' : fix.verified ? ' The fix was applied but verification still shows the problem.' : ' The fix was applied.') : c.fix ? ' The fix was printed, not applied.' : '';
  return `**Verdict: ${c.verdict}.** ${c.rootCause}${fixed}\n\n_Add one or two sentences for readers who were not there._`;
}

function wentWell(history: History): string {
  const checks = history.visits.reduce((n, v) => n + v.checks.length, 0);
  const c = history.status.kind === 'concluded' ? history.status.conclusion : undefined;
  const first = history.visits[0]?.enteredAt;
  const minutes = c && first ? Math.max(0, Math.round((Date.parse(history.status.at) - Date.parse(first)) / 60000)) : undefined;
  const took = minutes === undefined ? '' : minutes < 1 ? ' in under a minute' : ` in about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const fact = c && c.verdict !== 'inconclusive' ? `- The runbook reached a ${c.verdict} verdict after ${history.visits.length} steps and ${checks} checks${took}.` : '';
  return [fact, '- _What helped?_'].filter(Boolean).join('\n');
}

function renderResolution(conclusion: Conclusion | undefined, fixes: FixRecord[], line: (s?: string) => void): void {
  const applied = fixes.filter((f) => f.applied || f.failed || f.planned);
  for (const f of applied) {
    if (f.applied) {
      line(`Applied at ${f.applied.at} (from \`${f.step}\`):`);
      line();
      line('```sh');
      line(formatArgv(f.applied.kubectl));
      line('```');
      line();
      line('To undo:');
      line();
      line('```sh');
      line(formatArgv(f.applied.undo));
      line('```');
      line();
      if (f.rollout) line(`Rollout: ${f.rollout.status} — ${f.rollout.message}`), line();
      if (f.verified) line(f.verified.verified ? `Verified at ${f.verified.at}: step \`${f.verified.verifyStep}\` no longer finds the problem.` : `Not verified: step \`${f.verified.verifyStep}\` still leads to \`${f.verified.after ?? '?'}\`.`), line();
    } else if (f.failed) {
      line(`Applying the fix from \`${f.step}\` failed: ${f.failed}`);
      line();
    } else if (f.planned && !f.planned.applicable) {
      line(`The fix from \`${f.step}\` was not applied: ${f.planned.reason ?? 'not applicable'}.`);
      line();
    }
  }
  const fix = conclusion?.fix;
  if (!fix) {
    if (!applied.some((f) => f.applied)) line(conclusion?.verdict === 'healthy' ? 'Nothing to fix: the walk found no problem.' : '_No fix was reached. How was the incident resolved?_');
    return;
  }
  line(`**${fix.summary}**${applied.some((f) => f.applied && f.step === conclusion.step) ? '' : ' (printed, not applied)'}`);
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
    line(fence(fix.print.trimEnd()));
    line('```');
    line();
  }
  if (fix.verify) line(`Verify: re-run step \`${fix.verify}\`.`);
}

function renderEnvironment(history: History, ctx: PostmortemContext, line: (s?: string) => void): void {
  const { start, connection } = history;
  line('| | |');
  line('|---|---|');
  line(`| Runbook | \`${start.runbook}\` version ${start.version}${start.runbookHash ? ` (\`${shortHash(start.runbookHash)}\`)` : ''} |`);
  line(`| Session | \`${ctx.sessionId}\` |`);
  line(`| Kube context | \`${connection.context ?? '?'}\` |`);
  if (start.namespace) line(`| Namespace | \`${start.namespace}\` |`);
  line(`| Cluster version | ${connection.clusterVersion ?? '_unknown_'} |`);
  for (const c of componentVersions(history)) line(`| ${cell(c.component)} | ${cell(c.version)} (\`${cell(c.image)}\`) |`);
  const params = Object.entries(start.params).filter(([k]) => k !== 'namespace' && k !== 'context');
  if (params.length) line(`| Parameters | ${params.map(([k, v]) => `${k}=\`${cell(v)}\``).join(', ')} |`);
  line(`| Walk started | ${start.at} |`);
  for (const r of history.resumes) line(`| Resumed | ${r.at}${r.context ? ` on \`${r.context}\`` : ''} |`);
  line(`| Report written | ${ctx.generatedAt} |`);
  if (ctx.journalPath) line(`| Journal | \`${ctx.journalPath}\` |`);
}

function renderEvidence(name: string, result: CheckResult, line: (s?: string) => void): void {
  const title = result.status === 'ran' ? `exit ${result.exitCode}` : `could not run: ${result.reason}`;
  line(`<details><summary><code>${escapeHtml(result.command)}</code> — ${escapeHtml(name)}, ${title}, ${result.durationMs} ms</summary>`);
  line();
  line('```');
  if (result.status === 'ran') {
    line(fence(elide(result.stdout, REPORT_OUTPUT_LIMIT)).trimEnd() || '(no output)');
    if (result.stderr.trim()) line(`--- stderr ---\n${fence(elide(result.stderr, REPORT_OUTPUT_LIMIT)).trimEnd()}`);
  } else {
    line(fence(result.message));
    if (result.manual) line(`by hand: ${fence(result.manual)}`);
  }
  line('```');
  line();
  line('</details>');
  line();
}

function timeline(history: History): { at: string; text: string }[] {
  const items: { at: string; text: string }[] = [];
  let abandoning = false;
  for (const e of history.events) {
    const add = (text: string) => items.push({ at: e.at, text });
    switch (e.type) {
      case 'walk-started':
        // Recorded just after the first step was entered; the walk began with it.
        items.push({ at: [e.at, history.visits[0]?.enteredAt ?? e.at].sort()[0]!, text: `walk of \`${e.runbook}\` v${e.version} started${e.context ? ` on \`${e.context}\`` : ''}` });
        break;
      case 'step-entered':
        add(`entered \`${e.step}\`: ${e.title}`);
        break;
      case 'check-finished': {
        const r = e.result;
        add(`check \`${e.name}\` (\`${r.command}\`): ${r.status === 'ran' ? `exit ${r.exitCode}` : `could not run (${r.reason})`}, ${r.durationMs} ms`);
        break;
      }
      case 'step-left':
        if (abandoning) break;
        if (e.finding || e.next) add(`${e.finding ? `finding: ${e.finding}` : `\`${e.step}\` done`}${e.next ? ` → \`${e.next}\`` : ''}`);
        break;
      case 'asked':
        add(`asked the operator: ${e.question}`);
        break;
      case 'answered':
        add(`operator answered: ${e.label}`);
        break;
      case 'note':
        add(`note: ${e.text}`);
        break;
      case 'fix-planned':
        add(e.applicable ? 'fix planned: dry run and permissions passed' : `fix not applicable: ${e.reason ?? ''}`);
        break;
      case 'fix-applied':
        add(`fix applied: \`${formatArgv(e.kubectl)}\``);
        break;
      case 'fix-failed':
        add(`fix failed: ${e.message}`);
        break;
      case 'rollout':
        add(`rollout ${e.status}: ${e.message}`);
        break;
      case 'verified':
        add(e.verified ? `fix verified at \`${e.verifyStep}\`` : `fix not verified: \`${e.verifyStep}\` leads to \`${e.after ?? '?'}\``);
        break;
      case 'interrupted':
        abandoning = true;
        add(`walk stopped at \`${e.step}\`: ${e.reason}`);
        break;
      case 'session-resumed':
        abandoning = false;
        add(`walk resumed at \`${e.step}\`${e.context ? ` on \`${e.context}\`` : ''}${e.warnings.length ? ` (${e.warnings.join('; ')})` : ''}`);
        break;
      case 'concluded':
        if (abandoning) {
          abandoning = false;
          break;
        }
        add(`concluded: ${e.conclusion.verdict} — ${e.conclusion.rootCause}`);
        break;
      default:
        break;
    }
  }
  return items.map((i) => ({ ...i, text: i.text.replace(/\n/g, ' ') }));
}

/** The path taken as a Mermaid flowchart (renders on GitHub and GitLab). */
export function mermaidPath(visits: Visit[], conclusion?: Conclusion): string {
  const lines = ['flowchart TD'];
  visits.forEach((v, i) => {
    const label = mermaidText(`${v.mark ? `${MARK[v.mark]} ` : ''}${v.title}`);
    const isEnd = i === visits.length - 1 && conclusion?.step === v.step;
    lines.push(isEnd ? `  s${i}(["${label}"])` : `  s${i}["${label}"]`);
    if (i > 0) {
      const prev = visits[i - 1]!;
      const why = prev.finding ?? (prev.answer ? `answered: ${prev.answer}` : undefined);
      lines.push(why ? `  s${i - 1} -->|"${mermaidText(why.length > 80 ? `${why.slice(0, 79)}…` : why)}"| s${i}` : `  s${i - 1} --> s${i}`);
    }
  });
  lines.push('  classDef problem fill:#fde2e1,stroke:#c62828,color:#000');
  lines.push('  classDef ok fill:#e3f4e1,stroke:#2e7d32,color:#000');
  lines.push('  classDef unknown fill:#fff6d5,stroke:#b28704,color:#000');
  const byClass = new Map<string, string[]>();
  visits.forEach((v, i) => {
    const isEnd = i === visits.length - 1 && conclusion?.step === v.step;
    const cls = isEnd ? (conclusion.verdict === 'problem' ? 'problem' : conclusion.verdict === 'healthy' ? 'ok' : 'unknown') : v.mark;
    if (cls) byClass.set(cls, [...(byClass.get(cls) ?? []), `s${i}`]);
  });
  for (const [cls, ids] of byClass) lines.push(`  class ${ids.join(',')} ${cls}`);
  return lines.join('\n');
}

/** Text inside a quoted Mermaid label: quotes, brackets and pipes as entity codes, one line. */
function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;');
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

/** No escape sequence or control character from a cluster survives into the file or a terminal. */
export function neutralise(text: string): string {
  return sanitizeOutput(text);
}
