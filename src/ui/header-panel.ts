// Which runbook is walked where, how far it got, and how many notes the operator added.
import type { Snapshot } from '../walk/controller';
import { fitLine, seg, type Line, type Segment } from './lines';
import { VERDICTS } from './marks';
import { sanitizeLine } from '../session/sanitize';
import { textWidth, truncate } from './text-layout';

export interface WalkHeader {
  runbookId: string;
  title: string;
  context: string;
  namespace: string;
  /** The context looks like production (configurable pattern): shown in red, fixes need its name typed. */
  production?: boolean | undefined;
}

export function headerLines(header: WalkHeader, snapshot: Snapshot, width: number): Line[] {
  const notes = snapshot.notes.length;
  const first = spread(
    [seg(sanitizeLine(header.runbookId), { color: 'cyan', bold: true }), seg(' · '), seg(sanitizeLine(header.title), { bold: true })],
    notes ? seg(`${notes} note${notes === 1 ? '' : 's'}`, { color: 'yellow' }) : undefined,
    width,
  );
  const second = spread(
    [seg('context ', { dim: true }), seg(sanitizeLine(header.context), header.production ? { color: 'red', bold: true } : {}), seg('  namespace ', { dim: true }), seg(sanitizeLine(header.namespace))],
    status(snapshot),
    width,
  );
  return [first, second];
}

function status(snapshot: Snapshot): Segment {
  const phase = snapshot.state.phase;
  switch (phase.kind) {
    case 'checking':
      return snapshot.paused ? seg('paused', { color: 'yellow' }) : seg('checking…', { dim: true });
    case 'asking':
      return seg('waiting for your answer', { color: 'yellow' });
    case 'info':
      return seg('waiting for you', { color: 'yellow' });
    case 'concluded': {
      const verdict = VERDICTS[phase.conclusion.verdict];
      return seg(verdict.label.toLowerCase(), { color: verdict.color, bold: true });
    }
  }
}

/** `left` cut to leave room for `right`, which sits against the right edge. */
function spread(left: Line, right: Segment | undefined, width: number): Line {
  if (!right) return fitLine(left, width);
  const rightText = truncate(right.text, Math.max(0, Math.floor(width / 3)));
  const leftLine = fitLine(left, width - textWidth(rightText) - 2);
  const used = leftLine.reduce((w, s) => w + textWidth(s.text), 0);
  return [...leftLine, seg(' '.repeat(Math.max(2, width - used - textWidth(rightText)))), { ...right, text: rightText }];
}
