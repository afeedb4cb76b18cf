import { describe, expect, it } from 'vitest';
import {
  checkFields,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from '../../src/sim/selectors';

const labels = { app: 'prometheus', tier: 'monitoring', 'app.kubernetes.io/name': 'thanos', replicas: '3' };
const sel = (s: string, l: Record<string, string> | undefined = labels): boolean => matchesLabels(parseLabelSelector(s), l);

describe('label selectors', () => {
  it('selects everything with the empty selector', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(sel('')).toBe(true);
    expect(sel('', undefined)).toBe(true);
  });

  it('supports =, ==, !=', () => {
    expect(sel('app=prometheus')).toBe(true);
    expect(sel('app==prometheus,tier=monitoring')).toBe(true);
    expect(sel('app=grafana')).toBe(false);
    expect(sel('app!=grafana')).toBe(true);
    expect(sel('missing!=x')).toBe(true);
    expect(sel('app.kubernetes.io/name = thanos')).toBe(true);
  });

  it('supports in, notin, exists and !key', () => {
    expect(sel('app in (grafana, prometheus)')).toBe(true);
    expect(sel('app in (grafana)')).toBe(false);
    expect(sel('app notin (grafana,alertmanager)')).toBe(true);
    expect(sel('missing notin (x)')).toBe(true);
    expect(sel('app notin (prometheus)')).toBe(false);
    expect(sel('tier')).toBe(true);
    expect(sel('missing')).toBe(false);
    expect(sel('!missing')).toBe(true);
    expect(sel('!app')).toBe(false);
    expect(sel('app,!missing,tier in (monitoring)')).toBe(true);
  });

  it('supports gt and lt on integer values', () => {
    expect(sel('replicas>2')).toBe(true);
    expect(sel('replicas<2')).toBe(false);
    expect(sel('app>1')).toBe(false);
  });

  it('rejects malformed selectors with the API server wording', () => {
    expect(() => parseLabelSelector('a b')).toThrow(/unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt/);
    expect(() => parseLabelSelector('a in (x')).toThrow(SelectorError);
    expect(() => parseLabelSelector('a in x')).toThrow(SelectorError);
    expect(() => parseLabelSelector('-bad=x')).toThrow(/invalid label key/);
    expect(() => parseLabelSelector('a=b c')).toThrow(SelectorError);
    expect(() => parseLabelSelector('a>b')).toThrow(/must be an integer/);
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p0', namespace: 'monitoring' }, spec: { nodeName: 'worker-1' }, status: { phase: 'Running' } };
  const event = { metadata: { name: 'e', namespace: 'monitoring' }, involvedObject: { kind: 'Pod', name: 'p0', namespace: 'monitoring' }, type: 'Warning' };

  it('matches pods by name, namespace, phase and node', () => {
    const f = (s: string): boolean => matchesFields('Pod', parseFieldSelector(s), pod);
    expect(f('metadata.name=p0,metadata.namespace=monitoring')).toBe(true);
    expect(f('status.phase==Running')).toBe(true);
    expect(f('status.phase!=Running')).toBe(false);
    expect(f('spec.nodeName=worker-1')).toBe(true);
    expect(f('spec.nodeName=')).toBe(false);
    expect(matchesFields('Pod', parseFieldSelector('spec.nodeName='), { metadata: { name: 'x' } })).toBe(true);
  });

  it('matches events by involvedObject', () => {
    const f = (s: string): boolean => matchesFields('Event', parseFieldSelector(s), event);
    expect(f('involvedObject.name=p0,involvedObject.kind=Pod,involvedObject.namespace=monitoring')).toBe(true);
    expect(f('involvedObject.name=other')).toBe(false);
    expect(f('type=Warning')).toBe(true);
  });

  it('unescapes values and rejects unknown fields like the API server', () => {
    expect(parseFieldSelector('metadata.name=a\\,b')).toEqual([{ field: 'metadata.name', op: '=', value: 'a,b' }]);
    expect(() => checkFields('Pod', parseFieldSelector('spec.foo=1'))).toThrow('field label not supported: spec.foo');
    expect(() => checkFields('ConfigMap', parseFieldSelector('status.phase=Running'))).toThrow(SelectorError);
    expect(() => checkFields('Event', parseFieldSelector('involvedObject.uid=x'))).not.toThrow();
    expect(() => parseFieldSelector('nonsense')).toThrow(SelectorError);
  });
});
