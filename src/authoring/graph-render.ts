// The decision tree drawn two ways: a Mermaid flowchart (docs, pull requests) and an indented
// text tree (the terminal). Pure: a runbook in, text out.
import { edgesOf, type Edge } from '../runbook/graph';
import type { Runbook, Step, Verdict } from '../runbook/schema';
import { summarizeCondition } from './condition-summary';

const LABEL_MAX = 60;

type Kind = 'check' | 'ask' | 'info' | 'conclusion';

function kindOf(step: Step): Kind {
  if ('checks' in step) return 'check';
  if ('ask' in step) return 'ask';
  if ('info' in step) return 'info';
  return 'conclusion';
}

function verdictOf(step: Step): Verdict | undefined {
  return 'conclusion' in step ? step.conclusion.verdict : undefined;
}

/** What an edge says: the branch's finding, else its condition; the option's label; `otherwise`; `verify`. */
export function edgeLabel(runbook: Runbook, e: Edge): string {
  const step = runbook.steps[e.from];
  if (e.kind === 'verify') return 'verify';
  if (e.kind === 'next') return '';
  if (e.kind === 'option') return e.label ?? '';
  if (e.label !== undefined) return e.label;
  if (e.kind === 'otherwise') return 'otherwise';
  const branch = step && 'checks' in step ? step.branches[e.index ?? 0] : undefined;
  return branch && 'when' in branch ? summarizeCondition(branch.when) : '';
}

function oneLine(text: string, max = LABEL_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

// ── Mermaid ──────────────────────────────────────────────────────────────────────────────────

/** Step ids may collide with Mermaid keywords (`end`) or start edges (`o`, `x`); `-` never appears in the result's ids otherwise. */
function nodeId(stepId: string): string {
  return `s_${stepId.replace(/-/g, '_')}`;
}

/**
 * Text inside a quoted Mermaid label: entity codes (`#name;`, `#NN;`) for what Mermaid or the
 * HTML it renders to would interpret. `#` first, so the codes themselves survive; `&` so HTML
 * shows it as written; `:` because Mermaid strips the last `;` of a line matching
 * `style…:…#…;` before parsing, which would break the codes of a title such as `style:"x"`.
 */
export function mermaidText(text: string): string {
  return oneLine(text)
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/:/g, '#58;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\|/g, '#124;');
}

const SHAPES: Record<Kind, [string, string]> = {
  check: ['["', '"]'],
  ask: ['{"', '"}'],
  info: ['[/"', '"/]'],
  conclusion: ['(["', '"])'],
};

const VERDICT_STYLE: Record<Verdict, string> = {
  problem: 'fill:#fde2e1,stroke:#c0392b,color:#000',
  healthy: 'fill:#dff5e1,stroke:#27ae60,color:#000',
  inconclusive: 'fill:#eeeeee,stroke:#7f8c8d,color:#000',
};

export function mermaidGraph(runbook: Runbook): string {
  const lines = ['flowchart TD'];
  const order = visitOrder(runbook);
  for (const id of order) {
    const step = runbook.steps[id]!;
    const [open, close] = SHAPES[kindOf(step)];
    const verdict = verdictOf(step);
    lines.push(`  ${nodeId(id)}${open}${mermaidText(step.title)}${close}${verdict ? `:::${verdict}` : ''}`);
  }
  const known = new Set(order);
  for (const e of edgesOf(runbook)) {
    if (!known.has(e.from) || !(e.to in runbook.steps)) continue;
    const label = edgeLabel(runbook, e);
    const arrow = e.kind === 'verify' ? '-.->' : '-->';
    lines.push(`  ${nodeId(e.from)} ${arrow}${label ? `|"${mermaidText(label)}"|` : ''} ${nodeId(e.to)}`);
  }
  for (const [verdict, style] of Object.entries(VERDICT_STYLE)) lines.push(`  classDef ${verdict} ${style}`);
  return `${lines.join('\n')}\n`;
}

/** Start first, then the steps in the order a depth-first walk meets them, then any unreachable ones. */
function visitOrder(runbook: Runbook): string[] {
  const edges = edgesOf(runbook);
  const seen: string[] = [];
  const visit = (id: string) => {
    if (seen.includes(id) || !(id in runbook.steps)) return;
    seen.push(id);
    for (const e of edges) if (e.from === id) visit(e.to);
  };
  visit(runbook.start);
  for (const id of Object.keys(runbook.steps)) visit(id);
  return seen;
}

// ── Text tree ────────────────────────────────────────────────────────────────────────────────

const MARKERS: Record<Kind, string> = { check: '', ask: '◇ ', info: 'ℹ ', conclusion: '■ ' };

function nodeText(id: string, step: Step): string {
  const verdict = verdictOf(step);
  return `${MARKERS[kindOf(step)]}${id}  ${oneLine(step.title, 100)}${verdict ? ` [${verdict}]` : ''}`;
}

/** Fewest edges from start to each reachable step. */
function depths(runbook: Runbook, edges: Edge[]): Map<string, number> {
  const depth = new Map([[runbook.start, 0]]);
  const queue = [runbook.start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of edges) {
      if (e.from !== id || depth.has(e.to) || !(e.to in runbook.steps)) continue;
      depth.set(e.to, depth.get(id)! + 1);
      queue.push(e.to);
    }
  }
  return depth;
}

/**
 * The tree from `start`, one step per line. Each step is expanded once, at its shallowest place
 * (so the main line of the tree reads top-down); everywhere else it is written `↺ id`.
 */
export function textTree(runbook: Runbook): string {
  const edges = edgesOf(runbook);
  const depth = depths(runbook, edges);
  const printed = new Set<string>();
  const out: string[] = [];
  const expand = (id: string, indent: string) => {
    printed.add(id);
    const children = edges.filter((e) => e.from === id);
    children.forEach((e, i) => {
      const last = i === children.length - 1;
      const label = edgeLabel(runbook, e);
      const [branch, arrow] = e.kind === 'verify' ? [last ? '└┄ ' : '├┄ ', ' ┄▶ '] : [last ? '└─ ' : '├─ ', ' ─▶ '];
      const head = `${indent}${branch}${label ? `${oneLine(label)}${arrow}` : ''}`;
      const target = runbook.steps[e.to];
      if (!target) out.push(`${head}✗ ${e.to} (no such step)`);
      else if (printed.has(e.to) || depth.get(e.to) !== depth.get(id)! + 1) out.push(`${head}↺ ${e.to}`);
      else {
        out.push(`${head}${nodeText(e.to, target)}`);
        expand(e.to, `${indent}${last ? '   ' : '│  '}`);
      }
    });
  };
  const start = runbook.steps[runbook.start];
  if (!start) return `✗ start step "${runbook.start}" does not exist\n`;
  out.push(nodeText(runbook.start, start));
  expand(runbook.start, '');
  const unreachable = Object.keys(runbook.steps).filter((id) => !printed.has(id));
  if (unreachable.length) out.push(`unreachable: ${unreachable.join(', ')}`);
  return `${out.join('\n')}\n`;
}
