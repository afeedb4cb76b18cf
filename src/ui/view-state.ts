// What the operator has chosen to look at, and what each key does with it. Pure: the screen
// turns the returned action into a call on the walk controller.
import type { Key } from 'ink';
import type { WalkState } from '../engine/state';
import type { FixView } from './fix-panel';
import { sanitizeOutput } from '../session/sanitize';

export interface ViewState {
  /** Path index whose evidence is shown; null follows the latest step with evidence. */
  selected: number | null;
  /** The evidence is shown in full, scrollable. */
  expanded: boolean;
  /** First line shown of what scrolls: the expanded evidence, or a panel taller than the screen. */
  scroll: number;
  /** Highlighted option of a question. */
  option: number;
  /** The note being typed; null when not typing one. */
  draft: string | null;
  /** Applying the fix was asked for (`a`): what is typed to confirm; null when not asked. */
  confirm: string | null;
}

export const initialView: ViewState = { selected: null, expanded: false, scroll: 0, option: 0, draft: null, confirm: null };

export type Action =
  | { kind: 'proceed' }
  | { kind: 'answer'; option: number }
  | { kind: 'note'; text: string }
  /** Leave before the walk concluded: the walk is stopped, the record kept. */
  | { kind: 'quit' }
  /** Leave after the conclusion. */
  | { kind: 'done' }
  /** Check what applying the conclusion's fix needs: permissions, a dry run, the diff. */
  | { kind: 'plan-fix' }
  /** Apply the planned fix: the operator confirmed it. */
  | { kind: 'apply-fix' }
  /** The operator applied the printed fix by hand: verify it. */
  | { kind: 'verify-fix' };

export interface KeyContext {
  state: WalkState;
  paused: boolean;
  /** The step whose evidence is shown now, if any. */
  shownIndex: number | undefined;
  /** Something on screen scrolls (expanded evidence, or a panel cut to fit). */
  scrollable: boolean;
  maxScroll: number;
  /** Lines one PgUp/PgDn moves. */
  page: number;
  fix: FixView;
}

export function handleKey(view: ViewState, ctx: KeyContext, input: string, key: Key): { view: ViewState; action?: Action } {
  const concluded = ctx.state.phase.kind === 'concluded';
  if (key.ctrl && input === 'c') return { view, action: concluded ? { kind: 'done' } : { kind: 'quit' } };
  if (view.draft !== null) return editDraft(view, view.draft, input, key);
  const status = ctx.fix.status;
  if (view.confirm !== null && status?.stage === 'planned' && status.plan.applicable) return confirmFix(view, view.confirm, ctx.fix, input, key);
  if (view.confirm !== null && (key.escape || !status || status.stage !== 'planning')) {
    // The plan said no (or the fix moved on): the prompt closes on the next key, which then acts as usual.
    view = { ...view, confirm: null };
    if (key.escape) return { view };
  }
  if (input === 'v' && concluded && ctx.fix.verifiable) return { view, action: { kind: 'verify-fix' } };
  if (input === 'a' && concluded && ctx.fix.offered) {
    return { view: { ...view, confirm: '' }, action: status?.stage === 'planned' && status.plan.applicable ? undefined : { kind: 'plan-fix' } };
  }

  if (input === 'q') return { view, action: concluded ? { kind: 'done' } : { kind: 'quit' } };
  if (input === 'n') return { view: { ...view, draft: '' } };
  if (key.escape) {
    if (view.expanded) return { view: { ...view, expanded: false, scroll: 0 } };
    return { view: { ...view, selected: null, scroll: 0 } };
  }
  if (input === 'o') {
    if (ctx.shownIndex === undefined) return { view };
    return { view: { ...view, expanded: !view.expanded, scroll: 0 } };
  }

  const scrolled = scroll(view, ctx, input, key);
  if (scrolled) return { view: scrolled };

  if (key.leftArrow) return { view: select(view, ctx, -1) };
  if (key.rightArrow) return { view: select(view, ctx, +1) };

  const phase = ctx.state.phase;
  if (phase.kind === 'asking') {
    const count = phase.options.length;
    if (key.upArrow) return { view: { ...view, option: Math.max(0, view.option - 1) } };
    if (key.downArrow) return { view: { ...view, option: Math.min(count - 1, view.option + 1) } };
    if (/^[1-9]$/.test(input) && Number(input) <= count) return { view: { ...view, option: Number(input) - 1 }, action: { kind: 'answer', option: Number(input) - 1 } };
    if (key.return) return { view, action: { kind: 'answer', option: Math.min(view.option, count - 1) } };
    return { view };
  }
  if (key.upArrow) return { view: select(view, ctx, -1) };
  if (key.downArrow) return { view: select(view, ctx, +1) };
  if (key.return) {
    if (concluded) return { view, action: { kind: 'done' } };
    if (phase.kind === 'info' || (phase.kind === 'checking' && ctx.paused)) return { view, action: { kind: 'proceed' } };
  }
  return { view };
}

