import { describe, expect, it } from 'vitest';
import { sanitizeLine, sanitizeOutput } from '../../src/session/sanitize';

describe('sanitizeOutput', () => {
  it('removes colour, cursor, screen and title sequences but keeps the text', () => {
    expect(sanitizeOutput('\u001b[31mred\u001b[0m \u001b[2Jcleared \u001b[3;1Hmoved')).toBe('red cleared moved');
    expect(sanitizeOutput('a\u001b]0;window title\u0007b')).toBe('ab');
    expect(sanitizeOutput('a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b')).toBe('alinkb');
    expect(sanitizeOutput('\u009b1mC1 CSI')).toBe('C1 CSI');
  });

  it('removes other C0 and C1 controls and DEL, keeping tabs and newlines', () => {
    expect(sanitizeOutput('a\u0000b\u0007c\u0008d\u007fe\u0085f\u009fg')).toBe('abcdefg');
    expect(sanitizeOutput('col1\tcol2\nline2')).toBe('col1\tcol2\nline2');
    expect(sanitizeOutput('lone\u001bescape')).toBe('loneescape');
  });

  it('turns carriage returns into line breaks so nothing printed is overwritten', () => {
    expect(sanitizeOutput('windows\r\nline')).toBe('windows\nline');
    expect(sanitizeOutput('10%\r100%')).toBe('10%\n100%');
  });

  it('removes bidirectional controls that reorder what is displayed', () => {
    expect(sanitizeOutput('admin\u202e\u2066txt.exe\u2069')).toBe('admintxt.exe');
  });

  it('leaves ordinary text, including non-Latin scripts and emoji, alone', () => {
    const text = 'Größe: 45 GB — 容量 ✓ 🚀';
    expect(sanitizeOutput(text)).toBe(text);
  });
});

describe('sanitizeLine', () => {
  it('folds a field onto one line', () => {
    expect(sanitizeLine('  two\nlines\tand\u001b[1m bold\u001b[0m  ')).toBe('two lines and bold');
  });
});

describe('secrets on screen', () => {
  it('a decoded objstore config in check output shows no key', () => {
    const config = 'type: S3\nconfig:\n  bucket: thanos\n  access_key: AKIAIOSFODNN7EXAMPLE\n  secret_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    const shown = sanitizeOutput(config);
    expect(shown).toContain('bucket: thanos');
    expect(shown).not.toContain('wJalrXUtnFEMI');
    expect(shown).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(sanitizeOutput(config)).toBe(shown);
  });

  it('a bearer token in a folded line is redacted too', () => {
    expect(sanitizeLine('curl -H "Authorization: Bearer abcdefghijklmnop.qrstuvwx"')).not.toContain('abcdefghijklmnop');
  });
});
