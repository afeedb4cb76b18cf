import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { renderWalk } from '../../src/ui/render-walk';
import { FakeStdin, FakeStdout } from './fake-terminal';
import { diskRunbook, dfOutput, tick, waitFor, walkWith } from './fixtures';

const header = { runbookId: 'prometheus-disk-full', title: 'Prometheus data volume is full', context: 'kind-test', namespace: 'monitoring' };
const answers = {
  df: { stdout: dfOutput },
  wal: { failed: 'forbidden' as const, message: 'forbidden' },
  args: { stdout: '[]' },
};

describe('renderWalk', () => {
  it('resolves done when the operator leaves after the conclusion, showing the postmortem path once known', async () => {
    const { controller } = walkWith(diskRunbook, answers);
    const stdin = new FakeStdin();
    const stdout = new FakeStdout();
    let postmortem: string | undefined;
    setTimeout(() => (postmortem = '/tmp/postmortems/disk.md'), 50);
    const exited = renderWalk({
      controller,
      header,
      postmortemPath: () => postmortem,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
    });
    await controller.settled();
    await tick(400);
    stdin.write('\r');
    expect(await exited).toBe('done');
    await waitFor(() => stripAnsi(stdout.written).includes('Postmortem: /tmp/postmortems/disk.md'), () => stripAnsi(stdout.written).slice(-2000));
  });

  it('resolves quit and leaves the walk stopped when the operator quits early', async () => {
    const { controller, release } = walkWith(diskRunbook, answers, { hold: true });
    const stdin = new FakeStdin();
    const exited = renderWalk({ controller, header, stdin: stdin as unknown as NodeJS.ReadStream, stdout: new FakeStdout() as unknown as NodeJS.WriteStream });
    await tick(50);
    stdin.write('q');
    expect(await exited).toBe('quit');
    const phase = controller.snapshot.state.phase;
    expect(phase.kind === 'concluded' && phase.conclusion.rootCause).toBe('stopped by the operator');
    release();
  });

  it('refuses to start without a terminal on stdin', async () => {
    const { controller } = walkWith(diskRunbook, answers);
    const stdin = Object.assign(new FakeStdin(), { isTTY: false });
    await expect(renderWalk({ controller, header, stdin: stdin as unknown as NodeJS.ReadStream })).rejects.toThrow(/needs a terminal/);
  });
});
