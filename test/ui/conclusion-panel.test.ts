import { describe, expect, it } from 'vitest';
import type { Conclusion } from '../../src/engine/state';
import { conclusionLines } from '../../src/ui/conclusion-panel';
import { lineText, lineWidth } from '../../src/ui/lines';
import { formatArgv } from '../../src/cluster/display';
import { diskRunbook, dfOutput, walkWith } from './fixtures';

const kubectl = ['kubectl', 'patch', 'statefulset.apps', 'prometheus', '-n', 'monitoring', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"securityContext":{"runAsUser":1000}}}}}'];

async function concludedState() {
  const { controller } = walkWith(diskRunbook, { df: { stdout: dfOutput }, wal: { stdout: '' }, args: { stdout: '' } });
  return (await controller.settled()).state;
}

describe('conclusionLines', () => {
  it('breaks the patch command between arguments so the lines still paste as one command', async () => {
    const state = await concludedState();
    const conclusion: Conclusion = {
      step: 'x', title: 'X', verdict: 'problem', rootCause: 'r', followUps: [], seeAlso: [],
      fix: { summary: 's', patch: { kind: 'StatefulSet', name: 'prometheus', type: 'strategic', body: {}, kubectl } },
    };
    for (const width of [80, 100, 120]) {
      const lines = conclusionLines(state, conclusion, undefined, width);
      for (const line of lines) expect(lineWidth(line)).toBeLessThanOrEqual(width);
      const text = `${lines.map(lineText).join('\n')}\n`;
      const start = text.indexOf('kubectl patch');
      const command = text.slice(start, text.indexOf('\n', text.indexOf("}}}}}'"))).replace(/ \\\n\s+/g, ' ');
      expect(command).toBe(formatArgv(kubectl));
    }
  });

  it('keeps every character of an argument wider than the screen', async () => {
    const state = await concludedState();
    const conclusion: Conclusion = {
      step: 'x', title: 'X', verdict: 'problem', rootCause: 'r', followUps: [], seeAlso: [],
      fix: { summary: 's', patch: { kind: 'StatefulSet', name: 'prometheus', type: 'strategic', body: {}, kubectl } },
    };
    const lines = conclusionLines(state, conclusion, undefined, 40).map(lineText);
    const joined = lines.map((l) => l.trim().replace(/ \\$/, '')).join('');
    expect(joined).toContain(`'{"spec":{"template":{"spec":{"securityContext":{"runAsUser":1000}}}}}'`);
  });
});
