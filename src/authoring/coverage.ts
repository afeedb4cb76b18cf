// Which branches of a runbook the scenarios walk, and which none reaches.
import { edgesOf, type Edge } from '../runbook/graph';
import type { Runbook } from '../runbook/schema';

export function uncovered(runbook: Runbook, paths: { step: string; next?: string | undefined }[][]): Edge[] {
  const taken = new Set(paths.flatMap((path) => path.filter((p) => p.next).map((p) => `${p.step}→${p.next}`)));
  // A fix's verification edge is only walked when a fix is applied, never in a scenario test.
  return edgesOf(runbook).filter((e) => e.kind !== 'verify' && !taken.has(`${e.from}→${e.to}`));
}

export function describeEdge(e: Edge): string {
  const how = e.kind === 'when' ? `branch ${(e.index ?? 0) + 1}` : e.kind === 'option' ? `option ${(e.index ?? 0) + 1}` : e.kind;
  return `${e.from} → ${e.to} (${how})`;
}
