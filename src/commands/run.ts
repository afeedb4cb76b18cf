// `runbook run ID`: walk one runbook against a cluster, interactively or not.
import { connect } from '../cluster/connect';
import { readOnly } from '../cluster/read-only';
import { loadSettings, looksLikeProduction } from '../config/settings';
import type { Cluster, FailureReason } from '../cluster/types';
import type { Snapshot } from '../walk/controller';
import { outcomeOf } from '../engine/walk';
import { findRunbook } from '../runbook/library';
import type { Runbook } from '../runbook/schema';
import type { Settings } from '../config/settings';
import { formatProblem } from '../runbook/problem';
import { resolveParams } from '../walk/params';
import { WalkSession, type SessionResume } from '../walk/session';
import { walkToEnd } from '../walk/to-end';
import { redactValue } from '../session/redact';
import { sanitizeOutput } from '../session/sanitize';
import { EXIT, type Io } from './exit-codes';

/** How a walk runs and what it may change: the same for run, demo and resume. */
export interface WalkFlags {
  /** Walk without asking: pauses are skipped, questions end the walk inconclusive. */
  yes: boolean;
  json: boolean;
  postmortem?: string | undefined;
  /** A terminal is attached: the Ink UI can run. */
  interactive: boolean;
  /** Non-interactive: apply the fix the walk reaches (never without this, even with --yes). */
  apply?: boolean;
  /** Print every fix, never apply; enforced in the cluster layer. */
  readOnly?: boolean;
  /** Non-interactive confirmation for contexts that look like production: their name. */
  confirmContext?: string | undefined;
}

export interface RunOptions extends WalkFlags {
  runbook: string;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  namespace?: string | undefined;
  set: Record<string, string>;
  /** Continue a journaled walk (`runbook resume`) instead of starting one. */
  resume?: SessionResume | undefined;
}

export async function runCommand(opts: RunOptions, io: Io): Promise<number> {
  const found = await findRunbook(opts.runbook);
  if (!found.ok) {
    if ('missing' in found) io.stderr.write(`runbook: no runbook "${opts.runbook}"; known: ${found.known.join(', ') || 'none'}\n`);
    else io.stderr.write(`${found.problems.map(formatProblem).join('\n')}\n`);
    return EXIT.usage;
  }
  const connected = await connect({ kubeconfig: opts.kubeconfig, context: opts.context, namespace: opts.namespace });
  if (!connected.ok) {
    io.stderr.write(`runbook: ${connected.error.message}\n`);
    return connected.error.reason === 'invalid' ? EXIT.usage : EXIT.cluster;
  }
  const cluster = connected.value;
  return walkRunbook(found.runbook, cluster, opts, io);
}

/** Walks a loaded runbook against a connected cluster (shared by `run` and `demo`). Closes the cluster. */
export async function walkRunbook(runbook: Runbook, connected: Cluster, opts: RunOptions, io: Io): Promise<number> {
  const settings = await loadSettings();
  if (!settings.ok) {
    io.stderr.write(`runbook: ${settings.message}\n`);
    connected.close();
    return EXIT.usage;
  }
  const readOnlyWhy = opts.readOnly ? '--read-only' : settings.settings.readOnly ? `readOnly in ${settings.settings.file}` : runbook.readOnly ? `runbook ${runbook.id} is read-only` : undefined;
  const cluster = readOnlyWhy ? readOnly(connected, readOnlyWhy) : connected;
  const version = await cluster.version();
  if (!version.ok) {
    io.stderr.write(`runbook: context ${cluster.context}: cannot reach the API server: ${version.error.message}\n`);
    cluster.close();
    return isClusterFailure(version.error.reason) ? EXIT.cluster : EXIT.usage;
  }
  const namespace = opts.namespace ?? opts.set.namespace ?? runbook.params.namespace?.default ?? cluster.namespace;
  const resolved = await resolveParams(runbook, opts.set, cluster, namespace);
  if (!resolved.ok) {
    io.stderr.write(`runbook: ${resolved.message}\n`);
    cluster.close();
    return resolved.cluster ? EXIT.cluster : EXIT.usage;
  }
  const interactive = opts.interactive && !opts.yes && !opts.json;
  const session = new WalkSession({
    runbook,
    params: resolved.params,
    cluster,
    namespace,
    clusterVersion: version.value,
    stepByStep: interactive,
    postmortemPath: opts.postmortem,
    readOnly: readOnlyWhy,
    kubeconfig: opts.kubeconfig,
    resume: opts.resume,
  });

  // A dropped SSH session or a kill still leaves a postmortem of what was done.
  const onSignal = (signal: NodeJS.Signals) => {
    session.controller.stop(`interrupted (${signal})`);
    const path = session.writePostmortem();
    session.close();
    io.stderr.write(`\nrunbook: interrupted; postmortem: ${path}\n`);
    process.exit(EXIT.interrupted);
  };
  // Once Ink holds the terminal in raw mode, ctrl+c arrives as a key (it quits like q); before
  // that, and without a terminal, it is a signal.
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const s of signals) process.once(s, onSignal);

  try {
    let final: Snapshot;
    if (interactive) {
      const { renderWalk } = await import('../ui/render-walk');
      let written: string | undefined;
      const header = { runbookId: runbook.id, title: runbook.title, context: cluster.context, namespace, production: looksLikeProduction(cluster.context, settings.settings) };
      const done = session.controller.subscribe((s) => {
        if (s.state.phase.kind === 'concluded' && !written) written = session.writePostmortem();
      });
      await renderWalk({ controller: session.controller, header, postmortemPath: () => written });
      done();
      final = session.controller.snapshot;
      if (final.state.phase.kind !== 'concluded') session.controller.stop('stopped by the operator');
      final = session.controller.snapshot;
    } else {
      final = await walkToEnd(session.controller);
      if (opts.apply) final = await applyWithoutTerminal(session, cluster.context, opts, settings.settings, io);
    }
    const postmortem = session.writePostmortem();
    if (interactive) io.stdout.write(`postmortem: ${postmortem}\n`);
    else report(final, session, postmortem, resolved.sources, opts, io);
    const verdict = final.state.phase.kind === 'concluded' ? final.state.phase.conclusion.verdict : 'inconclusive';
    // A verified fix that leads on to another problem still leaves a problem.
    return verdict === 'healthy' ? EXIT.done : EXIT.problem;
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
    session.close();
  }
}

