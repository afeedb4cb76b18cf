// The whole screen as lines: which panels are shown and how many lines each gets so the frame
// never grows taller than the terminal (a taller frame makes Ink redraw the whole screen).
import type { Snapshot } from '../walk/controller';
import { conclusionLines } from './conclusion-panel';
import { COLLAPSED_LINES, evidenceOf, evidenceSummaryOf, latestEvidenceIndex, type Evidence } from './evidence-panel';
import { fixView, type FixView } from './fix-panel';
import { footerHeight, footerLines } from './footer-panel';
import { headerLines, type WalkHeader } from './header-panel';
import { fitLine, rule, seg, type Line } from './lines';
import { pathLines } from './path-panel';
import { phaseLines } from './phase-panel';
import type { ViewState } from './view-state';

export interface ScreenInput {
  snapshot: Snapshot;
  header: WalkHeader;
  postmortemPath?: string | undefined;
  view: ViewState;
  columns: number;
  /** Terminal height; undefined when unknown (not a terminal): nothing is cut. */
  rows?: number | undefined;
  /** The operator has left: the frame stays in the terminal's scrollback, without the keys. */
  final?: boolean | undefined;
}

export interface Screen {
  lines: Line[];
  /** Columns every line fits in. */
  width: number;
  /** The step whose evidence is shown, if any. */
  shownIndex: number | undefined;
  scrollable: boolean;
  maxScroll: number;
  page: number;
  fix: FixView;
}

/** Path lines get at most this share of the height. */
const PATH_SHARE = 1 / 4;
/** Lines the main panel keeps however small the terminal (a cut panel needs one for "j/k to scroll"). */
const MIN_MAIN = 3;
/** Fewer lines than this for evidence (title included) and it is left out. */
const MIN_EVIDENCE = 3;

export function composeScreen(input: ScreenInput): Screen {
  const screen = layout(input);
  // Panels fit their lines already; this keeps a slip in one of them from breaking the frame.
  return { ...screen, lines: screen.lines.map((line) => fitLine(line, screen.width)) };
}

function layout(input: ScreenInput): Screen {
  const { snapshot, view } = input;
  const { state } = snapshot;
  // One column of margin on each side.
  const width = Math.max(20, input.columns - 2);
  const shownIndex = view.selected !== null && view.selected < state.path.length ? view.selected : latestEvidenceIndex(state);
  const height = input.rows === undefined ? Infinity : Math.max(8, input.rows - 1);
  const fix = fixView(snapshot, input.header);
  const head = headerLines(input.header, snapshot, width);
  const footHeight = input.final ? 0 : footerHeight(view) + 1;
  const footer = (scrollable: boolean): Line[] =>
    input.final ? [] : [rule(width), ...footerLines({ snapshot, view, hasEvidence: shownIndex !== undefined, scrollable, fix }, width)];

  if (view.expanded && shownIndex !== undefined) {
    const evidence = evidenceOf(state, shownIndex, width, Infinity);
    const fixed = head.length + 1 + evidence.title.length + 1 + footHeight;
    const page = Number.isFinite(height) ? Math.max(1, height - fixed) : evidence.body.length;
    const maxScroll = Math.max(0, evidence.body.length - page);
    const scroll = Math.min(view.scroll, maxScroll);
    const body = evidence.body.slice(scroll, scroll + page);
    const position = evidence.body.length
      ? `lines ${scroll + 1}–${scroll + body.length} of ${evidence.body.length}`
      : 'no output';
    return {
      lines: [...head, rule(width), ...evidence.title, ...body, [seg(position, { dim: true })], ...footer(maxScroll > 0)],
      width,
      shownIndex,
      scrollable: maxScroll > 0,
      maxScroll,
      page,
      fix,
    };
  }

  const selected = view.selected ?? undefined;
  const phase = state.phase;
  const main = phase.kind === 'concluded' ? conclusionLines(state, phase.conclusion, input.postmortemPath, width, { snapshot, status: fix.status }) : phaseLines(snapshot, view.option, width);

  if (!Number.isFinite(height)) {
    const lines = [...head, rule(width), ...pathLines(state, selected, width), rule(width), ...main];
    if (shownIndex !== undefined) {
      const evidence = evidenceOf(state, shownIndex, width);
      lines.push(rule(width), ...evidence.title, ...evidence.body);
    }
    lines.push(...footer(false));
    return { lines, width, shownIndex, scrollable: false, maxScroll: 0, page: 1, fix };
  }

  // header, rule, path, rule, main, [rule, evidence], [rule, footer]
  const chrome = head.length + footHeight + 2;
  // The path gives up lines (down to one) before the main panel gets fewer than MIN_MAIN.
  const pathMax = Math.max(1, Math.min(Math.max(3, Math.floor(height * PATH_SHARE)), height - chrome - MIN_MAIN));
  const path = pathLines(state, selected, width, pathMax);
  let room = height - chrome - path.length;
  // A step the operator selected gets room for its evidence even when the main panel is long.
  const reserved = view.selected !== null && shownIndex !== undefined ? Math.max(MIN_EVIDENCE + 1, Math.floor(room / 2)) : 0;
  let mainShown = main;
  let maxScroll = 0;
  let page = 1;
  if (main.length > room - reserved) {
    page = Math.max(1, room - reserved - 1);
    maxScroll = Math.max(0, main.length - page);
    const scroll = Math.min(view.scroll, maxScroll);
    mainShown = [...main.slice(scroll, scroll + page), [seg(`  lines ${scroll + 1}–${scroll + page} of ${main.length} · j/k to scroll`, { dim: true })]];
  }
  room -= mainShown.length;

  const lines = [...head, rule(width), ...path, rule(width), ...mainShown];
  if (shownIndex !== undefined && room - 1 >= MIN_EVIDENCE) {
    const fitted = evidenceFitting(state, shownIndex, width, room - 1);
    lines.push(rule(width), ...evidenceWithin(fitted.title, fitted.body, room - 1));
  }
  lines.push(...footer(maxScroll > 0));
  return { lines, width, shownIndex, scrollable: maxScroll > 0, maxScroll, page, fix };
}

/** Fewer output lines per check until every check's command shows in `room`; else one line per check. */
function evidenceFitting(state: Snapshot['state'], index: number, width: number, room: number): Evidence {
  const fits = (e: Evidence) => e.title.length + e.body.length <= room;
  for (let limit = COLLAPSED_LINES; limit >= 1; limit--) {
    const evidence = evidenceOf(state, index, width, limit);
    if (fits(evidence)) return evidence;
  }
  return evidenceSummaryOf(state, index, width);
}

function evidenceWithin(title: Line[], body: Line[], room: number): Line[] {
  const all = [...title, ...body];
  if (all.length <= room) return all;
  const shown = all.slice(0, room - 1);
  const hidden = all.length - shown.length;
  return [...shown, [seg(`  … ${hidden} more line${hidden === 1 ? '' : 's'} (o to expand)`, { dim: true })]];
}
