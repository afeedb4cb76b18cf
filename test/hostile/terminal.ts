// Payloads a hostile cluster could put in names, labels and log lines, and the terminal the
// hostile tests read them through.
export { FakeStdin, FakeStdout } from '../ui/fake-terminal';

/**
 * Sequences that would act on the operator's terminal rather than be shown: set the title,
 * write the clipboard (OSC 52), ask the terminal to answer into stdin (DSR, DA), device control
 * strings, 8-bit CSI, a bell, bidirectional overrides that reorder text, a carriage return that
 * overwrites the line, and a clear screen.
 */
export const HOSTILE_PAYLOADS = [
  '\u001b]0;pwned-title\u0007',
  '\u001b]52;c;cm0gLXJmIH4K\u0007',
  '\u001b[6n',
  '\u001b[c',
  '\u001bP+q544e\u001b\\',
  '\u009b2J',
  '\u0007',
  'admin\u202etxt.exe',
  'safe-looking\rOVERWRITTEN',
  '\u001b[2J\u001b[H',
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\',
  '$(touch /tmp/runbook-hostile-pwned)',
  '`touch /tmp/runbook-hostile-pwned`',
  '; rm -rf ~ #',
];

/** What must never reach the terminal from evidence (Ink's own cursor and erase codes are fine). */
export const FORBIDDEN_ON_SCREEN: [string, RegExp][] = [
  ['OSC (title, clipboard, hyperlink)', /\u001b\]/],
  ['device status / attributes query', /\u001b\[(?:6n|c)/],
  ['device control string', /\u001bP/],
  ['8-bit CSI', /\u009b/],
  ['bell', /\u0007/],
  ['bidirectional override', /[\u202a-\u202e\u2066-\u2069]/],
  ['carriage return', /\r(?!\n)/],
];
