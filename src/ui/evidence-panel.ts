// The evidence of one visited step: per check, the command and what it printed, or why it
// could not run. Collapsed, long output is cut; expanded, everything is there to scroll.
import type { CheckResult } from '../cluster/types';
import type { PathEntry, WalkState } from '../engine/state';
import { fitLine, paragraph, seg, type Line, type Segment, type Style } from './lines';
import { MARKS } from './marks';
import { sanitizeLine, sanitizeOutput } from '../session/sanitize';
import { hardWrap, outputLines } from './text-layout';

/** Output lines shown per check before "… N more lines". */
export const COLLAPSED_LINES = 8;

const INDENT = '  ';

export interface Evidence {
  title: Line[];
  body: Line[];
}

/** The last visited step that has check results. */
export function latestEvidenceIndex(state: WalkState): number | undefined {
  for (let i = state.path.length - 1; i >= 0; i--) {
    if (Object.keys(state.path[i]!.results).length > 0) return i;
  }
  return undefined;
}

/** `limit`: output lines shown per check before "… N more lines"; Infinity shows everything. */
export function evidenceOf(state: WalkState, index: number, width: number, limit: number = COLLAPSED_LINES): Evidence {
  const entry = state.path[index]!;
  const body: Line[] = [];
  if (entry.finding) body.push(...paragraph(entry.finding, width, findingStyle(entry), INDENT + '  ', INDENT + '→ '));
  if (entry.answer) body.push(...paragraph(entry.answer, width, {}, INDENT + '  ', INDENT + 'answered: '));
  const names = Object.keys(entry.results);
  if (names.length === 0) body.push([seg(INDENT + (isCurrent(state, index) ? 'no evidence yet' : 'no checks ran at this step'), { dim: true })]);
  for (const name of names) body.push(...checkLines(name, checkTitle(state, entry, name), entry.results[name]!, width, Math.max(1, limit)));
  return { title: titleOf(entry, index, width), body };
}

/** One line per check (its first line of output, or why it could not run): for a screen too short for more. */
export function evidenceSummaryOf(state: WalkState, index: number, width: number): Evidence {
  const entry = state.path[index]!;
  const body: Line[] = [];
  if (entry.finding) body.push(fitLine([seg(INDENT + '→ '), seg(sanitizeLine(entry.finding), findingStyle(entry))], width));
  for (const [name, result] of Object.entries(entry.results)) {
    const label = sanitizeLine(checkTitle(state, entry, name) ?? name);
    body.push(fitLine([seg(INDENT), seg(label, { bold: true }), seg(' · ', { dim: true }), summaryOf(result)], width));
  }
  return { title: titleOf(entry, index, width), body };
}

function titleOf(entry: PathEntry, index: number, width: number): Line[] {
  return [fitLine([seg(`Evidence · step ${index + 1}: `, { bold: true }), seg(sanitizeLine(entry.title), { bold: true })], width)];
}

function findingStyle(entry: PathEntry): Style {
  return { color: entry.mark ? MARKS[entry.mark].color : undefined };
}

function summaryOf(result: CheckResult): Segment {
  if (result.status === 'failed') return seg(sanitizeLine(`could not check: ${result.reason} — ${result.message}`), { color: 'red' as const });
  const lines = outputLines(sanitizeOutput(result.stdout || result.stderr), Infinity);
  const first = lines[0]?.trim() || '(no output)';
  const notes = [lines.length > 1 ? `+${lines.length - 1} lines` : '', result.exitCode !== 0 ? `exit ${result.exitCode}` : ''].filter(Boolean);
  return seg(notes.length ? `${first}  (${notes.join(', ')})` : first, { color: result.exitCode !== 0 ? ('red' as const) : undefined, dim: result.exitCode === 0 });
}

function isCurrent(state: WalkState, index: number): boolean {
  return index === state.path.length - 1 && state.phase.kind !== 'concluded';
}

function checkTitle(state: WalkState, entry: PathEntry, name: string): string | undefined {
  const step = state.runbook.steps[entry.step];
  return step && 'checks' in step ? step.checks[name]?.title : undefined;
}

function checkLines(name: string, title: string | undefined, result: CheckResult, width: number, limit: number): Line[] {
  const lines: Line[] = [];
  if (title) lines.push([seg(`# ${sanitizeLine(title)}`, { dim: true })]);
  // The engine's stand-in result for a check whose templates could not be rendered.
  if (result.command === '(not run)') lines.push([seg(`(${name} was not run)`, { bold: true })]);
  else lines.push(...commandLines(result.command, width));
  const inner = width - INDENT.length;
  const indent = (pieces: string[], style: Style): Line[] => pieces.map((p) => [seg(INDENT), seg(p, style)]);
  if (result.status === 'failed') {
    const why = outputLines(sanitizeOutput(`could not check: ${result.reason} — ${result.message}`), inner);
    const cut = cutTo(why, limit);
    lines.push(...indent(cut.shown, { color: 'red' }));
    if (cut.hidden) lines.push(moreLine(cut.hidden));
    if (result.manual) lines.push(...paragraph(result.manual, width, {}, INDENT + '         ', INDENT + 'by hand: '));
    return lines;
  }
  const out = outputLines(sanitizeOutput(result.stdout), inner);
  const err = outputLines(sanitizeOutput(result.stderr), inner);
  // With both streams long, each gets half; a short one lends its room to the other.
  const outShown = Math.min(out.length, err.length ? Math.max(limit - err.length, Math.ceil(limit / 2)) : limit);
  const errShown = Math.min(err.length, limit - outShown);
  lines.push(...indent(out.slice(0, outShown), {}));
  if (out.length > outShown) lines.push(moreLine(out.length - outShown));
  if (err.length) {
    lines.push([seg(INDENT), seg('stderr:', { dim: true })]);
    lines.push(...indent(err.slice(0, errShown), { color: 'yellow' }));
    if (err.length > errShown) lines.push(moreLine(err.length - errShown));
  }
  if (!out.length && !err.length) lines.push([seg(INDENT), seg('(no output)', { dim: true })]);
  if (result.exitCode !== 0) lines.push([seg(INDENT), seg(`exit code ${result.exitCode}`, { color: 'red' })]);
  return lines;
}

function commandLines(command: string, width: number): Line[] {
  // Not folded like a title: spacing inside a quoted argument is part of the command.
  const pieces = hardWrap(sanitizeOutput(command).replace(/\n/g, ' '), width - 2);
  return pieces.map((p, i) => [seg(i === 0 ? '$ ' : '  ', { dim: true }), seg(p, { bold: true })]);
}

function cutTo(lines: string[], limit: number): { shown: string[]; hidden: number } {
  if (lines.length <= limit) return { shown: lines, hidden: 0 };
  return { shown: lines.slice(0, limit), hidden: lines.length - limit };
}

function moreLine(hidden: number): Line {
  return [seg(INDENT), seg(`… ${hidden} more line${hidden === 1 ? '' : 's'} (o to expand)`, { dim: true })];
}
