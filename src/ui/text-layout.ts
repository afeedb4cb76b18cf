// Measuring and breaking text into terminal lines. The screen is laid out as lines that each
// fit the width, so nothing the terminal wraps on its own can push the layout out of place.

const ZERO_WIDTH: [number, number][] = [
  [0x0300, 0x036f], [0x0483, 0x0489], [0x0591, 0x05bd], [0x0610, 0x061a], [0x064b, 0x065f],
  [0x1ab0, 0x1aff], [0x1dc0, 0x1dff], [0x200b, 0x200f], [0x20d0, 0x20ff], [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f], [0xfeff, 0xfeff], [0xe0100, 0xe01ef],
];

const WIDE: [number, number][] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f5], [0x26fa, 0x26fa],
  [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728], [0x274c, 0x274c],
  [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797], [0x27b0, 0x27b0],
  [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55], [0x2e80, 0x303e],
  [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251], [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

function inRanges(cp: number, ranges: [number, number][]): boolean {
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Columns one code point takes in a terminal (East Asian wide and emoji: 2, combining: 0). */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (inRanges(cp, ZERO_WIDTH)) return 0;
  return inRanges(cp, WIDE) ? 2 : 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

export function expandTabs(line: string, tabSize = 8): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let column = 0;
  for (const ch of line) {
    if (ch === '\t') {
      const spaces = tabSize - (column % tabSize);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column += charWidth(ch.codePointAt(0)!);
    }
  }
  return out;
}

/** Cuts one line (no newlines) into pieces of at most `width` columns, keeping every character. */
export function hardWrap(line: string, width: number): string[] {
  const max = Math.max(1, width);
  const pieces: string[] = [];
  // Slices of the line rather than strings grown a character at a time: those stay ropes of one
  // node per character, ~2 KB a line, which a 100,000-line output cannot afford.
  let start = 0;
  let offset = 0;
  let currentWidth = 0;
  for (const ch of line) {
    const w = charWidth(ch.codePointAt(0)!);
    if (currentWidth + w > max && offset > start) {
      pieces.push(line.slice(start, offset));
      start = offset;
      currentWidth = 0;
    }
    offset += ch.length;
    currentWidth += w;
  }
  pieces.push(line.slice(start));
  return pieces;
}

/** Lines of at most `width` columns, broken between words where possible. Newlines are kept. */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(1, width);
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    let current = '';
    let currentWidth = 0;
    const flush = () => {
      lines.push(current.trimEnd());
      current = '';
      currentWidth = 0;
    };
    for (const token of expandTabs(raw).split(/(\s+)/)) {
      if (token === '') continue;
      const w = textWidth(token);
      if (currentWidth + w <= max) {
        current += token;
        currentWidth += w;
      } else if (/^\s+$/.test(token)) {
        flush();
      } else {
        if (current.trim() !== '') flush();
        current = '';
        currentWidth = 0;
        const pieces = hardWrap(token, max);
        for (const piece of pieces.slice(0, -1)) lines.push(piece);
        current = pieces.at(-1)!;
        currentWidth = textWidth(current);
      }
    }
    lines.push(current.trimEnd());
  }
  return lines;
}

/** Output text as display lines: split on newlines, tabs expanded, hard-wrapped to `width`. */
export function outputLines(text: string, width: number): string[] {
  if (text === '') return [];
  // Every frame lays out the same evidence again: a 100,000-line output costs once, not per frame.
  // (Keyed by the text itself: the same string object each frame, whose hash V8 keeps.)
  const known = laidOut.get(text);
  if (known?.width === width) return known.lines;
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n').flatMap((line) => hardWrap(expandTabs(line), width));
  if (laidOut.size >= LAID_OUT_MAX) laidOut.delete(laidOut.keys().next().value!);
  laidOut.set(text, { width, lines });
  return lines;
}

const laidOut = new Map<string, { width: number; lines: string[] }>();
const LAID_OUT_MAX = 32;

/** At most `width` columns; a cut line ends with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
