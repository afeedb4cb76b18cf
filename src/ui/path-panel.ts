// The path so far: one line per visited step with how it ended and what it found.
import type { PathEntry, WalkState } from '../engine/state';
import { fitLine, seg, type Line, type Segment } from './lines';
import { CURRENT, MARKS, VERDICTS } from './marks';
import { sanitizeLine } from '../session/sanitize';
import { textWidth, truncate } from './text-layout';

export function pathLines(state: WalkState, selected: number | undefined, width: number, maxLines = Infinity): Line[] {
  const { path } = state;
  const focus = selected ?? path.length - 1;
  const [start, end] = visibleRange(path.length, focus, Math.max(1, maxLines));
  const lines: Line[] = [];
  if (start > 0) lines.push([seg(`  … ${start} earlier step${start === 1 ? '' : 's'}`, { dim: true })]);
  for (let i = start; i < end; i++) lines.push(entryLine(state, path[i]!, i === selected, width));
  if (end < path.length) lines.push([seg(`  … ${path.length - end} later`, { dim: true })]);
  return lines;
}

function entryLine(state: WalkState, entry: PathEntry, selected: boolean, width: number): Line {
  const gutter = selected ? seg('› ', { color: 'cyan', bold: true }) : seg('  ');
  const symbol = glyphOf(state, entry);
  const title = sanitizeLine(entry.title);
  const detail = sanitizeLine(entry.finding ?? (entry.answer ? `answered: ${entry.answer}` : ''));
  const room = width - 4;
  if (!detail) return fitLine([gutter, symbol, seg(' '), seg(title, { bold: selected })], width);
  // The title keeps at least half the room; the finding gets what is left.
  const titleRoom = Math.min(textWidth(title), Math.max(Math.floor(room / 2), room - textWidth(detail) - 2));
  const detailRoom = room - titleRoom - 2;
  const line: Line = [gutter, symbol, seg(' '), seg(truncate(title, titleRoom), { bold: selected })];
  if (detailRoom > 3) line.push(seg('  '), seg(truncate(detail, detailRoom), { dim: true }));
  return fitLine(line, width);
}

function glyphOf(state: WalkState, entry: PathEntry): Segment {
  if (entry.mark) return seg(MARKS[entry.mark].glyph, { color: MARKS[entry.mark].color, bold: true });
  const ending = state.runbook.steps[entry.step];
  // A conclusion the walk went on from (its fix was applied and is being verified).
  if (entry.leftAt && ending && 'conclusion' in ending) return seg('◆', { color: VERDICTS[ending.conclusion.verdict].color });
  if (entry.leftAt) return seg('·', { dim: true });
  if (state.phase.kind === 'concluded') {
    const verdict = VERDICTS[state.phase.conclusion.verdict];
    return seg('◆', { color: verdict.color, bold: true });
  }
  return seg(CURRENT.glyph, { color: CURRENT.color, bold: true });
}

/** Which entries fit in `max` lines, keeping `focus` visible; lines for "… earlier/later" count. */
export function visibleRange(total: number, focus: number, max: number): [number, number] {
  if (total <= max) return [0, total];
  if (max < 3) {
    // No room for "… earlier" lines: just the entries around the focus.
    const start = Math.max(0, Math.min(focus - max + 1, total - max));
    return [start, start + max];
  }
  const oneSided = max - 1;
  if (focus >= total - oneSided) return [total - oneSided, total];
  if (focus < oneSided) return [0, oneSided];
  const body = max - 2;
  const start = Math.max(1, focus - body + 1);
  return [start, Math.min(total, start + body)];
}
