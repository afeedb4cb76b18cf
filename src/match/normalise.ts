// Turns one pasted or collected log line into the texts a signature is tried against: the line
// without transport noise (ANSI colours, journald / kubectl / klog prefixes, table borders) and,
// for structured lines (logfmt, JSON), the message and error fields on their own.
import stripAnsi from 'strip-ansi';

export interface NormalisedLine {
  /** The line as given (trimmed), for showing back to the operator. */
  raw: string;
  /** Candidate texts for regex signatures: the cleaned line first, then extracted fields. */
  texts: string[];
  /** Lower-case words with volatile values (ULIDs, timestamps, numbers, ids) removed, all texts. */
  words: string[];
  /** The same words, per entry of `texts` (partial matching looks at one text at a time). */
  textWords: string[][];
  /** The line looked cut off (no closing quote, or an ellipsis at the end). */
  truncated: boolean;
}

const MESSAGE_FIELDS = new Set(['msg', 'message', 'err', 'error', 'error_description', 'reason', 'log']);

// `Nov 23 10:00:01 host rke2[123]: …` (journald / syslog short format)
const JOURNALD = /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ [^\s:[]+(?:\[\d+\])?: /;
// `[pod/prometheus-k8s-0/thanos-sidecar] …` (kubectl logs --prefix)
const KUBECTL_PREFIX = /^\[(?:pod\/)?[\w.-]+\/[\w.-]+\] /;
// `2024-01-02T03:04:05.123456789Z …` (kubectl logs --timestamps, containerd CRI format)
const RFC3339_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)(?: (?:stdout|stderr) [FP])? /;
// `E1027 23:39:22.893319       1 token_credential.go:62] …` (klog)
const KLOG_PREFIX = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w./-]+:\d+\] /;
// Table borders and bullets that survive copying from terminals, chats and issue trackers.
const BORDERS = /[│┃║|>*•]+\s*$|^\s*[│┃║|>*•-]+\s+/g;

const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const TIMESTAMP = /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g;
const HEX = /\b(?:0x)?[0-9a-f]{12,}\b/gi;
const PATHLIKE = /[^\s"'=]*\/[^\s"']*/g;

export function normaliseLine(input: string): NormalisedLine {
  const raw = input.trim();
  let line = stripAnsi(raw).replace(/\r/g, '');
  line = line.replace(BORDERS, '').trim();
  for (let changed = true; changed; ) {
    const before = line;
    line = line.replace(JOURNALD, '').replace(KUBECTL_PREFIX, '').replace(RFC3339_PREFIX, '').replace(KLOG_PREFIX, '').replace(BORDERS, '').trim();
    changed = line !== before;
  }
  const fields = structuredFields(line);
  const texts = dedupe([line, ...fields.flatMap(unescapeField)]);
  const truncated = /(?:…|\.\.\.)$/.test(line) || unbalancedQuote(line);
  const textWords = texts.map(words);
  return { raw, texts, words: textWords.flat(), textWords, truncated };
}

/** The words a signature's literal text and a line have in common are counted on this form. */
export function words(text: string): string[] {
  // Paths and URLs are values (a signature writes them as \S+), not words of the message.
  const masked = text.replace(TIMESTAMP, ' ').replace(PATHLIKE, ' ').replace(ULID, ' ').replace(UUID, ' ').replace(HEX, ' ');
  return masked
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w) && !(w.length >= 8 && /\d/.test(w)));
}

function structuredFields(line: string): string[] {
  const jsonStart = line.indexOf('{');
  if (jsonStart >= 0) {
    const json = jsonFields(line.slice(jsonStart));
    if (json.length) return json;
  }
  return logfmtFields(line);
}

function jsonFields(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
      if (typeof inner === 'string' && MESSAGE_FIELDS.has(k.toLowerCase())) out.push(inner);
      else if (typeof inner === 'object') visit(inner, depth + 1);
    }
  };
  visit(value, 0);
  return out;
}

/** `key=value` and `key="quoted \"value\""` pairs; only the message-like keys are returned. */
export function logfmtFields(line: string): string[] {
  const out: string[] = [];
  const pair = /(?:^|\s)([\w.-]+)=("((?:[^"\\]|\\.)*)(?:"|$)|[^\s"]*)/g;
  for (let m = pair.exec(line); m; m = pair.exec(line)) {
    const key = m[1]!.toLowerCase();
    if (!MESSAGE_FIELDS.has(key)) continue;
    const value = m[3] !== undefined ? m[3].replace(/\\(["\\])/g, '$1') : m[2]!;
    if (value) out.push(value);
  }
  return out;
}

/** A field holding an escaped stack trace (`…\nmain.run…`): the message, then each line. */
function unescapeField(value: string): string[] {
  if (!value.includes('\\n')) return [value];
  const lines = value.split('\\n').map((l) => l.replace(/\\t/g, '\t').trim()).filter(Boolean);
  return [value, ...lines];
}

function unbalancedQuote(line: string): boolean {
  const quotes = line.replace(/\\./g, '').match(/"/g);
  return (quotes?.length ?? 0) % 2 === 1;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items.filter(Boolean))];
}
