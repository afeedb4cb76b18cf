// The end of a walk: verdict, root cause, the fix as a command and as a manifest change, how to
// verify it, and where the postmortem is.
import type { Conclusion, WalkState } from '../engine/state';
import type { FixStatus, Snapshot } from '../walk/controller';
import { appliedEarlierLines, fixStatusLines } from './fix-panel';
import { fitLine, paragraph, seg, type Line } from './lines';
import { VERDICTS } from './marks';
import { sanitizeLine, sanitizeOutput } from '../session/sanitize';
import { quoteArg } from '../cluster/display';
import { hardWrap, outputLines, padEnd, textWidth } from './text-layout';

const INDENT = '  ';

export function conclusionLines(
  state: WalkState,
  conclusion: Conclusion,
  postmortemPath: string | undefined,
  width: number,
  applying?: { snapshot: Snapshot; status?: FixStatus | undefined },
): Line[] {
  const verdict = VERDICTS[conclusion.verdict];
  const lines: Line[] = [
    fitLine([seg(`${verdict.glyph} ${verdict.label}`, { color: verdict.color, bold: true }), seg(' · '), seg(sanitizeLine(conclusion.title), { bold: true })], width),
  ];
  if (applying) lines.push(...appliedEarlierLines(state, applying.snapshot, conclusion.step, width));
  lines.push(...labelled('Root cause', conclusion.rootCause, width));
  if (conclusion.finding) lines.push(...labelled('Finding', conclusion.finding, width));
  const fix = conclusion.fix;
  if (fix) {
    lines.push([]);
    lines.push(...paragraph(fix.summary, width, { bold: true }, INDENT + '     ', 'Fix: '));
    if (fix.restarts) lines.push(...paragraph(fix.restarts, width, { color: 'yellow' }, INDENT + '          ', INDENT + 'restarts: '));
    // Right under the fix, so that the diff is on screen while the operator is asked to confirm.
    if (applying?.status) lines.push(...fixStatusLines(applying.status, width), []);
    if (fix.patch) {
      lines.push([seg(INDENT), seg('apply with:', { dim: true })]);
      lines.push(...commandBlock(fix.patch.kubectl, width));
    }
    if (fix.print) {
      lines.push([seg(INDENT), seg(fix.patch ? 'or change it where it is managed:' : 'change it where it is managed:', { dim: true })]);
      lines.push(...box(fix.print, width));
    }
    if (fix.verify) {
      const title = state.runbook.steps[fix.verify]?.title;
      const text = title ? `${sanitizeLine(title)} (step ${fix.verify})` : `step ${fix.verify}`;
      lines.push(...paragraph(text, width, {}, INDENT + '        ', INDENT + 'verify: '));
    }
  }
  if (conclusion.followUps.length) {
    lines.push([]);
    lines.push([seg('Follow-ups', { bold: true })]);
    for (const f of conclusion.followUps) lines.push(...paragraph(f, width, {}, INDENT + '  ', INDENT + '• '));
  }
  if (conclusion.seeAlso.length) {
    lines.push([]);
    lines.push(...paragraph(conclusion.seeAlso.join(', '), width, { color: 'cyan' }, INDENT + '  ', 'See also: '));
  }
  if (postmortemPath) {
    lines.push([]);
    lines.push(...paragraph(postmortemPath, width, { color: 'cyan' }, '  ', 'Postmortem: '));
  }
  return lines;
}

function labelled(label: string, text: string, width: number): Line[] {
  const prefix = `${label}: `;
  return paragraph(text, width, {}, ' '.repeat(Math.min(prefix.length, 12)), prefix).map((line, i) =>
    i === 0 ? [seg(prefix, { bold: true }), ...line.slice(1)] : line,
  );
}

/**
 * A command broken between arguments with shell line continuations, so that it still pastes
 * as one command; only an argument wider than the screen is cut inside.
 */
function commandBlock(argv: string[], width: number): Line[] {
  const indent = INDENT + '  ';
  const room = Math.max(8, width - indent.length - 2);
  const rows: string[] = [];
  let current = '';
  for (const arg of argv.map((a) => quoteArg(sanitizeOutput(a)))) {
    const joined = current ? `${current} ${arg}` : arg;
    if (textWidth(joined) <= room) {
      current = joined;
      continue;
    }
    if (current) rows.push(`${current} \\`);
    if (textWidth(arg) + 2 <= room) {
      current = `  ${arg}`;
      continue;
    }
    const pieces = hardWrap(arg, room);
    rows.push(...pieces.slice(0, -1));
    current = pieces.at(-1)!;
  }
  if (current) rows.push(current);
  return rows.map((r) => [seg(indent), seg(r, { color: 'green' })]);
}

/** Text in a frame, kept verbatim (indentation matters in YAML), long lines wrapped. */
function box(text: string, width: number): Line[] {
  const inner = Math.max(4, width - INDENT.length - 4);
  const body = outputLines(sanitizeOutput(text), inner);
  const innerWidth = Math.min(inner, Math.max(...body.map(textWidth), 10));
  const frame = { dim: true };
  return [
    [seg(INDENT), seg(`┌${'─'.repeat(innerWidth + 2)}┐`, frame)],
    ...body.map((l): Line => [seg(INDENT), seg('│ ', frame), seg(padEnd(l, innerWidth)), seg(' │', frame)]),
    [seg(INDENT), seg(`└${'─'.repeat(innerWidth + 2)}┘`, frame)],
  ];
}
