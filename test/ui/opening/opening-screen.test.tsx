// The opening screen end to end with fake cluster data: filter, paste, scan, and the pickers.
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { compileSignatures } from '../../../src/match/signatures';
import { runbookSchema } from '../../../src/runbook/schema';
import { OpeningScreen, type OpeningChoice, type OpeningData, type OpeningRunbook } from '../../../src/ui/opening/opening-screen';
import { fuzzyFilter } from '../../../src/ui/opening/fuzzy';

const sidecar = runbookSchema.parse({
  id: 'thanos-sidecar-upload-permission',
  title: 'Thanos sidecar cannot upload blocks (file permissions)',
  symptoms: { logs: ['thanos\\.shipper\\.json\\S*: permission denied'], notLogs: ['thanos\\.shipper\\.json: no such file or directory'] },
  start: 'end',
  steps: { end: { title: 'end', conclusion: { verdict: 'inconclusive', rootCause: 'x' } } },
});
const netpol = runbookSchema.parse({ ...sidecar, id: 'kube-prometheus-networkpolicy', title: 'NodePort to Grafana times out', symptoms: { alerts: ['GrafanaDown'] } });
const runbooks: OpeningRunbook[] = [
  { id: netpol.id, title: netpol.title, params: [] },
  { id: sidecar.id, title: sidecar.title, namespace: 'monitoring', params: [{ name: 'pod', discoverable: true }] },
];
const signatures = [compileSignatures(netpol), compileSignatures(sidecar)];

function fakeData(): OpeningData & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    contexts: { names: ['prod', 'staging'], current: 'staging' },
    namespaces: async (context) => (calls.push(`namespaces ${context}`), { ok: true, value: { names: ['default', 'monitoring'], current: 'default' } }),
    discover: async (context, ns, id, param) => (calls.push(`discover ${context} ${ns} ${id} ${param}`), { ok: true, value: ['prometheus-k8s-0', 'prometheus-k8s-1'] }),
    scan: async (context, ns) => (
      calls.push(`scan ${context} ${ns}`),
      {
        ok: true,
        value: {
          context, namespace: ns, podsListed: 3, podsScanned: 1, logsRead: 2, rke2Nodes: [], problems: [], durationMs: 5,
          findings: [{ kind: 'StatefulSet', name: 'prometheus-k8s', namespace: 'monitoring', components: ['thanos-sidecar'], pods: ['prometheus-k8s-0'], runbooks: [{ id: sidecar.id, title: sidecar.title, score: 10, matched: [{ line: 'x: permission denied', signature: 's', how: 'regex', source: 'monitoring/prometheus-k8s-0/thanos-sidecar', count: 1 }] }] }],
        },
      }
    ),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 60));
async function type(app: ReturnType<typeof render>, ...keys: string[]) {
  for (const k of keys) {
    app.stdin.write(k);
    await tick();
  }
}
const DOWN = '\u001b[B';
const ENTER = '\r';
const ESC = '\u001b';

function mount(data = fakeData()) {
  const done = vi.fn<(c: OpeningChoice | undefined) => void>();
  const app = render(<OpeningScreen runbooks={runbooks} signatures={signatures} data={data} onDone={done} />);
  return { app, done, data };
}

describe('opening screen', () => {
  it('filters runbooks as the operator types', async () => {
    const { app } = mount();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Scan this cluster'));
    await type(app, 'sidecar');
    const frame = app.lastFrame()!;
    expect(frame).toContain('thanos-sidecar-upload-permission');
    expect(frame).not.toContain('kube-prometheus-networkpolicy');
  });

  it('ranks runbooks for a pasted log line, not fooled by the first-start look-alike', async () => {
    const { app } = mount();
    await type(app, 'level=warn err="open /prometheus/thanos.shipper.json: permission denied"');
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/❯ thanos-sidecar-upload-permission.*score 10/));
    await type(app, '\u0015', 'level=warn err="open /prometheus/thanos.shipper.json: no such file or directory"');
    await vi.waitFor(() => expect(app.lastFrame()).not.toContain('score'));
  });

  it('walks through context, namespace (runbook default first) and a discovered parameter', async () => {
    const { app, done, data } = mount();
    await type(app, 'upload', ENTER);
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/❯ staging\s+current context/));
    await type(app, DOWN); // there is nothing below staging: stays
    await type(app, ENTER);
    await vi.waitFor(() => expect(data.calls).toContain('namespaces staging'));
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/❯ monitoring/));
    await type(app, ENTER);
    await vi.waitFor(() => expect(data.calls).toContain('discover staging monitoring thanos-sidecar-upload-permission pod'));
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/❯ prometheus-k8s-0\s+likeliest/));
    await type(app, DOWN, ENTER);
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith({ runbook: 'thanos-sidecar-upload-permission', context: 'staging', namespace: 'monitoring', set: { pod: 'prometheus-k8s-1' } }));
  });

  it('scans the chosen namespace and starts the runbook of a finding in its namespace', async () => {
    const { app, done, data } = mount();
    await type(app, ENTER, ENTER); // scan, context staging
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/all namespaces/));
    await type(app, '\u001b[A', '\u001b[A', ENTER); // up to "all namespaces"
    await vi.waitFor(() => expect(data.calls).toContain('scan staging *'));
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/❯ thanos-sidecar-upload-permission\s+monitoring\/StatefulSet prometheus-k8s/));
    await type(app, ENTER, ENTER);
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith({ runbook: 'thanos-sidecar-upload-permission', context: 'staging', namespace: 'monitoring', set: { pod: 'prometheus-k8s-0' } }));
  });

  it('esc goes back, then leaves without a choice', async () => {
    const { app, done } = mount();
    await type(app, ENTER);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('which cluster'));
    await type(app, ESC);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('what do you see?'));
    await type(app, ESC);
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(undefined));
  });

  it('says what failed when the cluster cannot be listed', async () => {
    const data = fakeData();
    data.namespaces = async () => ({ ok: false, message: 'context staging: cannot reach the API server' });
    const { app } = mount(data);
    await type(app, 'upload', ENTER, ENTER);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('cannot reach the API server'));
  });
});

describe('fuzzy filter', () => {
  it('keeps in-order subsequences, best (word starts, runs) first', () => {
    const items = ['thanos-sidecar-prerequisites', 'thanos-sidecar-upload-permission', 'rke2-etcd-s3-snapshot-access-denied'];
    expect(fuzzyFilter('sup', items, (i) => [i])).toEqual(['thanos-sidecar-upload-permission']);
    expect(fuzzyFilter('etcd', items, (i) => [i])).toEqual(['rke2-etcd-s3-snapshot-access-denied']);
    expect(fuzzyFilter('', items, (i) => [i])).toEqual(items);
  });
});
