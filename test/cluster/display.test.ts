import { describe, expect, it } from 'vitest';
import { displayCommand, formatArgv, quoteArg } from '../../src/cluster/display';

describe('quoteArg', () => {
  it.each([
    ['id', 'id'],
    ['-u', '-u'],
    ['/prometheus/01J1AYPJ079SQG86D2HJ859JDV/chunks', '/prometheus/01J1AYPJ079SQG86D2HJ859JDV/chunks'],
    ['app.kubernetes.io/name=prometheus', 'app.kubernetes.io/name=prometheus'],
    ['', "''"],
    ['%u %g %a %n', "'%u %g %a %n'"],
    ["it's", "'it'\\''s'"],
    ['$(reboot)', "'$(reboot)'"],
    ['a;b', "'a;b'"],
    ['*', "'*'"],
    ['~', "'~'"],
    ['line\nbreak', "'line\nbreak'"],
    ['{.items[*].metadata.name}', "'{.items[*].metadata.name}'"],
  ])('%j → %s', (arg, quoted) => {
    expect(quoteArg(arg)).toBe(quoted);
  });

  it('joins an argv', () => {
    expect(formatArgv(['stat', '-c', '%u %g %a %n', '/prometheus'])).toBe("stat -c '%u %g %a %n' /prometheus");
  });
});

describe('displayCommand', () => {
  it('shows an API get as kubectl get -o json', () => {
    expect(displayCommand({ kind: 'get', ref: { kind: 'Pod', name: 'prometheus-k8s-0', namespace: 'monitoring' } }, 'default')).toBe(
      'kubectl get pod prometheus-k8s-0 -n monitoring -o json',
    );
    expect(displayCommand({ kind: 'get', ref: { kind: 'ServiceAccount', name: 'thanos-compactor' } }, 'thanos')).toBe(
      'kubectl get serviceaccount thanos-compactor -n thanos -o json',
    );
    expect(displayCommand({ kind: 'get', ref: { kind: 'Node', name: 'n1' } }, 'thanos')).toBe('kubectl get node n1 -o json');
    expect(
      displayCommand({ kind: 'get', ref: { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', name: 'k8s' } }, 'monitoring'),
    ).toBe('kubectl get prometheus.monitoring.coreos.com k8s -n monitoring -o json');
  });

  it('shows lists with selectors and all namespaces', () => {
    expect(
      displayCommand({ kind: 'list', query: { kind: 'Pod', namespace: '*', labelSelector: 'app.kubernetes.io/name=thanos' } }, 'default'),
    ).toBe('kubectl get pod -A -l app.kubernetes.io/name=thanos -o json');
    expect(
      displayCommand({ kind: 'list', query: { kind: 'Event', fieldSelector: 'involvedObject.name=p, type!=Normal' } }, 'monitoring'),
    ).toBe("kubectl get event -n monitoring --field-selector 'involvedObject.name=p, type!=Normal' -o json");
  });

  it('shows logs and exec the way kubectl takes them', () => {
    expect(
      displayCommand(
        { kind: 'logs', pod: 'prometheus-k8s-0', namespace: 'monitoring', container: 'thanos-sidecar', tail: 200, previous: false },
        'default',
      ),
    ).toBe('kubectl logs -n monitoring prometheus-k8s-0 -c thanos-sidecar --tail=200');
    expect(displayCommand({ kind: 'logs', pod: 'p', tail: 50, previous: true }, 'ns')).toBe('kubectl logs -n ns p --tail=50 --previous');
    expect(
      displayCommand({ kind: 'exec', pod: 'prometheus-k8s-0', namespace: 'monitoring', container: 'prometheus', command: ['id', '-u'] }, 'x'),
    ).toBe('kubectl exec -n monitoring prometheus-k8s-0 -c prometheus -- id -u');
  });

  it('shows kubectl checks with the walk namespace unless they chose one, and host argv as is', () => {
    expect(displayCommand({ kind: 'kubectl', args: ['get', 'networkpolicy'] }, 'monitoring')).toBe('kubectl -n monitoring get networkpolicy');
    expect(displayCommand({ kind: 'kubectl', args: ['get', 'pods', '-A'] }, 'monitoring')).toBe('kubectl get pods -A');
    expect(displayCommand({ kind: 'host', argv: ['journalctl', '-u', 'rke2-server', '--grep', 'Access Denied'] }, 'x')).toBe(
      "journalctl -u rke2-server --grep 'Access Denied'",
    );
  });
});
