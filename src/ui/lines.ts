// The screen as data: lines of styled segments, each line already fitting the width. Panels
// build lines with pure functions; one Ink component draws them.
import { sanitizeLine, sanitizeOutput } from '../session/sanitize';
import { textWidth, truncate, wrapText } from './text-layout';

export type Color = 'green' | 'red' | 'yellow' | 'cyan' | 'blue' | 'magenta' | 'gray' | 'white';

export interface Style {
  color?: Color | undefined;
  bold?: boolean | undefined;
  dim?: boolean | undefined;
  italic?: boolean | undefined;
  inverse?: boolean | undefined;
}

export interface Segment extends Style {
  text: string;
  /** Drawn as a one-column spinner instead of `text`. */
  spinner?: true | undefined;
}

export type Line = Segment[];

export const seg = (text: string, style: Style = {}): Segment => ({ text, ...style });

export const spinner = (): Segment => ({ text: '', spinner: true });

export function lineWidth(line: Line): number {
  return line.reduce((w, s) => w + (s.spinner ? 1 : textWidth(s.text)), 0);
}

export function lineText(line: Line): string {
  return line.map((s) => (s.spinner ? '*' : s.text)).join('');
}

/**
 * Untrusted text as wrapped lines: sanitised, word-wrapped to `width` minus the indent, each
 * line prefixed with `indent` (the first with `firstIndent` when given).
 */
export function paragraph(text: string, width: number, style: Style = {}, indent = '', firstIndent = indent): Line[] {
  const inner = Math.max(1, width - Math.max(textWidth(indent), textWidth(firstIndent)));
  return wrapText(sanitizeOutput(text), inner).map((piece, i) => [seg(i === 0 ? firstIndent : indent), seg(piece, style)]);
}

/** One line of segments cut to `width`; segments after the cut are dropped. */
export function fitLine(line: Line, width: number): Line {
  const out: Line = [];
  let used = 0;
  for (const s of line) {
    const w = s.spinner ? 1 : textWidth(s.text);
    if (used + w <= width) {
      out.push(s);
      used += w;
      continue;
    }
    const room = width - used;
    if (room > 0 && !s.spinner) out.push({ ...s, text: truncate(s.text, room) });
    break;
  }
  return out;
}

/** A single-line field (title, label): sanitised, folded, cut to `width`. */
export function oneLine(text: string, width: number, style: Style = {}): Segment {
  return seg(truncate(sanitizeLine(text), width), style);
}

export function rule(width: number): Line {
  return [seg('─'.repeat(Math.max(0, width)), { dim: true })];
}
