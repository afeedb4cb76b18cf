// `runbook sessions`: the walks journaled on this machine, newest first, and where each stands.
import type { SessionStatus } from '../session/history';
import { sessionsDir } from '../session/paths';
import { listSessions } from '../session/store';
import { sanitizeLine } from '../session/sanitize';
import { EXIT, type Io } from './exit-codes';

export async function sessionsCommand(opts: { json: boolean }, io: Io): Promise<number> {
  const listed = listSessions();
  if (opts.json) {
    const doc = listed.map((s) =>
      s.ok
        ? { id: s.summary.id, runbook: s.summary.runbook, version: s.summary.version, started: s.summary.startedAt, context: s.summary.context ?? null, state: stateOf(s.summary.status), verdict: s.summary.status.kind === 'concluded' ? s.summary.status.conclusion.verdict : null, journal: s.summary.path }
        : { id: s.id, error: s.message, journal: s.path },
    );
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT.done;
  }
  if (listed.length === 0) {
    io.stdout.write(`no sessions in ${sessionsDir()}\n`);
    return EXIT.done;
  }
  const rows = [
    ['ID', 'RUNBOOK', 'STARTED', 'CONTEXT', 'STATE'],
    ...listed.map((s) => (s.ok ? [s.summary.id, s.summary.runbook, s.summary.startedAt.replace('T', ' ').slice(0, 19), s.summary.context ?? '?', stateOf(s.summary.status)] : [s.id, '?', '?', '?', `unreadable: ${s.message}`])),
  ].map((row) => row.map(sanitizeLine));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) io.stdout.write(`${row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`);
  return EXIT.done;
}

function stateOf(status: SessionStatus): string {
  if (status.kind === 'concluded') return status.conclusion.verdict;
  if (status.kind === 'stopped') return `stopped at ${status.step}`;
  return `open at ${status.step} (running, or killed)`;
}