function scroll(view: ViewState, ctx: KeyContext, input: string, key: Key): ViewState | undefined {
  if (!ctx.scrollable) return undefined;
  // Arrows scroll the expanded evidence; elsewhere they select steps and answers.
  const arrows = view.expanded;
  let delta: number | undefined;
  if (input === 'j' || (arrows && key.downArrow)) delta = 1;
  else if (input === 'k' || (arrows && key.upArrow)) delta = -1;
  else if (key.pageDown || input === ' ') delta = ctx.page;
  else if (key.pageUp) delta = -ctx.page;
  else if (key.home || input === 'g') delta = -Infinity;
  else if (key.end || input === 'G') delta = Infinity;
  if (delta === undefined) return undefined;
  const next = Math.max(0, Math.min(ctx.maxScroll, view.scroll + delta));
  return { ...view, scroll: next };
}

function select(view: ViewState, ctx: KeyContext, delta: number): ViewState {
  const last = ctx.state.path.length - 1;
  if (last < 0) return view;
  if (view.selected === null) {
    // Following the latest: the first step up is the one before the current step.
    return delta > 0 ? view : { ...view, selected: Math.max(0, last - 1), scroll: 0 };
  }
  const next = view.selected + delta;
  if (next > last) return { ...view, selected: null, scroll: 0 };
  return { ...view, selected: Math.max(0, next), scroll: 0 };
}

/** y/n, or the context's name typed when it looks like production. */
function confirmFix(view: ViewState, typed: string, fix: FixView, input: string, key: Key): { view: ViewState; action?: Action } {
  const closed = { ...view, confirm: null };
  if (key.escape) return { view: closed };
  if (!fix.typed) {
    if (input === 'y' || input === 'Y') return { view: closed, action: { kind: 'apply-fix' } };
    if (input === 'n' || input === 'N' || input === 'q' || key.return) return { view: closed };
    return { view };
  }
  if (key.return) return typed.trim() === fix.context ? { view: closed, action: { kind: 'apply-fix' } } : { view };
  if (key.backspace || key.delete) return { view: { ...view, confirm: Array.from(typed).slice(0, -1).join('') } };
  if (key.ctrl && input === 'u') return { view: { ...view, confirm: '' } };
  if (!input || key.ctrl || key.meta) return { view };
  const next = typed + sanitizeOutput(input).replace(/[\r\n\t]/g, '');
  if (endsWithEnter(input)) return confirmFix({ ...view, confirm: next }, next, fix, '', { ...key, return: true });
  return { view: { ...view, confirm: next } };
}

function editDraft(view: ViewState, draft: string, input: string, key: Key): { view: ViewState; action?: Action } {
  if (key.return) {
    const text = draft.trim();
    return { view: { ...view, draft: null }, action: text ? { kind: 'note', text } : undefined };
  }
  if (key.escape) return { view: { ...view, draft: null } };
  if (key.backspace || key.delete) return { view: { ...view, draft: Array.from(draft).slice(0, -1).join('') } };
  if (key.ctrl && input === 'u') return { view: { ...view, draft: '' } };
  if (!input || key.ctrl || key.meta) return { view };
  // Pasted text may span lines; a note is one line. An Enter that arrives in the same chunk as
  // the text before it (fast typing over SSH) still saves the note.
  const submitted = endsWithEnter(input);
  const next = draft + sanitizeOutput(submitted ? input.replace(/[\r\n]+$/, '') : input).replace(/[\n\t]/g, ' ');
  if (submitted) return editDraft({ ...view, draft: next }, next, '', { ...key, return: true });
  return { view: { ...view, draft: next } };
}

function endsWithEnter(input: string): boolean {
  return input.length > 1 && /[\r\n]$/.test(input);
}
