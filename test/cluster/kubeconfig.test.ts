import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from '../../src/cluster/kubeconfig';

let dir: string;

function kubeconfig(opts: { contexts: Array<{ name: string; cluster: string; namespace?: string }>; current?: string; server?: string }) {
  const clusters = [...new Set(opts.contexts.map((c) => c.cluster))].map(
    (name) => `- name: ${name}\n  cluster:\n    server: ${opts.server ?? `https://${name}.example:6443`}\n    insecure-skip-tls-verify: true`,
  );
  const contexts = opts.contexts.map(
    (c) => `- name: ${c.name}\n  context:\n    cluster: ${c.cluster}\n    user: u${c.namespace ? `\n    namespace: ${c.namespace}` : ''}`,
  );
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${opts.current ?? ''}`,
    `clusters:\n${clusters.join('\n')}`,
    `contexts:\n${contexts.join('\n')}`,
    'users:\n- name: u\n  user:\n    token: t',
  ].join('\n');
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-kubeconfig-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadKubeconfig', () => {
  it('uses the current context and its namespace', () => {
    const file = write('a.yaml', kubeconfig({ contexts: [{ name: 'a', cluster: 'ca', namespace: 'monitoring' }], current: 'a' }));
    const loaded = loadKubeconfig({ kubeconfig: file }, {});
    expect(loaded.ok && loaded.value).toMatchObject({ context: 'a', namespace: 'monitoring', server: 'https://ca.example:6443', kubeconfigFile: file });
  });

  it('namespace: explicit > context > default', () => {
    const file = write(
      'b.yaml',
      kubeconfig({ contexts: [{ name: 'with', cluster: 'c1', namespace: 'ctx-ns' }, { name: 'without', cluster: 'c1' }], current: 'with' }),
    );
    const explicit = loadKubeconfig({ kubeconfig: file, namespace: 'explicit' }, {});
    expect(explicit.ok && explicit.value.namespace).toBe('explicit');
    const fromContext = loadKubeconfig({ kubeconfig: file }, {});
    expect(fromContext.ok && fromContext.value.namespace).toBe('ctx-ns');
    const fallback = loadKubeconfig({ kubeconfig: file, context: 'without' }, {});
    expect(fallback.ok && fallback.value.namespace).toBe('default');
  });

  it('an unknown context is invalid and the message lists the available ones', () => {
    const file = write('c.yaml', kubeconfig({ contexts: [{ name: 'one', cluster: 'c' }, { name: 'two', cluster: 'c' }], current: 'one' }));
    const loaded = loadKubeconfig({ kubeconfig: file, context: 'three' }, {});
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.reason).toBe('invalid');
    expect(loaded.error.message).toContain('"three" not found');
    expect(loaded.error.message).toContain('one, two');
  });

  it('a missing or unparsable file is invalid and named', () => {
    const missing = path.join(dir, 'nope.yaml');
    const a = loadKubeconfig({ kubeconfig: missing }, {});
    expect(a).toMatchObject({ ok: false, error: { reason: 'invalid' } });
    expect(!a.ok && a.error.message).toContain(missing);
    const garbage = write('garbage.yaml', 'clusters: [ {{{ not yaml');
    const b = loadKubeconfig({ kubeconfig: garbage }, {});
    expect(b).toMatchObject({ ok: false, error: { reason: 'invalid' } });
    expect(!b.ok && b.error.message).toContain(garbage);
  });

  it('a YAML error is located as FILE:LINE:COLUMN, on one line, without the file\'s bytes', () => {
    const broken = write('broken.yaml', 'apiVersion: v1\nclusters: [\n');
    const a = loadKubeconfig({ kubeconfig: broken }, {});
    expect(!a.ok && a.error.message).toBe(`kubeconfig ${broken}:3:1: cannot parse: unexpected end of the stream within a flow collection`);
    const binary = write('binary.yaml', '\u0000\u001b[2Jgarbage');
    const b = loadKubeconfig({ kubeconfig: binary }, {});
    expect(!b.ok && b.error.message).toBe(`kubeconfig ${binary}:1:1: cannot parse: null byte is not allowed in input`);
  });

  it('no current context and none asked for is invalid', () => {
    const file = write('d.yaml', kubeconfig({ contexts: [{ name: 'x', cluster: 'c' }] }));
    const loaded = loadKubeconfig({ kubeconfig: file }, {});
    expect(loaded).toMatchObject({ ok: false, error: { reason: 'invalid' } });
    expect(!loaded.ok && loaded.error.message).toContain('available contexts: x');
  });

  it('merges a KUBECONFIG list like kubectl: first definition wins, missing files skipped', () => {
    const first = write('k1.yaml', kubeconfig({ contexts: [{ name: 'shared', cluster: 'first' }], current: 'shared' }));
    const second = write(
      'k2.yaml',
      kubeconfig({ contexts: [{ name: 'shared', cluster: 'second' }, { name: 'only-second', cluster: 'second' }], current: 'only-second' }),
    );
    const env = { KUBECONFIG: [path.join(dir, 'missing.yaml'), first, second].join(path.delimiter) };
    const loaded = loadKubeconfig({}, env);
    expect(loaded.ok && loaded.value).toMatchObject({ context: 'shared', server: 'https://first.example:6443', kubeconfigFile: undefined });
    const other = loadKubeconfig({ context: 'only-second' }, env);
    expect(other.ok && other.value.server).toBe('https://second.example:6443');
  });

  it('--kubeconfig wins over KUBECONFIG', () => {
    const env = { KUBECONFIG: write('env.yaml', kubeconfig({ contexts: [{ name: 'env', cluster: 'e' }], current: 'env' })) };
    const flag = write('flag.yaml', kubeconfig({ contexts: [{ name: 'flag', cluster: 'f' }], current: 'flag' }));
    const loaded = loadKubeconfig({ kubeconfig: flag }, env);
    expect(loaded.ok && loaded.value.context).toBe('flag');
  });

  it('says so when there is no kubeconfig anywhere', () => {
    const loaded = loadKubeconfig({}, { HOME: dir });
    expect(loaded).toMatchObject({ ok: false, error: { reason: 'invalid' } });
  });
});
