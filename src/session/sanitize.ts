// Text from a cluster, a runbook or an operator is shown in a terminal: nothing in it may move
// the cursor, recolour the screen, set the window title or reorder what is displayed, and no
// secret in it (a decoded objstore config, a token in a log line) reaches the screen.
import stripAnsi from 'strip-ansi';
import { redactText } from './redact';

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the bidirectional controls that
 * make a terminal display characters in an order other than the one they have.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Output as it can safely be printed: escape sequences and control characters removed, secrets redacted. */
export function sanitizeOutput(text: string): string {
  const known = recent.get(text);
  if (known !== undefined) return known;
  // A bare carriage return would overwrite what came before it on the line; as a line break
  // everything the command printed stays visible.
  const safe = redactText(stripAnsi(text).replace(/\r\n?/g, '\n').replace(UNSAFE, ''));
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(text, safe);
  return safe;
}

/** Every frame redraws the same evidence: large outputs are sanitised once, not once per frame. */
const recent = new Map<string, string>();
const RECENT_MAX = 256;

/** Sanitised and folded onto one line: for titles, labels and other single-line fields. */
export function sanitizeLine(text: string): string {
  return sanitizeOutput(text).replace(/\s+/g, ' ').trim();
}
