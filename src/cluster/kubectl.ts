// kubectl pointed at the same kubeconfig, context and namespace as the API client.

export interface KubectlTarget {
  /** Passed as --kubeconfig; undefined when KUBECONFIG / ~/.kube/config already lead kubectl there. */
  kubeconfigFile: string | undefined;
  /** undefined: let kubectl use its own (in-cluster configuration has no context name). */
  context: string | undefined;
  namespace: string;
}

/** Does the command already choose a namespace (before any `--` that starts a pod command)? */
export function choosesNamespace(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (/^-n/.test(arg) || /^--namespace(=|$)/.test(arg) || arg === '-A' || /^--all-namespaces(=|$)/.test(arg)) return true;
  }
  return false;
}

/** The arguments as the operator would type them: the walk's namespace first unless they chose one. */
export function kubectlArgsWithNamespace(namespace: string, args: string[]): string[] {
  return choosesNamespace(args) ? [...args] : ['-n', namespace, ...args];
}

export function kubectlArgv(target: KubectlTarget, args: string[]): string[] {
  const argv: string[] = [];
  if (target.kubeconfigFile) argv.push('--kubeconfig', target.kubeconfigFile);
  if (target.context) argv.push('--context', target.context);
  argv.push(...kubectlArgsWithNamespace(target.namespace, args));
  return argv;
}
