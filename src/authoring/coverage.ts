// Which branches of a runbook the scenarios walk, and which none reaches.
import { edgesOf, type Edge } from '../runbook/graph';
import type { Runbook } from '../runbook/schema';

/** A step of a walked path: where it went, and at a check step which branch took it there. */
export interface WalkedStep {
  step: string;
  next?: string | undefined;
  branch?: number | undefined;
}

/** The edges a scenario test can walk: every one but a fix's verification, taken only when a fix is applied. */
export function testableEdges(runbook: Runbook): Edge[] {
  return edgesOf(runbook).filter((e) => e.kind !== 'verify');
}

export function uncovered(runbook: Runbook, paths: WalkedStep[][]): Edge[] {
  const walked = paths.flat().filter((p) => p.next !== undefined);
  // Two branches of one step may lead to the same step: the branch index tells them apart when known.
  const taken = (e: Edge) =>
    walked.some((p) => p.step === e.from && p.next === e.to && (p.branch === undefined || e.index === undefined || (e.kind !== 'when' && e.kind !== 'otherwise') || p.branch === e.index));
  return testableEdges(runbook).filter((e) => !taken(e));
}

export function describeEdge(e: Edge): string {
  const how = e.kind === 'when' ? `branch ${(e.index ?? 0) + 1}` : e.kind === 'option' ? `option ${(e.index ?? 0) + 1}` : e.kind;
  return `${e.from} → ${e.to} (${how})`;
}
