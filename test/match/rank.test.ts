// Ranking rules that the corpus cannot pin down on its own: equal evidence goes to the runbook whose
// signature says more, whatever the runbooks are called or the order they are loaded in.
import { describe, expect, it } from 'vitest';
import { rankText } from '../../src/match/rank';
import { compileSignatures, specificity } from '../../src/match/signatures';
import type { Runbook } from '../../src/runbook/schema';

function signatures(id: string, logs: string[]) {
  return compileSignatures({ id, title: id, symptoms: { logs, alerts: [], notLogs: [] } } as unknown as Runbook);
}

const generic = signatures('a-generic-bucket-runbook', ['Access Denied']);
const specific = signatures('z-compactor-runbook', ['(?:BaseFetcher: )?iter bucket: Access Denied|delete block: delete \\S+: Access Denied']);

describe('ranking', () => {
  it('gives a line two runbooks match equally to the more specific signature, in either load order', () => {
    const line = 'ts=2025-08-20T07:14:11.327681475Z caller=runutil.go:117 level=error msg="function failed. Retrying in next tick" err="BaseFetcher: iter bucket: Access Denied"';
    for (const order of [[generic, specific], [specific, generic]]) {
      const ranked = rankText(line, order);
      expect(ranked.map((r) => r.id)).toEqual(['z-compactor-runbook', 'a-generic-bucket-runbook']);
      expect(ranked[0]!.score).toBe(ranked[1]!.score);
    }
  });

  it('counts the alternative that matched, not the longest one of the pattern', () => {
    // "delete block: delete X: Access Denied" requires fewer letters than the iter-bucket alternative.
    const line = 'err="cleaning marked blocks: delete block: delete 01J1AYPJ079SQG86D2HJ859JDV/meta.json: Access Denied"';
    const longer = signatures('a-longer', ['cleaning marked blocks: .*Access Denied']);
    expect(specificity('cleaning marked blocks: .*Access Denied')).toBeGreaterThan(specificity('delete block: delete \\S+: Access Denied'));
    expect(rankText(line, [specific, longer])[0]!.id).toBe('a-longer');
  });

  it('still puts more evidence before more specific evidence', () => {
    const text = ['err="iter bucket: Access Denied"', 'err="upload: Access Denied"'].join('\n');
    expect(rankText(text, [specific, generic])[0]!.id).toBe('a-generic-bucket-runbook');
  });
});

describe('ranking by alert name', () => {
  const own = compileSignatures({ id: 'z-halted', title: 'z', symptoms: { logs: [], alerts: ['ThanosCompactHalted', 'ThanosCompactMultipleRunning'], notLogs: [] } } as unknown as Runbook);
  const consequence = compileSignatures({ id: 'a-identity', title: 'a', symptoms: { logs: [], alerts: ['ThanosCompactIsDown', 'ThanosCompactHalted'], notLogs: [] } } as unknown as Runbook);

  it('gives an alert two runbooks list to the one that lists it first', () => {
    expect(rankText('ThanosCompactHalted', [consequence, own]).map((r) => r.id)).toEqual(['z-halted', 'a-identity']);
    expect(rankText('ThanosCompactIsDown', [consequence, own]).map((r) => r.id)).toEqual(['a-identity']);
  });
});
