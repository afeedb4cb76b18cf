import { describe, expect, it } from 'vitest';
import { CappedText, capText } from '../../src/cluster/capped-text';

describe('CappedText', () => {
  it('keeps everything under the cap', () => {
    const text = new CappedText(100);
    text.write('hello ');
    text.write(Buffer.from('world'));
    expect(text.toString()).toBe('hello world');
    expect(text.truncated).toBe(false);
  });

  it('keeps the head and the tail and says how much was dropped', () => {
    const text = new CappedText(10);
    for (const chunk of ['0123', '4567', '89ab', 'cdef', 'ghij']) text.write(chunk);
    expect(text.truncated).toBe(true);
    expect(text.toString()).toBe('01234\n… [10 bytes omitted] …\nfghij');
  });

  it('capText leaves short text alone', () => {
    expect(capText('short', 10)).toBe('short');
    expect(capText('a'.repeat(30), 10)).toBe('aaaaa\n… [20 bytes omitted] …\naaaaa');
  });
});
