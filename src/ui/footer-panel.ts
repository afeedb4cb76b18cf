// The keys that do something right now, and the note being typed.
import type { Snapshot } from '../walk/controller';
import { fitLine, seg, type Line } from './lines';
import { textWidth } from './text-layout';
import { confirmLine, type FixView } from './fix-panel';
import type { ViewState } from './view-state';

export interface FooterContext {
  snapshot: Snapshot;
  view: ViewState;
  hasEvidence: boolean;
  scrollable: boolean;
  fix: FixView;
}

export function footerLines(ctx: FooterContext, width: number): Line[] {
  const { view } = ctx;
  if (view.draft !== null) return [draftLine(view.draft, width), keysLine([['enter', 'save note'], ['esc', 'cancel']], width)];
  if (view.confirm !== null) return [confirmLine(ctx.fix, view.confirm, width), keysLine(confirmKeys(ctx.fix), width)];
  return [keysLine(keysFor(ctx), width)];
}

/** How many lines the footer takes: known before the rest of the screen is laid out. */
export function footerHeight(view: ViewState): number {
  return view.draft !== null || view.confirm !== null ? 2 : 1;
}

function confirmKeys(fix: FixView): [string, string][] {
  const s = fix.status;
  if (s?.stage === 'planned' && s.plan.applicable) return fix.typed ? [['enter', 'apply'], ['esc', 'cancel']] : [['y', 'apply'], ['n/esc', 'cancel']];
  return [['esc', 'close'], ['q', 'exit']];
}

function keysFor({ snapshot, view, hasEvidence, scrollable, fix }: FooterContext): [string, string][] {
  const phase = snapshot.state.phase;
  if (view.expanded) {
    return [['j/k ↑/↓ PgUp/PgDn', 'scroll'], ['o', 'collapse'], ['q', phase.kind === 'concluded' ? 'exit' : 'quit'], ['←/→', 'step'], ['n', 'note']];
  }
  const keys: [string, string][] = [];
  if (phase.kind === 'concluded') keys.push(['enter/q', 'exit']);
  if (phase.kind === 'concluded' && fix.offered) keys.push(['a', fix.status?.stage === 'failed' ? 'retry fix' : 'apply fix']);
  if (phase.kind === 'concluded' && fix.verifiable) keys.push(['v', fix.offered ? 'verify (applied by hand)' : 'verify']);
  else if (phase.kind === 'asking') keys.push([`1-${Math.min(9, phase.options.length)} ↑/↓`, 'choose'], ['enter', 'answer']);
  else if (phase.kind === 'info') keys.push(['enter', 'continue']);
  else if (snapshot.paused) keys.push(['enter', 'run next step']);
  // Quitting comes early: on a narrow terminal the end of the line is cut.
  keys.push(phase.kind === 'concluded' ? ['', ''] : ['q', 'quit']);
  keys.push(phase.kind === 'asking' ? ['←/→', 'select step'] : ['↑/↓', 'select step']);
  if (view.selected !== null) keys.push(['esc', 'latest']);
  if (hasEvidence) keys.push(['o', 'output']);
  if (scrollable) keys.push(['j/k', 'scroll']);
  keys.push(['n', 'note']);
  return keys.filter(([key]) => key);
}

function keysLine(keys: [string, string][], width: number): Line {
  const line: Line = [];
  keys.forEach(([key, label], i) => {
    if (i > 0) line.push(seg('  '));
    line.push(seg(key, { bold: true }), seg(` ${label}`, { dim: true }));
  });
  return fitLine(line, width);
}

/** The end of a long draft stays in view, as in any one-line input. */
function draftLine(draft: string, width: number): Line {
  const prompt = 'note › ';
  const room = width - prompt.length - 1;
  let shown = draft;
  while (textWidth(shown) > room) shown = Array.from(shown).slice(1).join('');
  return [seg(prompt, { color: 'yellow', bold: true }), seg(shown), seg(' ', { inverse: true })];
}
