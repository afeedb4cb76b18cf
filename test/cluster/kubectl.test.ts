import { describe, expect, it } from 'vitest';
import { choosesNamespace, kubectlArgv } from '../../src/cluster/kubectl';

describe('kubectlArgv', () => {
  it('adds kubeconfig, context and the walk namespace before the args', () => {
    expect(kubectlArgv({ kubeconfigFile: '/tmp/k.yaml', context: 'sim', namespace: 'monitoring' }, ['get', 'networkpolicy'])).toEqual([
      '--kubeconfig',
      '/tmp/k.yaml',
      '--context',
      'sim',
      '-n',
      'monitoring',
      'get',
      'networkpolicy',
    ]);
  });

  it('relies on the environment when there is no kubeconfig file, and keeps a namespace the args chose', () => {
    expect(kubectlArgv({ kubeconfigFile: undefined, context: 'prod', namespace: 'x' }, ['get', 'pods', '-n', 'kube-system'])).toEqual([
      '--context',
      'prod',
      'get',
      'pods',
      '-n',
      'kube-system',
    ]);
    expect(kubectlArgv({ kubeconfigFile: undefined, context: undefined, namespace: 'x' }, ['version'])).toEqual(['-n', 'x', 'version']);
  });

  it('only looks for namespace flags before --', () => {
    expect(choosesNamespace(['get', 'pods', '--namespace=a'])).toBe(true);
    expect(choosesNamespace(['get', 'pods', '-nkube-system'])).toBe(true);
    expect(choosesNamespace(['get', 'pods', '--all-namespaces'])).toBe(true);
    expect(choosesNamespace(['exec', 'p', '--', 'ls', '-n'])).toBe(false);
  });
});
