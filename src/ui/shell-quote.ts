// How an argv reads when shown to a person who may paste it into a POSIX shell. Display only:
// nothing here is ever executed — commands run as argv arrays.

/** Characters that never need quoting in sh, bash or zsh. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  // zsh expands a leading `=word` to the path of a command.
  if (SAFE.test(arg) && !arg.startsWith('=')) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function formatCommand(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
