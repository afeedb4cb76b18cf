// Argument parsing only: each command lives in src/commands/.
import { Command, CommanderError, Option } from 'commander';
import { EXIT, type Io } from './commands/exit-codes';
import { packageVersion } from './package-root';
import { sanitizeOutput } from './session/sanitize';

// Messages quote the cluster (an API server's Status message, a pod's name) and the operator's
// files: printed without escape sequences or control characters, secrets redacted.
const io: Io = { stdout: process.stdout, stderr: { write: (text: string) => process.stderr.write(sanitizeOutput(text)) } };

// A reader that went away (`runbook list | head -1`) ends the output, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

function collectSet(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new CommanderError(EXIT.usage, 'runbook.set', `--set takes KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

const interactive = () => Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env.CI !== 'true';

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.done;
  const program = new Command('runbook')
    .description('Walk a Kubernetes incident through a runbook: automatic checks, the evidence, the root cause and its fix.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => io.stderr.write(s), writeOut: (s) => io.stdout.write(s) })
    .showHelpAfterError('(see runbook --help)');

  const clusterOptions = (cmd: Command) =>
    cmd
      .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
      .option('--context <name>', 'kube context (default: the current context)')
      .option('-n, --namespace <ns>', 'namespace to walk in (default: the runbook\'s, else the context\'s)');

  /** How a walk runs and what it may change: the same for run, demo and resume. */
  const walkOptions = (cmd: Command) =>
    cmd
      .option('-y, --yes', 'walk without stopping; questions end the walk inconclusive', false)
      .option('--json', 'print one JSON document', false)
      .option('--postmortem <file>', 'where to write the postmortem')
      .option('--read-only', 'print every fix, never apply one (enforced in the cluster layer)', false)
      .option('--apply', 'with --yes: apply the fix the walk reaches (dry run and permission checks first)', false)
      .option('--confirm-context <name>', 'with --apply: the context name, required for contexts that look like production');
  const walkFlags = (o: Record<string, unknown>) => ({
    yes: Boolean(o.yes),
    json: Boolean(o.json),
    postmortem: o.postmortem as string | undefined,
    interactive: interactive(),
    apply: Boolean(o.apply),
    readOnly: Boolean(o.readOnly),
    confirmContext: o.confirmContext as string | undefined,
  });

  walkOptions(clusterOptions(program.command('run').argument('<id>', 'runbook id or folder').description('walk one runbook against a cluster')))
    .option('--set <key=value>', 'set a runbook parameter (repeatable)', collectSet, {})
    .action(async (id: string, o) => {
      const { runCommand } = await import('./commands/run');
      code = await runCommand({ runbook: id, kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace, set: o.set, ...walkFlags(o) }, io);
    });

  walkOptions(
    program
      .command('demo')
      .argument('[scenario]', 'RUNBOOK/SCENARIO to simulate', 'thanos-sidecar-upload-permission/broken')
      .description('start a simulated cluster with a scenario and walk its runbook'),
  ).action(async (ref: string, o) => {
    const { demoCommand } = await import('./commands/demo');
    code = await demoCommand({ ref, ...walkFlags(o) }, io);
  });

  program
    .command('sim')
    .argument('<scenario>', 'RUNBOOK/SCENARIO, or a scenario file')
    .description('serve a simulated cluster until stopped; kubectl --kubeconfig FILE works against it')
    .requiredOption('--kubeconfig-out <file>', 'where to write the kubeconfig')
    .addOption(new Option('--port <port>', 'port to listen on (default: any free port)').argParser((v) => Number.parseInt(v, 10)))
    .action(async (ref: string, o) => {
      const { simCommand } = await import('./commands/sim');
      const { builtinRunbooksDir } = await import('./runbook/library');
      code = await simCommand({ ref, runbooksDir: builtinRunbooksDir(), port: o.port, kubeconfigOut: o.kubeconfigOut, stdout: io.stdout, stderr: io.stderr });
    });

  program
    .command('lint')
    .argument('[paths...]', 'runbook folders or files (default: all)')
    .description('check runbooks; every problem as file:line:column')
    .option('--json', 'print one JSON document', false)
    .action(async (paths: string[], o) => {
      const { lintCommand } = await import('./commands/lint');
      code = await lintCommand(paths, { json: o.json }, io);
    });

  program
    .command('list')
    .description('list the runbooks')
    .option('--json', 'print one JSON document', false)
    .action(async (o) => {
      const { listCommand } = await import('./commands/list');
      code = await listCommand({ json: o.json }, io);
    });

  program
    .command('test')
    .argument('[paths...]', 'runbook folders (default: all)')
    .description('walk every scenario of each runbook through the simulator and check the expected path')
    .option('--json', 'print one JSON document', false)
    .action(async (paths: string[], o) => {
      const { testCommand } = await import('./commands/test');
      code = await testCommand(paths, { json: o.json }, io);
    });

  program
    .command('graph')
    .argument('<id>', 'runbook id or folder')
    .description('draw the decision tree: an indented tree, or a Mermaid flowchart')
    .addOption(new Option('--format <format>', 'text or mermaid').choices(['text', 'mermaid']).default('text'))
    .action(async (id: string, o) => {
      const { graphCommand } = await import('./commands/graph');
      code = await graphCommand({ runbook: id, format: o.format }, io);
    });

  program
    .command('new')
    .argument('<id>', 'the new runbook\'s id (lower-case letters, digits, dashes)')
    .description('scaffold a runbook folder with a healthy and a broken scenario that pass `runbook test`')
    .option('--dir <dir>', 'where to create the folder ID (default: ./runbooks)')
    .action(async (id: string, o) => {
      const { newCommand } = await import('./commands/new');
      code = await newCommand({ id, dir: o.dir }, io);
    });

  program
    .command('match')
    .argument('[text...]', 'log lines or alert names; - reads them from stdin')
    .description('rank the runbooks that fit pasted log lines or alert names')
    .option('--json', 'print one JSON document', false)
    .action(async (text: string[], o) => {
      const { matchCommand } = await import('./commands/match');
      code = await matchCommand({ text: text.length ? text.join(' ') : undefined, json: o.json }, io);
    });

  program
    .command('scan')
    .description('look at a cluster\'s monitoring workloads and say which runbooks apply')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kube context (default: the current context)')
    .option('-n, --namespace <ns>', 'namespace to scan (default: the context\'s)')
    .option('-A, --all-namespaces', 'scan every namespace', false)
    .option('--json', 'print one JSON document', false)
    .action(async (o) => {
      const { scanCommand } = await import('./commands/scan');
      code = await scanCommand({ kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace, allNamespaces: o.allNamespaces, json: o.json }, io);
    });

  const resume = program
    .command('resume')
    .argument('[session]', 'session id (or its unique start) or a journal file, e.g. one copied from a colleague (default: the most recent unfinished session)')
    .description('continue a walk where it stopped, replaying its journal (recorded evidence and answers are not run or asked again)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: the one the walk used, if it is here)')
    .option('--context <name>', 'kube context (default: the one the walk used)');
  walkOptions(resume).action(async (session: string | undefined, o) => {
    const { resumeCommand } = await import('./commands/resume');
    code = await resumeCommand({ session, kubeconfig: o.kubeconfig, context: o.context, ...walkFlags(o) }, io);
  });

  program
    .command('sessions')
    .description('list the journaled walks on this machine, newest first')
    .option('--json', 'print one JSON document', false)
    .action(async (o) => {
      const { sessionsCommand } = await import('./commands/sessions');
      code = await sessionsCommand({ json: o.json }, io);
    });

  program
    .command('report')
    .argument('[session]', 'session id (or its unique start) or a journal file (default: the most recent session)')
    .description('write the postmortem of a session from its journal')
    .option('-o, --output <file>', 'write it to FILE instead of stdout')
    .action(async (session: string | undefined, o) => {
      const { reportCommand } = await import('./commands/report');
      code = await reportCommand({ session, output: o.output }, io);
    });

  // No command: the opening screen (filter, paste a log line, or scan), then the walk.
  program.action(async () => {
    const { openingCommand } = await import('./commands/opening');
    code = await openingCommand({ interactive: interactive() }, io);
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.done : EXIT.usage;
    throw e;
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A bug, not bad input: say so in one line; the stack only on request.
    io.stderr.write(`runbook: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.RUNBOOK_DEBUG) io.stderr.write(`${(e as Error)?.stack}\n`);
    process.exitCode = 70;
  },
);
