// One walk of one runbook against one cluster: the journal, the controller, the postmortem.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Cluster } from '../cluster/types';
import { displayCommand } from '../cluster/display';
import { runCheck } from '../cluster/run-check';
import { applyFix } from '../fix/apply';
import { planFix } from '../fix/plan';
import { waitForRollout } from '../fix/rollout';
import type { Runbook } from '../runbook/schema';
import type { WalkState } from '../engine/state';
import { Journal, readJournal } from '../session/journal';
import { newSessionId, postmortemsDir, sessionsDir } from '../session/paths';
import { renderPostmortem } from '../session/postmortem';
import type { Note } from '../session/replay';
import { runbookHash } from '../session/runbook-hash';
import { WalkController } from './controller';

export interface SessionOptions {
  runbook: Runbook;
  params: Record<string, string>;
  cluster: Cluster;
  namespace: string;
  clusterVersion?: string | undefined;
  stepByStep: boolean;
  /** Where the postmortem goes; default: the state directory. */
  postmortemPath?: string | undefined;
  /** Why this session may not change the cluster (flag, setting, runbook); undefined: it may. */
  readOnly?: string | undefined;
  /** How long to wait for the rollout a fix implies. */
  rolloutTimeoutMs?: number;
  /** How long a workload may take to pick up the change (an operator rewriting it) before the wait gives up. */
  rolloutGraceMs?: number;
  clock?: () => Date;
  /** The kubeconfig file given on the command line: recorded so that a resume can reconnect. */
  kubeconfig?: string | undefined;
  /** Continue a walk rebuilt from its journal (session/replay), appending to that journal. */
  resume?: SessionResume | undefined;
}

export interface SessionResume {
  id: string;
  journalPath: string;
  state: WalkState;
  notes: Note[];
  warnings: string[];
}

export class WalkSession {
  readonly id: string;
  readonly journal: Journal;
  readonly controller: WalkController;
  readonly postmortemPath: string;
  #opts: SessionOptions;

  constructor(opts: SessionOptions) {
    this.#opts = opts;
    const now = opts.clock?.() ?? new Date();
    const { cluster, resume: resumed } = opts;
    this.id = resumed?.id ?? newSessionId(opts.runbook.id, now, sessionsDir());
    this.journal = new Journal(resumed?.journalPath ?? join(sessionsDir(), `${this.id}.jsonl`));
    this.postmortemPath = opts.postmortemPath ?? join(postmortemsDir(), `${this.id}.md`);
    const connection = { context: cluster.context, kubeconfig: opts.kubeconfig === undefined ? undefined : resolve(opts.kubeconfig), clusterVersion: opts.clusterVersion };
    this.controller = new WalkController({
      runbook: opts.runbook,
      params: opts.params,
      recorder: this.journal,
      start: {
        ...connection,
        session: this.id,
        title: opts.runbook.title,
        runbookHash: runbookHash(opts.runbook),
        definition: opts.runbook,
        namespace: opts.namespace,
        symptoms: { logs: opts.runbook.symptoms.logs, alerts: opts.runbook.symptoms.alerts },
      },
      resume: resumed && { state: resumed.state, notes: resumed.notes, warnings: resumed.warnings, connection },
      stepByStep: opts.stepByStep,
      clock: opts.clock,
      describe: (planned) => displayCommand(planned.check, cluster.namespace),
      runCheck: (planned) => runCheck(cluster, planned.check, { timeoutMs: planned.timeoutMs, manual: planned.manual }),
      fixes: {
        plan: (fix) => planFix(cluster, fix, { readOnly: opts.readOnly !== undefined, readOnlyWhy: opts.readOnly }),
        apply: (plan) => applyFix(cluster, plan),
        waitForRollout: async (plan, onProgress) =>
          plan.rollout ? waitForRollout(cluster, plan.rollout, { timeoutMs: opts.rolloutTimeoutMs ?? 300_000, graceMs: opts.rolloutGraceMs, onProgress }) : undefined,
      },
    });
  }

  /** Writes the postmortem of the walk as it stands (concluded or not) and returns its path. */
  writePostmortem(): string {
    // From the journal, like `runbook report`: one postmortem whichever way it is asked for.
    const markdown = renderPostmortem(readJournal(this.journal.path), {
      sessionId: this.id,
      journalPath: this.journal.path,
      generatedAt: (this.#opts.clock?.() ?? new Date()).toISOString(),
    });
    mkdirSync(dirname(this.postmortemPath), { recursive: true });
    writeFileSync(this.postmortemPath, markdown, { mode: 0o600 });
    return this.postmortemPath;
  }

  close(): void {
    this.journal.close();
    this.#opts.cluster.close();
  }
}
