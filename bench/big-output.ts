// Rendering a check whose output is 100,000 lines: the time to compose one frame of the walk
// screen (collapsed, expanded, scrolled to the end) and the Ink frame after a key press, against
// the same screens with a 20-line output, and the memory the big output costs.
//
//   npx tsx bench/big-output.ts          (prints one JSON document)
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CheckResult } from '../src/cluster/types';
import type { PlannedCheck } from '../src/engine/state';
import { runbookSchema } from '../src/runbook/schema';
import { renderWalk } from '../src/ui/render-walk';
import { composeScreen } from '../src/ui/screen';
import { initialView, type ViewState } from '../src/ui/view-state';
import { WalkController } from '../src/walk/controller';
import { FakeStdin } from '../test/ui/fake-terminal';

const runbook = runbookSchema.parse({
  id: 'big-output',
  title: 'A check that prints a lot',
  start: 'look',
  steps: {
    look: {
      title: 'What does the log say?',
      checks: { log: { logs: { pod: 'p-0', container: 'c' } } },
      branches: [{ when: { matches: { value: '{{checks.log.stdout}}', pattern: 'ERROR' } }, finding: 'an error', next: 'bad' }, { otherwise: 'fine' }],
    },
    bad: { title: 'Bad', conclusion: { verdict: 'problem', rootCause: 'the log has an error' } },
    fine: { title: 'Fine', conclusion: { verdict: 'healthy', rootCause: 'nothing' } },
  },
});

export function bigText(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`ts=2025-03-04T05:${String(i % 60).padStart(2, '0')}:00Z level=info caller=shipper.go:${i % 400} msg="line ${i}" ${i === lines - 1 ? 'ERROR' : ''}`);
  return out.join('\n') + '\n';
}

async function walkedController(stdout: string): Promise<WalkController> {
  const controller = new WalkController({
    runbook,
    params: { namespace: 'monitoring' },
    describe: () => 'kubectl logs p-0 -c c',
    recorder: { record: () => {} },
    runCheck: async (check: PlannedCheck & { runnable: true }): Promise<CheckResult> => ({
      status: 'ran', stdout, stderr: '', exitCode: 0, command: `kubectl logs ${check.name}`, startedAt: new Date().toISOString(), durationMs: 1,
    }),
  });
  await controller.settled();
  return controller;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median time to compose one frame in three views. */
async function composeTimes(stdout: string, repeat: number) {
  const controller = await walkedController(stdout);
  const base = { snapshot: controller.snapshot, header: { runbookId: 'big-output', title: 'x', context: 'c', namespace: 'n' }, columns: 120, rows: 40 };
  const views: Record<string, ViewState> = {
    collapsed: { ...initialView, selected: 0 },
    expanded: { ...initialView, selected: 0, expanded: true },
    end: { ...initialView, selected: 0, expanded: true, scroll: Number.MAX_SAFE_INTEGER },
  };
  const out: Record<string, number> = {};
  for (const [name, view] of Object.entries(views)) {
    const times: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const t = performance.now();
      composeScreen({ ...base, view });
      times.push(performance.now() - t);
    }
    out[name] = Math.round(median(times) * 100) / 100;
  }
  return out;
}

/** Key press → next write to the terminal, through Ink: what the operator feels. */
async function inkKeyFrames(stdout: string): Promise<number> {
  const controller = await walkedController(stdout);
  const stdin = new FakeStdin();
  let writes = 0;
  const term = Object.assign(new EventEmitter(), { columns: 120, rows: 40, write: () => (writes++, true) });
  const exited = renderWalk({ controller, header: { runbookId: 'big-output', title: 'x', context: 'c', namespace: 'n' }, stdin: stdin as never, stdout: term as never });
  await new Promise((r) => setTimeout(r, 100));
  const times: number[] = [];
  // up (select the step), o (expand), G (end), g (start), j… (scroll), o (collapse)
  // Keys that change the frame whatever the output's size: select the step, expand, collapse.
  for (const key of ['\u001b[A', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o']) {
    const before = writes;
    const t = performance.now();
    stdin.write(key);
    while (writes === before && performance.now() - t < 10_000) await new Promise((r) => setImmediate(r));
    times.push(performance.now() - t);
  }
  stdin.write('q');
  await exited;
  return Math.round(median(times) * 100) / 100;
}

/** A forced collection, so that only what is kept is counted (without --expose-gc, via V8's flag). */
function collect(): void {
  if (!globalThis.gc) {
    setFlagsFromString('--expose-gc');
    globalThis.gc = runInNewContext('gc') as typeof globalThis.gc;
  }
  globalThis.gc?.();
}

function heapMb(): number {
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export async function benchBigOutput(lines = 100_000) {
  const small = bigText(20);
  const big = bigText(lines);
  const smallCompose = await composeTimes(small, 20);
  const heapBefore = heapMb();
  const bigCompose = await composeTimes(big, 5);
  const smallInk = await inkKeyFrames(small);
  const bigInk = await inkKeyFrames(big);
  const heapGrowthMb = heapMb() - heapBefore;
  const textMb = Buffer.byteLength(big) / 1024 / 1024;
  const worstBig = Math.max(...Object.values(bigCompose));
  const worstSmall = Math.max(...Object.values(smallCompose), 0.01);
  return {
    bench: 'big-output',
    lines,
    outputMb: Math.round(textMb * 10) / 10,
    /** Composing one frame (no target: sub-millisecond baselines make a ratio meaningless; see keyToFrame). */
    composeMs: { small: smallCompose, big: bigCompose, worstBig, worstSmall },
    /** Key press to frame through Ink, median over a scroll session. */
    keyToFrame: { ratio: Math.round((bigInk / Math.max(smallInk, 0.01)) * 10) / 10, target: 2, bigMs: bigInk, smallMs: smallInk },
    /** Heap kept after rendering, per MB of output, measured after forced collections. */
    memory: { ratio: Math.round((heapGrowthMb / textMb) * 10) / 10, target: 10, heapGrowthMb: Math.round(heapGrowthMb), outputMb: Math.round(textMb * 10) / 10 },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchBigOutput(Number(process.argv[2] ?? 100_000)).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
}
