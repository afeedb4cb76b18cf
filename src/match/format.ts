// Plain-text tables for `match` and `scan`: one line per runbook, its best evidence under it.
import { sanitizeLine } from '../session/sanitize';
import type { Match, Ranked } from './rank';

const EVIDENCE_SHOWN = 3;
const LINE_WIDTH = 110;

export function formatRanking(ranked: Ranked[], indent = ''): string {
  if (ranked.length === 0) return `${indent}no runbook matches this text\n`;
  const idWidth = Math.max(7, ...ranked.map((r) => r.id.length));
  let out = `${indent}${'SCORE'.padStart(6)}  ${'RUNBOOK'.padEnd(idWidth)}  TITLE\n`;
  for (const r of ranked) {
    out += `${indent}${r.score.toFixed(1).padStart(6)}  ${r.id.padEnd(idWidth)}  ${r.title}\n`;
    for (const m of r.matched.slice(0, EVIDENCE_SHOWN)) out += `${indent}${' '.repeat(8)}${describeMatch(m)}\n`;
    if (r.matched.length > EVIDENCE_SHOWN) out += `${indent}${' '.repeat(8)}… ${r.matched.length - EVIDENCE_SHOWN} more\n`;
  }
  return out;
}

export function describeMatch(m: Match): string {
  const times = m.count > 1 ? ` (×${m.count})` : '';
  const where = m.source ? `${m.source}: ` : '';
  return `${m.how.padEnd(7)} ${clip(`${where}${m.line}`, LINE_WIDTH)}${times}`;
}

function clip(text: string, width: number): string {
  const flat = sanitizeLine(text);
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
