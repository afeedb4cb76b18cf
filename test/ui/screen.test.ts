import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { lineText, lineWidth } from '../../src/ui/lines';
import { composeScreen, type ScreenInput } from '../../src/ui/screen';
import { handleKey, initialView, type ViewState } from '../../src/ui/view-state';
import type { Snapshot } from '../../src/walk/controller';
import { askRunbook, dfOutput, diskRunbook, walkWith } from './fixtures';

const header = { runbookId: 'prometheus-disk-full', title: 'Prometheus data volume is full', context: 'kind-test', namespace: 'monitoring' };
const diskAnswers = {
  df: { stdout: dfOutput, stderr: 'df: /proc/fs: permission denied\n'.repeat(5) },
  wal: { failed: 'forbidden' as const, message: 'pods "prom-0" is forbidden: cannot create pods/exec' },
  args: { stdout: '["--storage.tsdb.retention.time=30d"]' },
};

async function paused(): Promise<Snapshot> {
  const { controller } = walkWith(diskRunbook, diskAnswers, { stepByStep: true });
  return controller.settled();
}
async function concluded(): Promise<Snapshot> {
  const { controller } = walkWith(diskRunbook, diskAnswers);
  return controller.settled();
}
async function asking(): Promise<Snapshot> {
  const { controller } = walkWith(askRunbook, { side: { failed: 'timeout', message: 'no answer within 10s' } });
  return controller.settled();
}

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key> = {}): Key => ({ ...noKey, ...k });
const noFix = { offered: false, context: 'kind-test', namespace: 'monitoring', typed: false, verifiable: false };

function press(input: Omit<ScreenInput, 'view'>, view: ViewState, chars: string, k: Partial<Key> = {}): ViewState {
  const screen = composeScreen({ ...input, view });
  const { state, paused } = input.snapshot;
  return handleKey(view, { state, paused, shownIndex: screen.shownIndex, scrollable: screen.scrollable, maxScroll: screen.maxScroll, page: screen.page, fix: screen.fix }, chars, key(k)).view;
}

const text = (input: ScreenInput) => composeScreen(input).lines.map(lineText).join('\n');

describe('composeScreen', () => {
  it('never draws a frame taller or wider than the terminal', async () => {
    const snapshots = [await paused(), await concluded(), await asking()];
    const views: ViewState[] = [initialView, { ...initialView, expanded: true }, { ...initialView, selected: 0 }, { ...initialView, draft: 'a note' }];
    for (const [columns, rows] of [[120, 40], [80, 24], [60, 16], [40, 12]] as const) {
      for (const snapshot of snapshots) {
        for (const view of views) {
          const screen = composeScreen({ snapshot, header, view, columns, rows, postmortemPath: '/var/tmp/postmortems/prometheus-disk-full.md' });
          expect(screen.lines.length, `${columns}x${rows} ${snapshot.state.phase.kind}`).toBeLessThanOrEqual(rows - 1);
          for (const line of screen.lines) expect(lineWidth(line)).toBeLessThanOrEqual(screen.width);
        }
      }
    }
  });

  it('when the evidence does not fit, shows fewer lines per check so every command stays visible', async () => {
    const input = { snapshot: await paused(), header, view: initialView, columns: 100, rows: 30 };
    const shown = text(input);
    expect(shown).toContain('$ kubectl exec prom-0 -c prometheus -- df -h /prometheus');
    expect(shown).toContain('$ kubectl exec prom-0 -c prometheus -- ls /prometheus/wal');
    expect(shown).toContain('more lines (o to expand)');
  });

  it('pages through expanded evidence to its last line', async () => {
    const base = { snapshot: await paused(), header, columns: 80, rows: 16 };
    let view = press(base, initialView, 'o');
    expect(view.expanded).toBe(true);
    expect(text({ ...base, view })).not.toContain('/dev/shm18');
    for (let i = 0; i < 20; i++) view = press(base, view, '', { pageDown: true });
    const last = text({ ...base, view });
    expect(last).toContain('could not check: forbidden');
    expect(last).toMatch(/lines \d+–(\d+) of \1/);
    view = press(base, view, 'k');
    expect(text({ ...base, view })).not.toMatch(/lines \d+–(\d+) of \1/);
    view = press(base, view, '', { home: true });
    expect(text({ ...base, view })).toContain('lines 1–');
  });

  it('lets a conclusion taller than the screen scroll with j/k', async () => {
    const base = { snapshot: await concluded(), header, columns: 60, rows: 16 };
    const screen = composeScreen({ ...base, view: initialView });
    expect(screen.scrollable).toBe(true);
    expect(text({ ...base, view: initialView })).toContain('j/k to scroll');
    let view = initialView;
    for (let i = 0; i < 40; i++) view = press(base, view, 'j');
    expect(view.scroll).toBe(screen.maxScroll);
    expect(text({ ...base, view })).toContain('See also: prometheus-wal-corrupt');
  });

  it('shows everything, uncut, when the terminal height is unknown', async () => {
    const shown = text({ snapshot: await concluded(), header, view: { ...initialView, selected: 0 }, columns: 100 });
    expect(shown).toContain('Root cause:');
    expect(shown).toContain('Evidence · step 1');
    expect(shown).toMatch(/… \d+ more lines \(o to expand\)/);
  });
});

