// A non-interactive walk (`runbook run --yes --json`, minus argument parsing) of a built-in
// runbook against the simulator serving one of its scenarios with `faults:` added.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/cluster/connect';
import { walkRunbook } from '../../src/commands/run';
import { builtinRunbooksDir } from '../../src/runbook/library';
import { loadRunbook } from '../../src/runbook/load';
import { readJournalFile } from '../../src/session/journal';
import type { WalkEvent } from '../../src/session/events';
import { parseScenario } from '../../src/sim/scenario';
import { startSim } from '../../src/sim/server';

export interface CheckReport {
  status: 'ran' | 'failed';
  command: string;
  exitCode?: number;
  reason?: string;
  message?: string;
}

export interface WalkReport {
  path: string[];
  steps: { step: string; mark: string | null; finding: string | null; checks: Record<string, CheckReport> }[];
  outcome: { verdict: string; rootCause?: string } | null;
  fix: unknown;
  postmortem: string;
  journal: string;
}

export interface FaultWalk {
  exitCode: number;
  /** Undefined when the walk never started (nothing on stdout). */
  report: WalkReport | undefined;
  stdout: string;
  stderr: string;
  events: WalkEvent[];
  torn: boolean;
  postmortem: string;
  /** Every check that ran or failed, by name (a check run twice keeps its last result). */
  checks: Record<string, CheckReport>;
}

/** A throwaway XDG state and config home for this test file's journals and settings. */
export function isolateState(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-faults-'));
  process.env.XDG_STATE_HOME = join(dir, 'state');
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  process.env.HOME = dir;
  delete process.env.KUBECONFIG;
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * `scenarioYaml` is read as if it sat beside the runbook's scenarios (so `extends: broken`
 * works). The client's per-request deadline is `timeoutMs`.
 */
export async function walkWithFaults(
  runbookId: string,
  scenarioYaml: string,
  opts: { timeoutMs?: number; apply?: boolean; set?: Record<string, string>; json?: boolean } = {},
): Promise<FaultWalk> {
  const runbookDir = join(builtinRunbooksDir(), runbookId);
  const loaded = await loadRunbook(runbookDir);
  if (!loaded.ok) throw new Error(`runbook ${runbookId} does not load`);
  const scenario = await parseScenario(scenarioYaml, join(runbookDir, 'scenarios', 'fault-under-test.yaml'));
  const sim = await startSim(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'runbook-fault-walk-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const connected = await connect({ kubeconfig, timeoutMs: opts.timeoutMs ?? 2000 });
    if (!connected.ok) throw new Error(connected.error.message);
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
    const exitCode = await walkRunbook(
      loaded.runbook,
      connected.value,
      { runbook: runbookId, kubeconfig, context: sim.context, namespace: undefined, set: { ...scenario.params, ...opts.set }, yes: true, json: opts.json ?? true, postmortem: join(dir, 'postmortem.md'), interactive: false, apply: opts.apply ?? false },
      io,
    );
    if (opts.json === false || !stdout.trim()) return { exitCode, report: undefined, stdout, stderr, events: [], torn: false, postmortem: '', checks: {} };
    const report = JSON.parse(stdout) as WalkReport;
    const { events, torn } = readJournalFile(report.journal);
    const checks: Record<string, CheckReport> = {};
    for (const step of report.steps) Object.assign(checks, step.checks);
    return { exitCode, report, stdout, stderr, events, torn, postmortem: readFileSync(report.postmortem, 'utf8'), checks };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What "the journal stays intact" means: it parses with no torn line, opens with walk-started,
 * every check that started finished, and the walk's end is recorded.
 */
export function journalProblems(events: WalkEvent[], torn: boolean): string[] {
  const problems: string[] = [];
  if (torn) problems.push('the last line is torn');
  if (events[0]?.type !== 'walk-started') problems.push(`first event is ${events[0]?.type}`);
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'check-started') open.set(e.name, (open.get(e.name) ?? 0) + 1);
    if (e.type === 'check-finished') open.set(e.name, (open.get(e.name) ?? 0) - 1);
  }
  for (const [name, n] of open) if (n !== 0) problems.push(`check ${name}: ${n} started without a finish`);
  if (!events.some((e) => e.type === 'concluded')) problems.push('no concluded event');
  return problems;
}
