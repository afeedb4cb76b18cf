// Applying a fix from the walk: `a` plans it, the diff is on screen while the operator confirms
// (y, or the context's name typed for production-looking contexts), then progress and the undo.
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../src/cluster/types';
import type { FixPlan } from '../../src/fix/plan';
import { WalkScreen } from '../../src/ui/walk-screen';
import type { FixOps, WalkController } from '../../src/walk/controller';
import { dfOutput, diskRunbook, tick, waitFor, walkWith } from './fixtures';

const answers = {
  df: { stdout: dfOutput },
  wal: { failed: 'forbidden' as const, message: 'pods "prom-0" is forbidden: cannot create pods/exec' },
  args: { stdout: '["--storage.tsdb.retention.time=30d"]' },
};

const before: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'prometheus', namespace: 'monitoring' }, spec: { replicas: 1 } };
const permissions = [
  { verb: 'get', resource: 'statefulsets.apps', namespace: 'monitoring', name: 'prometheus', allowed: true },
  { verb: 'patch', resource: 'statefulsets.apps', namespace: 'monitoring', name: 'prometheus', allowed: true },
];
const readyPlan: FixPlan = {
  applicable: true,
  ref: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus', namespace: 'monitoring' },
  resource: { apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  patch: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus', type: 'merge', body: { spec: { replicas: 2 } }, kubectl: ['kubectl', 'patch', 'statefulset.apps', 'prometheus'] },
  permissions,
  before,
  after: { ...before, spec: { replicas: 2 } },
  diff: '--- StatefulSet/prometheus (now)\n+++ StatefulSet/prometheus (after the fix)\n@@ -1,1 +1,1 @@\n-  replicas: 1\n+  replicas: 2',
};

function fakeFixes(plan: FixPlan = readyPlan) {
  const apply = vi.fn<FixOps['apply']>(async () => ({
    ok: true,
    change: { kubectl: ['kubectl', 'patch'], after: before, undo: { type: 'merge', body: { spec: { replicas: 1 } }, kubectl: ['kubectl', 'patch', 'statefulset.apps', 'prometheus', '--type=merge', '-p', '{"spec":{"replicas":1}}'] } },
  }));
  const fixes: FixOps = {
    plan: async () => plan,
    apply,
    waitForRollout: async () => ({ status: 'done', message: 'statefulset/prometheus rolled out (2/2 updated, 2/2 ready)' }),
  };
  return { fixes, apply };
}

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

function mount(controller: WalkController, production = false) {
  const header = { runbookId: 'prometheus-disk-full', title: 'Prometheus data volume is full', context: production ? 'prod-eu-1' : 'kind-test', namespace: 'monitoring', production };
  const app = render(<WalkScreen controller={controller} header={header} onExit={() => {}} />);
  mounted.push(app);
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  const until = (text: string) => waitFor(() => frame().includes(text), frame);
  const press = async (keys: string) => {
    for (const k of keys) {
      app.stdin.write(k);
      await tick(15);
    }
  };
  return { frame, until, press };
}

describe('applying a fix in the walk', () => {
  it('a plans, shows permissions and the diff, y applies and shows the rollout and the undo', async () => {
    const { fixes, apply } = fakeFixes();
    const { controller } = walkWith(diskRunbook, answers, { fixes });
    const { frame, until, press } = mount(controller);
    await until('a apply fix');
    await press('a');
    await until('Apply this change to context kind-test namespace monitoring? y/n');
    expect(frame()).toContain('✓ may patch statefulsets.apps "prometheus" in monitoring');
    expect(frame()).toContain('✓ the server accepted the change in a dry run');
    expect(frame()).toContain('+  replicas: 2');
    await press('x');
    expect(apply).not.toHaveBeenCalled();
    await press('y');
    await until('✓ applied');
    expect(apply).toHaveBeenCalledTimes(1);
    expect(frame()).toContain('statefulset/prometheus rolled out (2/2 updated, 2/2 ready)');
    expect(frame()).toContain(`undo: kubectl patch statefulset.apps prometheus --type=merge -p '{"spec":{"replicas":1}}'`);
  });

  it('n cancels; nothing is applied', async () => {
    const { fixes, apply } = fakeFixes();
    const { controller } = walkWith(diskRunbook, answers, { fixes });
    const { frame, until, press } = mount(controller);
    await until('a apply fix');
    await press('a');
    await until('? y/n');
    await press('n');
    await until('a apply fix');
    expect(frame()).not.toContain('? y/n');
    expect(apply).not.toHaveBeenCalled();
  });

  it('a production-looking context needs its name typed; y alone and a wrong name do nothing', async () => {
    const { fixes, apply } = fakeFixes();
    const { controller } = walkWith(diskRunbook, answers, { fixes });
    const { frame, until, press } = mount(controller, true);
    await until('a apply fix');
    await press('a');
    await until('production: type prod-eu-1 to apply in namespace monitoring ›');
    await press('y\r');
    expect(frame()).toContain('(does not match)');
    await press('\x7f');
    await press('prod-eu-2\r');
    expect(apply).not.toHaveBeenCalled();
    await press('\x7f1\r');
    await until('✓ applied');
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('a fix the plan refuses says why and cannot be applied', async () => {
    const refused: FixPlan = { applicable: false, reason: 'context kind-test may not patch statefulsets.apps "prometheus" in namespace "monitoring"', permissions: [permissions[0]!, { ...permissions[1]!, allowed: false }] };
    const { fixes, apply } = fakeFixes(refused);
    const { controller } = walkWith(diskRunbook, answers, { fixes });
    const { frame, until, press } = mount(controller);
    await until('a apply fix');
    await press('a');
    await until('cannot apply: context kind-test may not patch');
    expect(frame()).toContain('✗ may patch statefulsets.apps "prometheus" in monitoring');
    await press('y');
    expect(apply).not.toHaveBeenCalled();
  });
});

describe('verifying a fix applied by hand', () => {
  it('v runs the verification step at once and the conclusion says what it showed', async () => {
    const { fixes, apply } = fakeFixes();
    const { controller, events } = walkWith(diskRunbook, answers, { fixes, stepByStep: true });
    const { frame, until, press } = mount(controller);
    for (let i = 0; i < 5 && !frame().includes('v verify'); i++) {
      await press('\r');
      await tick(30);
    }
    await until('v verify (applied by hand)');
    await press('v');
    await until('fix applied; verifying');
    for (let i = 0; i < 5 && !frame().includes('not verified'); i++) {
      await press('\r');
      await tick(30);
    }
    await until('fix of fix-retention applied by hand — not verified');
    expect(frame()).toMatch(/ends\s+at\s+a\s+problem,\s+the\s+same\s+one/);
    expect(apply).not.toHaveBeenCalled();
    expect(events.map((e) => e.type)).toContain('verify-requested');
  });
});
