// `runbook match [--json] [TEXT | -]`: which runbooks fit pasted log lines or alert names.
import { createInterface } from 'node:readline';
import { loadSignatures } from '../match/library';
import { Matcher, type Ranked } from '../match/rank';
import { formatRanking } from '../match/format';
import { EXIT, type Io } from './exit-codes';

export interface MatchOptions {
  /** The text to match; '-' or undefined with a piped stdin: read stdin. */
  text?: string | undefined;
  json: boolean;
}

/** Longest stdin line considered; longer ones are cut (a log line, not a file). */
const MAX_LINE = 64 * 1024;

export async function matchCommand(opts: MatchOptions, io: Io, stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<number> {
  const fromStdin = opts.text === '-' || (opts.text === undefined && !stdin.isTTY);
  if (!fromStdin && !opts.text?.trim()) {
    io.stderr.write('runbook: match needs TEXT (log lines or alert names), or - to read them from stdin\n');
    return EXIT.usage;
  }
  const library = await loadSignatures();
  for (const p of library.problems) io.stderr.write(`runbook: warning: ${p.runbook}: ${p.message}\n`);
  const matcher = new Matcher(library.runbooks);
  if (fromStdin) {
    const lines = createInterface({ input: stdin, crlfDelay: Infinity });
    for await (const line of lines) matcher.add(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
  } else {
    for (const line of opts.text!.split(/\r?\n/)) matcher.add(line);
  }
  const ranked = matcher.results();
  if (opts.json) io.stdout.write(`${JSON.stringify(toJson(ranked), null, 2)}\n`);
  else io.stdout.write(formatRanking(ranked));
  return ranked.length ? EXIT.done : EXIT.problem;
}

export function toJson(ranked: Ranked[]): { id: string; score: number; matched: { line: string; signature: string; how: string }[] }[] {
  return ranked.map((r) => ({ id: r.id, score: r.score, matched: r.matched.map((m) => ({ line: m.line, signature: m.signature, how: m.how })) }));
}
