// A runbook's `symptoms`, compiled for matching: each log regex with the literal words it
// requires (for partial matches of truncated or reworded lines), the alert names, and the
// look-alike regexes that veto a line.
import type { Runbook } from '../runbook/schema';

export interface LogSignature {
  /** The regex as written in the runbook: what the operator sees as "signature". */
  source: string;
  regex: RegExp;
  /**
   * For each top-level alternative of the regex, the literal words it requires, in order
   * (alternations inside groups and optional parts left out).
   */
  variants: string[][];
  /**
   * Each top-level alternative on its own with how specific it is (letters of the literal text it
   * requires): when two runbooks claim a line equally, the one whose pattern says more wins.
   */
  alternatives: { regex: RegExp; specificity: number }[];
  /** The literal words of each top-level alternative, empty ones included (see prefilter.ts). */
  alternativeWords: string[][];
}

export interface RunbookSignatures {
  id: string;
  title: string;
  logs: LogSignature[];
  /** Lower-case alert names. */
  alerts: string[];
  /** Look-alikes: a line one of these matches (or, cut off, may match) is not evidence. */
  notLogs: LogSignature[];
}

export interface SignatureProblem {
  runbook: string;
  message: string;
}

export function compileSignatures(runbook: Runbook, problems: SignatureProblem[] = []): RunbookSignatures {
  const compile = (source: string): RegExp | undefined => {
    try {
      // Case-insensitive: the same error is logged as "Access Denied" and "access denied".
      return new RegExp(source, 'i');
    } catch (e) {
      problems.push({ runbook: runbook.id, message: `symptom regex ${JSON.stringify(source)} does not compile: ${(e as Error).message}` });
      return undefined;
    }
  };
  const signatures = (sources: string[]): LogSignature[] =>
    sources.flatMap((source) => {
      const regex = compile(source);
      if (!regex) return [];
      const parts = splitAlternatives(source);
      const alternativeWords = parts.map(literalWords);
      return [{ source, regex, variants: alternativeWords.filter((w) => w.length > 0), alternativeWords, alternatives: parts.map((part) => ({ regex: compileQuietly(part) ?? regex, specificity: specificity(part) })) }];
    });
  return {
    id: runbook.id,
    title: runbook.title,
    logs: signatures(runbook.symptoms.logs),
    alerts: runbook.symptoms.alerts.map((a) => a.toLowerCase()),
    notLogs: signatures(runbook.symptoms.notLogs),
  };
}

/**
 * The words every match of `source` must contain, in order. A small walk over the regex: escapes
 * of punctuation are literal, classes and groups with alternatives are gaps, a quantified atom
 * that may be absent (`?`, `*`, `{0,…}`) is dropped.
 */
export function literalWords(source: string): string[] {
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (/[a-zA-Z0-9]/.test(next)) {
        text += ' '; // \S \d \w \b \n …: not literal text
        // The code of \xHH, \uHHHH, \u{…} and \cX is not literal text either.
        const code = next === 'x' ? /^[0-9a-fA-F]{2}/ : next === 'u' ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/ : next === 'c' ? /^[a-zA-Z]/ : undefined;
        if (code) i += code.exec(source.slice(i + 1))?.[0].length ?? 0;
        i = skipQuantifier(source, i + 1) - 1;
      } else text += next;
      continue;
    }
    if (c === '[') {
      i = closingBracket(source, i);
      i = skipQuantifier(source, i + 1) - 1;
      text += ' ';
      continue;
    }
    if (c === '(') {
      const end = closingParen(source, i);
      const inner = source.slice(i + 1, end);
      const body = inner.replace(/^\?(?::|<?[=!]|<[\w]+>)/, '');
      const optional = /^[?*]|^\{0,/.test(source.slice(end + 1));
      const lookaround = /^\?<?[=!]/.test(inner);
      if (!optional && !lookaround && !hasTopLevelAlternation(body)) text += ` ${literalWords(body).join(' ')} `;
      else text += ' ';
      i = skipQuantifier(source, end + 1) - 1;
      continue;
    }
    if (c === '|') return []; // a top-level alternative: no word is required by every match
    if (c === '.' || c === '^' || c === '$') {
      text += ' ';
      i = skipQuantifier(source, i + 1) - 1;
      continue;
    }
    if ('?*'.includes(c) || (c === '{' && /^\{0,?\d*\}/.test(source.slice(i)))) {
      text = text.slice(0, -1) + ' '; // the previous character may be absent
      if (c === '{') i = source.indexOf('}', i);
      continue;
    }
    if (c === '+') continue;
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i))) {
      i = source.indexOf('}', i);
      continue;
    }
    text += c;
  }
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w));
}

/** An alternative cut out of a valid regex may not compile alone (a backreference across `|`). */
function compileQuietly(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'i');
  } catch {
    return undefined;
  }
}

/** How much literal text a match of `source` must contain: the letters and digits of its required words. */
export function specificity(source: string): number {
  return literalWords(source).reduce((n, w) => n + w.length, 0);
}

/** `a|b(c|d)|e` → [`a`, `b(c|d)`, `e`]. */
export function splitAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = closingBracket(source, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

function skipQuantifier(source: string, i: number): number {
  const rest = source.slice(i);
  const m = /^(?:[?*+]|\{\d*,?\d*\})\??/.exec(rest);
  return m ? i + m[0].length : i;
}

function closingBracket(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > open + 1) return i;
  }
  return source.length - 1;
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = closingBracket(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return source.length - 1;
}

function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') i = closingBracket(body, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