function report(final: Snapshot, session: WalkSession, postmortem: string, sources: { name: string; value: string; from: string; candidates?: string[] }[], opts: RunOptions, io: Io): void {
  const { state } = final;
  const outcome = outcomeOf(state);
  const conclusion = state.phase.kind === 'concluded' ? state.phase.conclusion : undefined;
  if (opts.json) {
    const doc = {
      runbook: state.runbook.id,
      version: state.runbook.version,
      session: session.id,
      params: state.params,
      paramSources: sources,
      path: state.path.map((p) => p.step),
      steps: state.path.map((p) => ({
        step: p.step,
        title: p.title,
        mark: p.mark ?? null,
        finding: p.finding ?? null,
        answer: p.answer ?? null,
        checks: Object.fromEntries(
          Object.entries(p.results).map(([name, r]) => [
            name,
            r.status === 'ran' ? { status: r.status, command: r.command, exitCode: r.exitCode } : { status: r.status, command: r.command, reason: r.reason, message: r.message },
          ]),
        ),
      })),
      outcome: outcome ?? null,
      fix: fixReport(final),
      followUps: conclusion?.followUps ?? [],
      seeAlso: conclusion?.seeAlso ?? [],
      notes: final.notes,
      postmortem,
      journal: session.journal.path,
    };
    io.stdout.write(`${JSON.stringify(redactValue(doc), null, 2)}\n`);
    return;
  }
  const marks: Record<string, string> = { ok: '✓', problem: '✗', unknown: '?' };
  const safe = (text: string) => sanitizeOutput(text);
  for (const p of state.path) io.stdout.write(`${p.mark ? marks[p.mark] : '▸'} ${safe(p.title)}${p.finding ? ` — ${safe(p.finding)}` : ''}\n`);
  if (conclusion) {
    io.stdout.write(`\n${conclusion.verdict.toUpperCase()}: ${safe(conclusion.rootCause)}\n`);
    if (conclusion.fix) io.stdout.write(`fix: ${safe(conclusion.fix.summary)}\n`);
    if (conclusion.seeAlso.length) io.stdout.write(`see also: ${conclusion.seeAlso.join(', ')}\n`);
  }
  io.stdout.write(`postmortem: ${postmortem}\n`);
}

/**
 * `--apply` without a terminal: plan the fix of the conclusion, apply it when the plan allows
 * and the context is confirmed, then walk on from its verification. One fix per run: a walk
 * that comes back to a problem after a fix stops there.
 */
async function applyWithoutTerminal(session: WalkSession, context: string, opts: RunOptions, settings: Settings, io: Io): Promise<Snapshot> {
  const { controller } = session;
  const plan = await controller.planFix();
  if (!plan) return controller.snapshot;
  if (!plan.applicable) {
    io.stderr.write(`runbook: not applying the fix: ${plan.reason}\n`);
    return controller.snapshot;
  }
  if (looksLikeProduction(context, settings) && opts.confirmContext !== context) {
    io.stderr.write(`runbook: not applying the fix: context ${context} looks like production; confirm with --confirm-context ${context}\n`);
    return controller.snapshot;
  }
  await controller.applyFix();
  return walkToEnd(controller);
}

function fixReport(final: Snapshot) {
  const { state, fix, applied } = final;
  const conclusion = state.phase.kind === 'concluded' ? state.phase.conclusion : undefined;
  const last = applied.at(-1);
  if (!conclusion?.fix && !last) return null;
  const plan = fix && 'plan' in fix ? fix.plan : undefined;
  return {
    printed: conclusion?.fix ?? null,
    plan: plan ? { applicable: plan.applicable, reason: plan.applicable ? null : plan.reason, permissions: plan.permissions, diff: plan.diff ?? null } : null,
    applied: last ? { step: last.step, kubectl: last.change.kubectl, undo: last.change.undo.kubectl, rollout: last.rollout ?? null } : null,
    failed: fix?.stage === 'failed' ? fix.message : null,
    verified: state.verifications.at(-1)?.verified ?? null,
  };
}

function isClusterFailure(reason: FailureReason): boolean {
  return reason !== 'invalid';
}
