// `runbook resume [SESSION]`: continue a walk where it stopped (a crash, a kill, a dropped SSH
// session, a question no one could answer), on this machine or from a journal copied from another.
import { existsSync } from 'node:fs';
import { connect } from '../cluster/connect';
import { prepareResume } from '../session/prepare-resume';
import { EXIT, type Io } from './exit-codes';
import { walkRunbook, type WalkFlags } from './run';

export interface ResumeOptions extends WalkFlags {
  session?: string | undefined;
  /** Overrides the kubeconfig the walk recorded (another machine has its own). */
  kubeconfig?: string | undefined;
  /** Overrides the context the walk recorded. */
  context?: string | undefined;
}

export async function resumeCommand(opts: ResumeOptions, io: Io): Promise<number> {
  const prepared = await prepareResume(opts.session, new Date().toISOString());
  if (!prepared.ok) {
    io.stderr.write(`runbook: ${prepared.message}\n`);
    return EXIT.usage;
  }
  const { source } = prepared;
  const { replayed } = source;
  const say = (text: string) => io.stderr.write(`runbook: ${text}\n`);
  if (source.imported) say(`took in ${source.imported} as session ${source.id} (${source.path})`);
  for (const w of source.warnings) say(`warning: ${w}`);

  if (source.state.phase.kind === 'concluded') {
    const c = source.state.phase.conclusion;
    say(`session ${source.id} has already concluded (${c.verdict}): ${c.rootCause}\nrunbook: its postmortem: runbook report ${source.id}`);
    return c.verdict === 'healthy' ? EXIT.done : EXIT.problem;
  }

  const recorded = replayed.connection;
  let kubeconfig = opts.kubeconfig;
  if (kubeconfig === undefined && recorded.kubeconfig) {
    if (existsSync(recorded.kubeconfig)) kubeconfig = recorded.kubeconfig;
    else say(`the kubeconfig the walk used (${recorded.kubeconfig}) is not here; using the default (pass --kubeconfig to choose)`);
  }
  const context = opts.context ?? recorded.context;
  const connected = await connect({ kubeconfig, context, namespace: replayed.start.namespace });
  if (!connected.ok) {
    io.stderr.write(`runbook: ${connected.error.message}${opts.context ? '' : ' (the context the walk used; pass --context and --kubeconfig to reach the cluster from here)'}\n`);
    return connected.error.reason === 'invalid' ? EXIT.usage : EXIT.cluster;
  }
  const where = replayed.stopped ? `stopped at "${replayed.stopped.step}" (${replayed.stopped.reason})` : `at "${source.state.phase.step}"`;
  if (!opts.json) say(`resuming ${source.id}: ${source.runbook.id}, ${where}, ${source.state.path.length} step${source.state.path.length === 1 ? '' : 's'} replayed from the journal`);

  return walkRunbook(
    source.runbook,
    connected.value,
    {
      runbook: source.runbook.id,
      kubeconfig,
      context,
      namespace: replayed.start.namespace,
      set: replayed.start.params,
      yes: opts.yes,
      json: opts.json,
      postmortem: opts.postmortem,
      interactive: opts.interactive,
      apply: opts.apply,
      readOnly: opts.readOnly,
      confirmContext: opts.confirmContext,
      resume: { id: source.id, journalPath: source.path, state: source.state, notes: replayed.notes, warnings: source.warnings },
    },
    io,
  );
}