describe('handleKey', () => {
  it('quits on ctrl+c before the conclusion and exits done after it', async () => {
    const stateOf = (s: Snapshot) => ({ state: s.state, paused: s.paused, shownIndex: undefined, scrollable: false, maxScroll: 0, page: 1, fix: noFix });
    expect(handleKey(initialView, stateOf(await paused()), 'c', key({ ctrl: true })).action).toEqual({ kind: 'quit' });
    expect(handleKey(initialView, stateOf(await concluded()), 'c', key({ ctrl: true })).action).toEqual({ kind: 'done' });
    expect(handleKey(initialView, stateOf(await concluded()), 'q', key()).action).toEqual({ kind: 'done' });
  });

  it('moves the step selection within the path and back to following the latest', async () => {
    const snapshot = await concluded();
    const ctx = { state: snapshot.state, paused: false, shownIndex: 1, scrollable: false, maxScroll: 0, page: 1, fix: noFix };
    const up = (v: ViewState) => handleKey(v, ctx, '', key({ upArrow: true })).view;
    const down = (v: ViewState) => handleKey(v, ctx, '', key({ downArrow: true })).view;
    expect(down(initialView).selected).toBeNull();
    expect(up(initialView).selected).toBe(snapshot.state.path.length - 2);
    expect(up(up(up(up(up(initialView))))).selected).toBe(0);
    let view = up(initialView);
    for (let i = 0; i < snapshot.state.path.length; i++) view = down(view);
    expect(view.selected).toBeNull();
  });

  it('a note whose Enter arrives in the same chunk as its text is saved; a pasted multi-line note is one line', async () => {
    const snapshot = await concluded();
    const ctx = { state: snapshot.state, paused: false, shownIndex: undefined, scrollable: false, maxScroll: 0, page: 1, fix: noFix };
    const typing = handleKey(initialView, ctx, 'n', key()).view;
    const saved = handleKey(typing, ctx, 'checked with the lead\r', key());
    expect(saved.action).toEqual({ kind: 'note', text: 'checked with the lead' });
    expect(saved.view.draft).toBeNull();
    const pasted = handleKey(typing, ctx, 'line one\nline two', key());
    expect(pasted.action).toBeUndefined();
    expect(pasted.view.draft).toBe('line one line two');
  });

  it('does nothing with o when there is no evidence to show', async () => {
    const snapshot = await asking();
    const ctx = { state: snapshot.state, paused: false, shownIndex: undefined, scrollable: false, maxScroll: 0, page: 1, fix: noFix };
    expect(handleKey(initialView, ctx, 'o', key()).view.expanded).toBe(false);
  });
});
