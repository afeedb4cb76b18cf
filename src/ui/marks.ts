// The symbols and colours that say how a step or a walk ended.
import type { Mark, Verdict } from '../runbook/schema';
import type { Color } from './lines';

export const MARKS: Record<Mark, { glyph: string; color: Color }> = {
  ok: { glyph: '✓', color: 'green' },
  problem: { glyph: '✗', color: 'red' },
  unknown: { glyph: '?', color: 'yellow' },
};

export const CURRENT = { glyph: '▸', color: 'cyan' as Color };

export const VERDICTS: Record<Verdict, { glyph: string; color: Color; label: string }> = {
  problem: { glyph: '✗', color: 'red', label: 'Problem found' },
  healthy: { glyph: '✓', color: 'green', label: 'Healthy' },
  inconclusive: { glyph: '?', color: 'yellow', label: 'Inconclusive' },
};
