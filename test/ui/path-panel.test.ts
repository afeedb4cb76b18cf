import { describe, expect, it } from 'vitest';
import { lineText } from '../../src/ui/lines';
import { pathLines, visibleRange } from '../../src/ui/path-panel';
import { askRunbook, walkWith } from './fixtures';

describe('visibleRange', () => {
  it('shows everything that fits', () => {
    expect(visibleRange(4, 3, 5)).toEqual([0, 4]);
  });

  it('keeps the focus in view, leaving a line for each side that is cut', () => {
    expect(visibleRange(20, 19, 5)).toEqual([16, 20]); // "… earlier" + 4 entries
    expect(visibleRange(20, 1, 5)).toEqual([0, 4]); // 4 entries + "… later"
    const [start, end] = visibleRange(20, 10, 5); // both indicators + 3 entries
    expect(end - start).toBe(3);
    expect(10).toBeGreaterThanOrEqual(start);
    expect(10).toBeLessThan(end);
  });

  it('shows only entries around the focus when there is no room for indicators', () => {
    expect(visibleRange(20, 10, 1)).toEqual([10, 11]);
    expect(visibleRange(20, 0, 2)).toEqual([0, 2]);
  });
});

describe('pathLines', () => {
  it('marks the selected entry and the current step', async () => {
    const { controller } = walkWith(askRunbook, { side: { failed: 'timeout', message: 'slow' } });
    const { state } = await controller.settled();
    controller.answer(1);
    const after = controller.snapshot.state;
    const lines = pathLines(after, 0, 100).map(lineText);
    expect(lines[0]).toMatch(/^› \? Does the sidecar run as the prometheus user\?/);
    expect(lines[1]).toMatch(/^ {2}◆ Different users/);
    expect(pathLines(state, undefined, 60).map(lineText)).toEqual(['  ▸ Does the sidecar run as the prometheus user?']);
  });
});
