// The decision tree as a graph: every edge a walk can take, with where it is written.
import type { Runbook } from './schema';

export type EdgeKind = 'when' | 'otherwise' | 'option' | 'next' | 'verify';

export interface Edge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Path of the field that names `to`, for locating problems. */
  path: (string | number)[];
  /** Branch or option index within the step. */
  index?: number;
  label?: string | undefined;
}

export function edgesOf(runbook: Runbook): Edge[] {
  const edges: Edge[] = [];
  for (const [from, step] of Object.entries(runbook.steps)) {
    if ('checks' in step) {
      step.branches.forEach((b, index) => {
        if ('when' in b) edges.push({ from, to: b.next, kind: 'when', path: ['steps', from, 'branches', index, 'next'], index, label: b.finding });
        else edges.push({ from, to: b.otherwise, kind: 'otherwise', path: ['steps', from, 'branches', index, 'otherwise'], index, label: b.finding });
      });
    } else if ('ask' in step) {
      step.ask.options.forEach((o, index) => edges.push({ from, to: o.next, kind: 'option', path: ['steps', from, 'ask', 'options', index, 'next'], index, label: o.label }));
    } else if ('info' in step) {
      edges.push({ from, to: step.next, kind: 'next', path: ['steps', from, 'next'] });
    } else if (step.conclusion.fix?.verify) {
      edges.push({ from, to: step.conclusion.fix.verify, kind: 'verify', path: ['steps', from, 'conclusion', 'fix', 'verify'] });
    }
  }
  return edges;
}

/** Steps reachable from `start` (following every edge, verification included). */
export function reachable(runbook: Runbook, edges = edgesOf(runbook)): Set<string> {
  const seen = new Set<string>();
  const todo = [runbook.start];
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id) || !(id in runbook.steps)) continue;
    seen.add(id);
    for (const e of edges) if (e.from === id) todo.push(e.to);
  }
  return seen;
}

/** Cycles that do not pass through a fix's verification edge: each as the list of steps. */
export function cyclesWithoutVerify(runbook: Runbook, edges = edgesOf(runbook)): string[][] {
  const forward = edges.filter((e) => e.kind !== 'verify' && e.to in runbook.steps);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const e of forward.filter((f) => f.from === id)) {
      const s = state.get(e.to);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(e.to)), e.to]);
      else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of Object.keys(runbook.steps)) if (!state.has(id)) visit(id);
  return cycles;
}

/** Steps from which `target` can be reached (the steps that may run before it). */
export function ancestors(target: string, edges: Edge[]): Set<string> {
  const seen = new Set<string>();
  const todo = [target];
  while (todo.length) {
    const id = todo.pop()!;
    for (const e of edges) {
      if (e.to === id && !seen.has(e.from)) {
        seen.add(e.from);
        todo.push(e.from);
      }
    }
  }
  return seen;
}

/**
 * For every step reachable from start, the steps every path from start to it visits (itself
 * included): its dominators. A value from a step outside that set is missing on some walks.
 */
export function dominators(runbook: Runbook, edges = edgesOf(runbook)): Map<string, Set<string>> {
  const seen = reachable(runbook, edges);
  const steps = [...seen];
  const into = new Map(steps.map((id) => [id, edges.filter((e) => e.to === id && seen.has(e.from)).map((e) => e.from)]));
  const dom = new Map(steps.map((id) => [id, new Set(id === runbook.start ? [id] : steps)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of steps) {
      if (id === runbook.start) continue;
      const sets = into.get(id)!.map((from) => dom.get(from)!);
      const next = new Set(sets.length ? [...sets[0]!].filter((s) => sets.every((set) => set.has(s))) : []);
      next.add(id);
      if (next.size !== dom.get(id)!.size) {
        dom.set(id, next);
        changed = true;
      }
    }
  }
  return dom;
}
