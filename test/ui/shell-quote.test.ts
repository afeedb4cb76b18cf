import { describe, expect, it } from 'vitest';
import { formatCommand, quoteArg } from '../../src/ui/shell-quote';

describe('quoteArg', () => {
  it('leaves plain words alone', () => {
    for (const arg of ['kubectl', 'statefulset.apps', '--type=strategic', '-n', 'a/b:c@d,e%f+g']) expect(quoteArg(arg)).toBe(arg);
  });

  it('single-quotes anything a shell would interpret', () => {
    expect(quoteArg('{"spec":{"replicas":2}}')).toBe(`'{"spec":{"replicas":2}}'`);
    expect(quoteArg('two words')).toBe("'two words'");
    expect(quoteArg('$HOME')).toBe("'$HOME'");
    expect(quoteArg('a;rm -rf /')).toBe("'a;rm -rf /'");
    expect(quoteArg('~')).toBe("'~'");
    expect(quoteArg('=ls')).toBe("'=ls'");
    expect(quoteArg('')).toBe("''");
  });

  it('closes, escapes and reopens around single quotes', () => {
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
  });
});

describe('formatCommand', () => {
  it('joins the quoted arguments with spaces', () => {
    expect(formatCommand(['kubectl', 'patch', 'sts', 'prom', '-p', '{"a": 1}'])).toBe(`kubectl patch sts prom -p '{"a": 1}'`);
  });
});
