import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WalkScreen, type ExitReason } from '../../src/ui/walk-screen';
import type { WalkController } from '../../src/walk/controller';
import { askRunbook, dfOutput, diskRunbook, infoRunbook, tick, waitFor, walkWith } from './fixtures';

const header = { runbookId: 'prometheus-disk-full', title: 'Prometheus data volume is full', context: 'kind-test', namespace: 'monitoring' };

const diskAnswers = {
  df: { stdout: dfOutput },
  wal: { failed: 'forbidden' as const, message: 'pods "prom-0" is forbidden: cannot create pods/exec' },
  args: { stdout: '["--storage.tsdb.retention.time=30d"]' },
};

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

function mount(controller: WalkController, postmortemPath?: string) {
  const onExit = vi.fn<(reason: ExitReason) => void>();
  const app = render(<WalkScreen controller={controller} header={header} postmortemPath={postmortemPath} onExit={onExit} />);
  mounted.push(app);
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  const until = (text: string | RegExp) => waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), frame);
  const press = async (keys: string) => {
    app.stdin.write(keys);
    await tick(20);
  };
  return { app, onExit, frame, until, press };
}

describe('WalkScreen', () => {
  it('shows the header and each running check with a spinner and its command', async () => {
    const { controller, release } = walkWith(diskRunbook, diskAnswers, { hold: true });
    const { frame, until } = mount(controller);
    await until('$ kubectl exec prom-0 -c prometheus -- df -h /prometheus');
    expect(frame()).toContain('prometheus-disk-full · Prometheus data volume is full');
    expect(frame()).toContain('context kind-test');
    expect(frame()).toContain('namespace monitoring');
    expect(frame()).toContain('▸ How full is the data volume?');
    expect(frame()).toContain('Prometheus stops ingesting');
    expect(frame()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] volume usage\s+\$ kubectl exec prom-0/);
    expect(frame()).toContain('$ kubectl exec prom-0 -c prometheus -- ls /prometheus/wal');
    release();
    await until('Limit retention by size');
    expect(frame()).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });

  it('marks each visited step and ends at the conclusion with the fix as a kubectl command', async () => {
    const { controller } = walkWith(diskRunbook, diskAnswers);
    const { frame, until, app, onExit } = mount(controller);
    await until('Problem found');
    const text = frame();
    expect(text).toMatch(/✗ How full is the data volume\?\s+the volume is full/);
    expect(text).toContain('✓ Is retention limited by size?');
    expect(text).toContain('◆ Retention is limited by time only');
    expect(text).toContain('Root cause: Blocks are kept for 30 days whatever their size.');
    expect(text).toContain('Finding: the volume is full');
    expect(text).toContain('Fix: Limit retention by size');
    expect(text).toContain('restarts: the prometheus pods, one at a time');
    // Broken between arguments with shell continuations, it still pastes as one command.
    const joined = text.replace(/ \\\n\s+/g, ' ');
    expect(joined).toContain(`kubectl patch statefulset.apps prometheus -n monitoring --type=merge -p '{"spec":{"replicas":2}}'`);
    expect(text).toMatch(/│ prometheusSpec:\s+│/);
    expect(text).toMatch(/│   retentionSize: 45GB\s+│/);
    expect(text).toContain('verify: How full is the data volume? (step usage)');
    expect(text).toContain('• Grow the volume if 45GB is too little history');
    expect(text).toContain('See also: prometheus-wal-corrupt');
    expect(text).not.toContain('Postmortem:');
    // The postmortem is written after the conclusion: its path arrives later.
    app.rerender(<WalkScreen controller={controller} header={header} postmortemPath="/tmp/pm/disk.md" onExit={onExit} />);
    await until('Postmortem: /tmp/pm/disk.md');
  });

  it('cuts long output to a few lines and shows all of it on o', async () => {
    const { controller } = walkWith(diskRunbook, { ...diskAnswers, args: { stdout: 'x' } }, { stepByStep: true });
    const { frame, until, press } = mount(controller);
    await until('press enter to run the next step');
    expect(frame()).toContain('Evidence · step 1: How full is the data volume?');
    expect(frame()).toContain('# volume usage');
    expect(frame()).toContain('/dev/sdb         50G   50G     0 100% /prometheus');
    expect(frame()).toContain('… 12 more lines (o to expand)');
    expect(frame()).not.toContain('/dev/shm18');
    await press('o');
    await until('/dev/shm18');
    expect(frame()).not.toContain('more lines (o to expand)');
    expect(frame()).toContain('lines 1–');
    expect(frame()).toContain('o collapse');
    await press('o');
    await until('… 12 more lines (o to expand)');
    expect(frame()).not.toContain('/dev/shm18');
  });

  it('says why a check could not run and how to check by hand', async () => {
    const { controller } = walkWith(diskRunbook, diskAnswers, { stepByStep: true });
    const { frame, until } = mount(controller);
    await until('press enter to run the next step');
    expect(frame()).toContain('$ kubectl exec prom-0 -c prometheus -- ls /prometheus/wal');
    expect(frame()).toContain('could not check: forbidden — pods "prom-0" is forbidden: cannot create pods/exec');
    expect(frame()).toContain('by hand: kubectl -n monitoring exec prom-0 -- ls /prometheus/wal');
  });

  it('runs the next step only when the operator presses enter', async () => {
    const { controller } = walkWith(diskRunbook, diskAnswers, { stepByStep: true });
    const { frame, until, press } = mount(controller);
    await until('press enter to run the next step');
    expect(frame()).toContain('▸ Is retention limited by size?');
    expect(frame()).toContain('enter run next step');
    await tick(50);
    expect(controller.snapshot.paused).toBe(true);
    await press('\r');
    await until('Problem found');
  });

  it('keeps output escape sequences and control characters off the screen', async () => {
    const hostile = 'DANGER\u001b[2J\u001b[1A text\u001b]0;evil-title\u0007 after\u0008\u009b31m ok\r\nnext line\n';
    const { controller } = walkWith(diskRunbook, { ...diskAnswers, df: { stdout: `${dfOutput}`, stderr: hostile } }, { stepByStep: true });
    const { app, until } = mount(controller);
    await until('press enter');
    const raw = app.lastFrame() ?? '';
    expect(stripAnsi(raw)).toContain('DANGER text after ok');
    expect(stripAnsi(raw)).toContain('next line');
    for (const bad of ['\u001b[2J', '\u001b[1A', '\u001b]0;', 'evil-title', '\u0007', '\u0008', '\u009b', '\r']) expect(raw).not.toContain(bad);
  });

  it('q stops the walk, keeps the record and exits with quit', async () => {
    const { controller, events, release } = walkWith(diskRunbook, diskAnswers, { hold: true });
    const stop = vi.spyOn(controller, 'stop');
    const { onExit, until, press, frame } = mount(controller);
    await until('$ kubectl exec prom-0');
    await press('q');
    expect(stop).toHaveBeenCalledWith('stopped by the operator');
    expect(onExit).toHaveBeenCalledWith('quit');
    expect(controller.snapshot.state.phase.kind).toBe('concluded');
    await until('Root cause: stopped by the operator');
    expect(frame()).toContain('? How full is the data volume?');
    // The checks that were running finish later; the walk stays concluded once.
    release();
    await tick(30);
    expect(events.filter((e) => e.type === 'concluded')).toHaveLength(1);
    expect(events.some((e) => e.type === 'walk-started')).toBe(true);
  });

  it('after the conclusion, enter exits with done without stopping anything', async () => {
    const { controller } = walkWith(diskRunbook, diskAnswers);
    const stop = vi.spyOn(controller, 'stop');
    const { onExit, until, press, frame } = mount(controller);
    await until('Problem found');
    expect(frame()).toContain('enter/q exit');
    await press('\r');
    expect(onExit).toHaveBeenCalledWith('done');
    await press('q');
    expect(onExit).toHaveBeenCalledTimes(1);
    expect(stop).not.toHaveBeenCalled();
    // The last frame stays in the scrollback: the conclusion, without keys that no longer work.
    await waitFor(() => !frame().includes('enter/q exit'), frame);
    expect(frame()).toContain('Root cause: Blocks are kept for 30 days');
  });

  it('asks when evidence is missing, shows the manual command, and takes a number key as the answer', async () => {
    const { controller } = walkWith(askRunbook, { side: { failed: 'no-such-command', message: 'id: executable file not found in $PATH' } });
    const { frame, until, press } = mount(controller);
    await until('The evidence is incomplete');
    expect(frame()).toContain('Some checks could not run:');
    expect(frame()).toContain('by hand: kubectl -n monitoring get pod prom-0 -o yaml');
    expect(frame()).toMatch(/› 1\. Same user/);
    expect(frame()).toMatch(/2\. the sidecar runs as another user/);
    expect(frame()).toContain('1-2 ↑/↓ choose');
    await press('3'); // no such option: ignored
    expect(controller.snapshot.state.phase.kind).toBe('asking');
    await press('2');
    await until('Problem found');
    expect(frame()).toContain('? Does the sidecar run as the prometheus user?');
    expect(frame()).toContain('answered: the sidecar runs as another user');
  });

  it('answers with the arrows and enter', async () => {
    const { controller } = walkWith(askRunbook, { side: { failed: 'timeout', message: 'no answer in 10s' } });
    const { until, press } = mount(controller);
    await until('The evidence is incomplete');
    await press('\u001b[B'); // down
    await until(/› 2\. the sidecar runs as another user/);
    await press('\r');
    await until('Different users');
  });

  it('shows an info step until enter', async () => {
    const { controller } = walkWith(infoRunbook, {});
    const { frame, until, press } = mount(controller);
    await until('press enter to continue');
    expect(frame()).toContain('▸ Before you start');
    expect(frame()).toContain('Silence the alert in Alertmanager');
    expect(frame()).toContain('enter continue');
    await press('\r');
    await until('? Inconclusive · Nothing to check');
    expect(frame()).toContain('✓ Before you start');
  });

  it('n opens a one-line note input: enter saves the note, esc cancels', async () => {
    const { controller, events } = walkWith(diskRunbook, diskAnswers, { stepByStep: true });
    const { frame, until, press } = mount(controller);
    await until('press enter to run the next step');
    await press('n');
    await until('note ›');
    expect(frame()).toContain('enter save note');
    await press('df says 100%, qx'); // letters that are keys elsewhere are just text here
    await press('\u007f'); // backspace
    await until('note › df says 100%, q');
    await press('\r');
    await until('1 note');
    expect(controller.snapshot.notes.map((n) => n.text)).toEqual(['df says 100%, q']);
    expect(events.filter((e) => e.type === 'note')).toHaveLength(1);
    expect(controller.snapshot.state.phase.kind).toBe('checking');

    await press('n');
    await press('never mind');
    await press('\u001b');
    await tick(30);
    await waitFor(() => !frame().includes('note ›'), frame);
    expect(controller.snapshot.notes).toHaveLength(1);
  });

  it('↑ selects an earlier step and shows its evidence; esc follows the latest again', async () => {
    const { controller } = walkWith(diskRunbook, diskAnswers);
    const { frame, until, press } = mount(controller);
    await until('Problem found');
    expect(frame()).toContain('Evidence · step 2: Is retention limited by size?');
    await press('\u001b[A'); // up: the step before the conclusion
    await press('\u001b[A');
    await until('Evidence · step 1: How full is the data volume?');
    expect(frame()).toMatch(/› ✗ How full is the data volume\?/);
    expect(frame()).toContain('esc latest');
    await press('\u001b');
    await until('Evidence · step 2: Is retention limited by size?');
  });
});
