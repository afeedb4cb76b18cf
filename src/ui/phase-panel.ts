// What the walk is doing right now: the step being checked, a question, or an info text.
import type { Phase, WalkState } from '../engine/state';
import type { InFlight, Snapshot } from '../walk/controller';
import { fitLine, oneLine, paragraph, seg, spinner, type Line } from './lines';
import { CURRENT } from './marks';
import { sanitizeLine } from '../session/sanitize';
import { padEnd, textWidth, truncate } from './text-layout';

const INDENT = '  ';

/** Lines for every phase but `concluded` (see conclusion-panel). `option` is the highlighted answer. */
export function phaseLines(snapshot: Snapshot, option: number, width: number): Line[] {
  const { state } = snapshot;
  const phase = state.phase;
  switch (phase.kind) {
    case 'checking':
      return checkingLines(snapshot, phase, width);
    case 'asking':
      return askingLines(state, phase, option, width);
    case 'info':
      return [
        ...stepHeading(state, width),
        ...paragraph(phase.text, width, {}, INDENT),
        [],
        [seg(INDENT), seg('press enter to continue', { color: 'yellow', bold: true })],
      ];
    case 'concluded':
      return [];
  }
}

function stepHeading(state: WalkState, width: number): Line[] {
  const entry = state.path.at(-1);
  if (!entry) return [];
  // Titles are short; a long one is cut rather than wrapped.
  const lines: Line[] = [[seg(`${CURRENT.glyph} `, { color: CURRENT.color, bold: true }), oneLine(entry.title, width - 2, { bold: true })]];
  if (entry.why) lines.push(...paragraph(entry.why, width, { dim: true, italic: true }, INDENT));
  return lines;
}

function checkingLines(snapshot: Snapshot, phase: Extract<Phase, { kind: 'checking' }>, width: number): Line[] {
  const lines = stepHeading(snapshot.state, width);
  lines.push([]);
  if (snapshot.paused) {
    lines.push([seg(INDENT), seg('press enter to run the next step', { color: 'yellow', bold: true })]);
    const names = phase.checks.map((c) => sanitizeLine(c.title ?? c.name));
    if (names.length) lines.push(...paragraph(names.join(', '), width, { dim: true }, INDENT + '        ', INDENT + 'checks: '));
    return lines;
  }
  if (snapshot.inFlight.length === 0) {
    lines.push([seg(INDENT), spinner(), seg(' running checks…', { dim: true })]);
    return lines;
  }
  const labels = snapshot.inFlight.map((c) => sanitizeLine(c.title ?? c.name));
  const labelWidth = Math.min(Math.max(...labels.map(textWidth)), Math.floor(width / 3));
  snapshot.inFlight.forEach((check, i) => lines.push(runningLine(check, labels[i]!, labelWidth, width)));
  return lines;
}

function runningLine(check: InFlight, label: string, labelWidth: number, width: number): Line {
  const shown = padEnd(truncate(label, labelWidth), labelWidth);
  return fitLine([seg(INDENT), spinner(), seg(` ${shown}  `), seg(`$ ${sanitizeLine(check.command)}`, { dim: true })], width);
}

function askingLines(state: WalkState, phase: Extract<Phase, { kind: 'asking' }>, option: number, width: number): Line[] {
  const lines = stepHeading(state, width);
  lines.push([]);
  lines.push(...paragraph(phase.question, width, { color: 'yellow', bold: true }, INDENT + '  ', INDENT + '? '));
  if (phase.missingEvidence) lines.push([seg(INDENT), seg('Some checks could not run:', { dim: true })]);
  for (const reason of phase.because.split('\n').filter((l) => l.trim())) {
    const [first, rest] = phase.missingEvidence ? [INDENT + '  • ', INDENT + '    '] : [INDENT + '  ', INDENT + '  '];
    lines.push(...paragraph(reason, width, { dim: true }, rest, first));
  }
  lines.push([]);
  phase.options.forEach((o, i) => {
    const chosen = i === option;
    const style = chosen ? { color: 'cyan' as const, bold: true } : {};
    const wrapped = paragraph(o.label, width, style, INDENT + '     ', `${INDENT}${chosen ? '› ' : '  '}${i + 1}. `);
    // The pointer and number take the highlight too.
    lines.push(...wrapped.map(([prefix, ...rest]): Line => [{ ...prefix!, ...style }, ...rest]));
  });
  return lines;
}
