// Hostile evidence in the interactive walk: escape sequences from a log line or a command's
// output are shown as text and never act on the terminal; a 100,000-line output keeps every
// frame the size of the screen, collapsed, expanded and scrolled.
import stripAnsi from 'strip-ansi';
import { describe, expect, it, vi } from 'vitest';

// With CI set (as in CI runs), Ink writes only the last frame, at exit; these tests read every
// frame as a terminal would. Runs before the imports below load Ink.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});
import { renderWalk } from '../../src/ui/render-walk';
import { diskRunbook, tick, waitFor, walkWith } from '../ui/fixtures';
import { FakeStdin, FakeStdout, FORBIDDEN_ON_SCREEN, HOSTILE_PAYLOADS } from './terminal';

const header = { runbookId: 'prometheus-disk-full', title: 'Prometheus data volume is full', context: 'kind-test', namespace: 'monitoring' };

async function open(dfStdout: string, stderr = '') {
  const { controller } = walkWith(diskRunbook, { df: { stdout: dfStdout, stderr }, wal: { stdout: HOSTILE_PAYLOADS.join('\n') }, args: { stdout: '[]' } });
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const exited = renderWalk({ controller, header, stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream });
  await controller.settled();
  await tick(100);
  return {
    stdin,
    stdout,
    /** Sends a key and returns what the terminal received because of it. */
    async press(key: string, until: (frame: string) => boolean = () => true): Promise<string> {
      const before = stdout.written.length;
      stdin.write(key);
      await waitFor(() => stdout.written.length > before && until(stripAnsi(stdout.written.slice(before))), () => stripAnsi(stdout.written.slice(before)).slice(-1500), 5000);
      await tick(50);
      return stdout.written.slice(before);
    },
    async quit() {
      stdin.write('q');
      await exited;
    },
  };
}

function forbiddenIn(text: string): string[] {
  return FORBIDDEN_ON_SCREEN.filter(([, re]) => re.test(text)).map(([what]) => what);
}

describe('escape sequences in evidence', () => {
  it('are shown as text, never sent to the terminal, collapsed or expanded', async () => {
    const hostile = HOSTILE_PAYLOADS.map((p, i) => `line-${i} ${p} end-${i}`).join('\n');
    const screen = await open(`Filesystem Use%\n/dev/sdb 100%\n${hostile}\n`, hostile);
    expect(forbiddenIn(screen.stdout.written)).toEqual([]);
    await screen.press('\u001b[A'); // up: the step before the conclusion
    await screen.press('\u001b[A'); // up: the first step, whose checks printed the payloads
    const expanded = await screen.press('o', (f) => f.includes('end-13'));
    expect(forbiddenIn(expanded)).toEqual([]);
    // The visible parts survive: an operator still sees what the command printed.
    const visible = stripAnsi(expanded);
    expect(visible).toContain('$(touch /tmp/runbook-hostile-pwned)');
    expect(visible).toContain('OVERWRITTEN');
    expect(visible).toContain('admintxt.exe');
    await screen.quit();
  });
});

describe('a check whose output is 100,000 lines', () => {
  const LINES = 100_000;
  const big = ['Filesystem Use%', '/dev/sdb 100%', ...Array.from({ length: LINES }, (_, i) => `line ${String(i).padStart(6, '0')} ${'x'.repeat(60)}`)].join('\n');

  it('draws frames no bigger than the screen, collapsed, expanded and scrolled to the end', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const screen = await open(big);
    const rows = screen.stdout.rows;
    const columns = screen.stdout.columns;
    // A frame is at most the screen (plus escape codes); say 4x the visible characters.
    const frameBound = rows * columns * 4;

    expect(screen.stdout.written.length).toBeLessThan(frameBound * 10);
    await screen.press('\u001b[A');
    const collapsed = await screen.press('\u001b[A', (f) => f.includes('more lines'));
    expect(collapsed.length).toBeLessThan(frameBound);
    const expanded = await screen.press('o', (f) => f.includes('line 000000'));
    expect(expanded.length).toBeLessThan(frameBound);
    const end = await screen.press('G', (f) => f.includes('line 099999'));
    expect(end.length).toBeLessThan(frameBound);
    expect(stripAnsi(end)).not.toContain('line 000000');

    // Memory stays within a small multiple of the output itself (~7 MB of text).
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(grown).toBeLessThan(300 * 1024 * 1024);
    await screen.quit();
  });
});
