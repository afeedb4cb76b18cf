// `runbook report [SESSION] [-o FILE]`: the postmortem of a journaled walk, from the journal alone
// (no cluster, no runbook needed), on stdout or into FILE.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkedEvent } from '../session/event-check';
import { JournalError, readJournalFile } from '../session/journal';
import { renderPostmortem } from '../session/postmortem';
import { locateSession } from '../session/store';
import { EXIT, type Io } from './exit-codes';

export async function reportCommand(opts: { session?: string | undefined; output?: string | undefined }, io: Io): Promise<number> {
  const located = locateSession(opts.session, () => true, 'journaled');
  if (!located.ok) {
    io.stderr.write(`runbook: ${located.message}\n`);
    return EXIT.usage;
  }
  let events;
  try {
    events = readJournalFile(located.path, checkedEvent).events;
  } catch (e) {
    if (!(e instanceof JournalError)) throw e;
    io.stderr.write(`runbook: ${e.message}\n`);
    return EXIT.usage;
  }
  if (events.length === 0) {
    io.stderr.write(`runbook: ${located.path}: empty journal\n`);
    return EXIT.usage;
  }
  const markdown = renderPostmortem(events, { sessionId: located.id, journalPath: located.path, generatedAt: new Date().toISOString() });
  if (!opts.output) {
    io.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return EXIT.done;
  }
  const file = resolve(opts.output);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, markdown, { mode: 0o600 });
  } catch (e) {
    io.stderr.write(`runbook: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  io.stdout.write(`postmortem: ${file}\n`);
  return EXIT.done;
}
