import { describe, expect, it } from 'vitest';
import { expandTabs, hardWrap, outputLines, textWidth, truncate, wrapText } from '../../src/ui/text-layout';

describe('textWidth', () => {
  it('counts wide characters as two columns and combining marks as none', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('容量')).toBe(4);
    expect(textWidth('🚀')).toBe(2);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('✓✗▸')).toBe(3);
  });
});

describe('wrapText', () => {
  it('breaks between words and never exceeds the width', () => {
    const text = 'The sidecar hard-links blocks written by prometheus; fs.protected_hardlinks forbids that across users.';
    const lines = wrapText(text, 30);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
    expect(lines[0]).toBe('The sidecar hard-links blocks');
  });

  it('cuts a word longer than the width, keeping every character', () => {
    const lines = wrapText('short abcdefghijklmnopqrstuvwxyz end', 10);
    expect(lines).toEqual(['short', 'abcdefghij', 'klmnopqrst', 'uvwxyz end']);
  });

  it('keeps the line breaks of the text', () => {
    expect(wrapText('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
  });
});

describe('hardWrap and outputLines', () => {
  it('cuts at the width without losing characters, wide ones included', () => {
    expect(hardWrap('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(hardWrap('容量容量', 3)).toEqual(['容', '量', '容', '量']);
  });

  it('drops the final newline of command output and expands tabs', () => {
    expect(outputLines('a\tb\nc\n', 80)).toEqual(['a       b', 'c']);
    expect(outputLines('', 80)).toEqual([]);
  });
});

describe('truncate and expandTabs', () => {
  it('ends a cut line with an ellipsis within the width', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(textWidth(truncate('容量容量', 5))).toBeLessThanOrEqual(5);
  });

  it('expands tabs to the next tab stop', () => {
    expect(expandTabs('ab\tc', 4)).toBe('ab  c');
  });
});
