import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../cluster/types';
import type { Condition } from '../runbook/schema';
import { evaluate } from './conditions';

const results: Record<string, CheckResult> = {
  ver: { status: 'ran', stdout: 'rke2 version v1.31.8+rke2r1 (abc)\ngo version go1.23', stderr: '', exitCode: 0, command: '', startedAt: '', durationMs: 0 },
  bad: { status: 'ran', stdout: '', stderr: 'boom', exitCode: 3, command: '', startedAt: '', durationMs: 0 },
  sa: { status: 'ran', stdout: '', stderr: '', exitCode: 0, command: '', startedAt: '', durationMs: 0, json: { metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' } }, items: [] } },
  gone: { status: 'failed', reason: 'forbidden', message: 'no', command: '', startedAt: '', durationMs: 0 },
};
const values: Record<string, string> = { 'ver.stdout': 'rke2 version v1.31.8+rke2r1 (abc)', 'bad.stderr': 'boom', 'bad.exitCode': '3', 'n.stdout': '42' };
const ctx = {
  results,
  resolve: (ref: { kind: string; check?: string; field?: string; name?: string }) =>
    ref.kind === 'param' ? (ref.name === 'ns' ? 'monitoring' : undefined) : values[`${ref.check}.${ref.field}`],
};
const holds = (c: Condition) => evaluate(c, ctx as never);

describe('evaluate', () => {
  it('semver, including rke2 build suffixes', () => {
    expect(holds({ semver: { value: '{{checks.ver.stdout}}', lt: 'v1.31.9' } })).toEqual({ known: true, value: true });
    expect(holds({ semver: { value: '{{checks.ver.stdout}}', satisfies: '>=1.31.9 <1.32.0 || >=1.32.5' } })).toEqual({ known: true, value: false });
  });
  it('regex, exit codes, equality', () => {
    expect(holds({ matches: { value: '{{checks.bad.stderr}}', pattern: '^BOOM$', flags: 'i' } }).known && holds({ matches: { value: '{{checks.bad.stderr}}', pattern: '^BOOM$', flags: 'i' } })).toMatchObject({ value: true });
    expect(holds({ exitCode: { check: 'bad', in: [1, 2] } })).toMatchObject({ value: false });
    expect(holds({ exitCode: { check: 'bad', notEqual: 0 } })).toMatchObject({ value: true });
    expect(holds({ equals: ['{{ns}}', 'monitoring'] })).toMatchObject({ value: true });
    expect(holds({ compare: { value: '{{checks.n.stdout}}', gt: 41, lte: 42 } })).toMatchObject({ value: true });
  });
  it('jsonpath exists / equals / empty', () => {
    expect(holds({ jsonpath: { check: 'sa', path: "$.metadata.annotations['eks.amazonaws.com/role-arn']", exists: true } })).toMatchObject({ value: true });
    expect(holds({ jsonpath: { check: 'sa', path: "$.metadata.annotations['eks.amazonaws.com/role-arn']", equals: 'arn:aws:iam::1:role/x' } })).toMatchObject({ value: true });
    expect(holds({ jsonpath: { check: 'sa', path: '$.items', empty: true } })).toMatchObject({ value: true });
    expect(holds({ jsonpath: { check: 'sa', path: '$.spec.nothing', exists: false } })).toMatchObject({ value: true });
  });
  it('is unknown, not false, when evidence is missing', () => {
    expect(holds({ jsonpath: { check: 'gone', path: '$.x', exists: false } })).toEqual({ known: false, missing: ['gone'] });
    expect(holds({ equals: ['{{checks.gone.stdout}}', 'x'] })).toEqual({ known: false, missing: ['gone'] });
    expect(holds({ not: { ran: 'nothing' } })).toEqual({ known: false, missing: ['nothing'] });
  });
  it('any/all short-circuit on known values', () => {
    expect(holds({ any: [{ ran: 'nothing' }, { ran: 'ver' }] })).toMatchObject({ value: true });
    expect(holds({ all: [{ ran: 'nothing' }, { ran: 'gone' }] })).toMatchObject({ value: false });
    expect(holds({ couldNotRun: { check: 'gone', reason: ['forbidden'] } })).toMatchObject({ value: true });
  });
});
