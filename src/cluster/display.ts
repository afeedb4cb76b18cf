// How a check reads to a person: the command they would type to see the same evidence. Display
// only — nothing here is ever handed to a shell.

import { defaultApiVersion, isClusterScopedKind } from './discovery';
import { kubectlArgsWithNamespace } from './kubectl';
import type { ResolvedCheck } from './types';

const NEEDS_NO_QUOTES = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/** POSIX-shell quoting: bare when safe, otherwise single quotes (with ' written as '\''). */
export function quoteArg(arg: string): string {
  if (arg === '') return "''";
  // zsh expands a leading `=word` to the path of a command.
  if (NEEDS_NO_QUOTES.test(arg) && !arg.startsWith('=')) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatArgv(argv: string[]): string {
  return argv.map(quoteArg).join(' ');
}

/** `pod`, `networkpolicy`, or `prometheus.monitoring.coreos.com` for kinds outside the defaults. */
function kubectlResource(kind: string, apiVersion: string | undefined): string {
  const resource = kind.toLowerCase();
  if (!apiVersion || apiVersion === defaultApiVersion(kind) || !apiVersion.includes('/')) return resource;
  return `${resource}.${apiVersion.split('/')[0]}`;
}

function namespaceArgs(kind: string, namespace: string): string[] {
  if (isClusterScopedKind(kind)) return [];
  return namespace === '*' ? ['-A'] : ['-n', namespace];
}

/** The command line for a check; `namespace` is the walk's namespace for checks that name none. */
export function displayCommand(check: ResolvedCheck, namespace: string): string {
  switch (check.kind) {
    case 'get': {
      const { ref } = check;
      const argv = ['kubectl', 'get', kubectlResource(ref.kind, ref.apiVersion), ref.name];
      argv.push(...namespaceArgs(ref.kind, ref.namespace || namespace), '-o', 'json');
      return formatArgv(argv);
    }
    case 'list': {
      const { query } = check;
      const argv = ['kubectl', 'get', kubectlResource(query.kind, query.apiVersion)];
      argv.push(...namespaceArgs(query.kind, query.namespace || namespace));
      if (query.labelSelector) argv.push('-l', query.labelSelector);
      if (query.fieldSelector) argv.push('--field-selector', query.fieldSelector);
      argv.push('-o', 'json');
      return formatArgv(argv);
    }
    case 'logs': {
      const argv = ['kubectl', 'logs', '-n', check.namespace || namespace, check.pod];
      if (check.container) argv.push('-c', check.container);
      argv.push(`--tail=${check.tail}`);
      if (check.previous) argv.push('--previous');
      return formatArgv(argv);
    }
    case 'exec': {
      const argv = ['kubectl', 'exec', '-n', check.namespace || namespace, check.pod];
      if (check.container) argv.push('-c', check.container);
      argv.push('--', ...check.command);
      return formatArgv(argv);
    }
    case 'kubectl':
      return formatArgv(['kubectl', ...kubectlArgsWithNamespace(namespace, check.args)]);
    case 'host':
      return formatArgv(check.argv);
  }
}
