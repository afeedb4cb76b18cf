// A small runbook and a controller with a fake check runner, for the UI tests.
import type { CheckResult } from '../../src/cluster/types';
import type { PlannedCheck } from '../../src/engine/state';
import { runbookSchema, type Runbook } from '../../src/runbook/schema';
import type { WalkEvent } from '../../src/session/events';
import { formatArgv } from '../../src/cluster/display';
import { WalkController, type FixOps } from '../../src/walk/controller';

/** Two check steps and a conclusion with a fix. */
export const diskRunbook: Runbook = runbookSchema.parse({
  id: 'prometheus-disk-full',
  title: 'Prometheus data volume is full',
  params: { namespace: { default: 'monitoring' } },
  start: 'usage',
  steps: {
    usage: {
      title: 'How full is the data volume?',
      why: 'Prometheus stops ingesting when its TSDB cannot write new blocks.',
      checks: {
        df: { title: 'volume usage', exec: { pod: 'prom-0', container: 'prometheus', command: ['df', '-h', '/prometheus'] } },
        wal: { exec: { pod: 'prom-0', container: 'prometheus', command: ['ls', '/prometheus/wal'] }, manual: 'kubectl -n monitoring exec prom-0 -- ls /prometheus/wal' },
      },
      branches: [
        { when: { matches: { value: '{{checks.df.stdout}}', pattern: '100%' } }, finding: 'the volume is full', mark: 'problem', next: 'retention' },
        { otherwise: 'fine' },
      ],
    },
    retention: {
      title: 'Is retention limited by size?',
      checks: { args: { kubectl: ['get', 'statefulset', 'prometheus', '-o', 'jsonpath={.spec.template.spec.containers[0].args}'] } },
      branches: [
        { when: { not: { matches: { value: '{{checks.args.stdout}}', pattern: 'retention.size' } } }, next: 'fix-retention' },
        { otherwise: 'fine' },
      ],
    },
    'fix-retention': {
      title: 'Retention is limited by time only',
      conclusion: {
        verdict: 'problem',
        rootCause: 'Blocks are kept for 30 days whatever their size.',
        fix: {
          summary: 'Limit retention by size',
          restarts: 'the prometheus pods, one at a time',
          patch: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus', type: 'merge', body: { spec: { replicas: 2 } } },
          print: 'prometheusSpec:\n  retentionSize: 45GB\n',
          verify: 'usage',
        },
        followUps: ['Grow the volume if 45GB is too little history'],
        seeAlso: ['prometheus-wal-corrupt'],
      },
    },
    fine: { title: 'The volume has room', conclusion: { verdict: 'healthy', rootCause: 'nothing is full' } },
  },
});

/** A step whose branch needs a check that cannot run: the walk asks the operator. */
export const askRunbook: Runbook = runbookSchema.parse({
  id: 'sidecar-uid',
  title: 'Sidecar user',
  params: { namespace: { default: 'monitoring' } },
  start: 'uids',
  steps: {
    uids: {
      title: 'Does the sidecar run as the prometheus user?',
      checks: {
        side: { exec: { pod: 'prom-0', container: 'thanos-sidecar', command: ['id', '-u'] }, manual: 'kubectl -n monitoring get pod prom-0 -o yaml' },
      },
      branches: [
        { when: { equals: ['{{checks.side.stdout}}', '1000'] }, next: 'same' },
        { otherwise: 'different', finding: 'the sidecar runs as another user' },
      ],
    },
    same: { title: 'Same user', conclusion: { verdict: 'healthy', rootCause: 'both run as 1000' } },
    different: { title: 'Different users', conclusion: { verdict: 'problem', rootCause: 'the users differ' } },
  },
});

type Canned = { stdout?: string; stderr?: string; exitCode?: number } | { failed: CheckFailedReason; message: string };
type CheckFailedReason = Extract<CheckResult, { status: 'failed' }>['reason'];

export function describeCheck(check: PlannedCheck & { runnable: true }): string {
  const c = check.check;
  if (c.kind === 'exec') return formatArgv(['kubectl', 'exec', c.pod, '-c', c.container ?? '', '--', ...c.command]);
  if (c.kind === 'kubectl') return formatArgv(['kubectl', ...c.args]);
  return `kubectl ${c.kind}`;
}

/**
 * A controller whose checks answer from `canned` (by check name). With `hold`, no check
 * finishes until `release()`; otherwise each finishes after a tick.
 */
export function walkWith(runbook: Runbook, canned: Record<string, Canned>, opts: { hold?: boolean; stepByStep?: boolean; fixes?: FixOps } = {}) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const events: WalkEvent[] = [];
  const runCheck = async (check: PlannedCheck & { runnable: true }): Promise<CheckResult> => {
    await (opts.hold ? gate : tick());
    const base = { command: describeCheck(check), startedAt: '2024-05-01T10:00:00.000Z', durationMs: 12 };
    const answer = canned[check.name];
    if (!answer) return { ...base, status: 'failed', reason: 'error', message: `no canned result for ${check.name}` };
    if ('failed' in answer) return { ...base, status: 'failed', reason: answer.failed, message: answer.message };
    return { ...base, status: 'ran', stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode ?? 0 };
  };
  const controller = new WalkController({
    runbook,
    params: { namespace: 'monitoring' },
    runCheck,
    describe: describeCheck,
    recorder: { record: (e) => void events.push(e) },
    stepByStep: opts.stepByStep ?? false,
    fixes: opts.fixes,
  });
  return { controller, events, release };
}

export const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails with the last value seen. */
export async function waitFor(predicate: () => boolean, what: () => string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last frame:\n${what()}`);
    await tick(10);
  }
}

/** 20 lines of df-like output, the usage line coloured the way some tools do. */
export const dfOutput = [
  'Filesystem      Size  Used Avail Use% Mounted on',
  '/dev/sdb         50G   50G     0 \u001b[31m100%\u001b[0m /prometheus',
  ...Array.from({ length: 18 }, (_, i) => `tmpfs-${i + 1}        64M     0   64M   0% /dev/shm${i + 1}`),
].join('\n') + '\n';

/** An info step, then a conclusion without a fix. */
export const infoRunbook: Runbook = runbookSchema.parse({
  id: 'read-first',
  title: 'Read first',
  start: 'intro',
  steps: {
    intro: { title: 'Before you start', info: 'Silence the alert in Alertmanager so it does not page again while you work.', next: 'done' },
    done: { title: 'Nothing to check', conclusion: { verdict: 'inconclusive', rootCause: 'this runbook only reminds you' } },
  },
});
