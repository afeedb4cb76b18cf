// YAML text with positions: parse once, then ask where any path of the value came from.
import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Location, Problem } from './problem';

export class YamlSource {
  readonly doc: Document.Parsed;
  /** Offset of each line's first character. Counted here: yaml's LineCounter misses lines inside a token it could not parse. */
  readonly #lineStarts: number[] = [0];
  #value: { ok: unknown } | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#lineStarts.push(i + 1);
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  }

  /** Syntax errors, located; also aliases that no anchor defines (turning them into a value would throw). */
  syntaxProblems(): Problem[] {
    const problems = [...this.doc.errors, ...this.doc.warnings].map((e) => this.#problem(e.pos[0], e.message.split('\n')[0] ?? e.message));
    if (problems.length) return problems;
    visit(this.doc, {
      Alias: (_, alias) => {
        if (!alias.resolve(this.doc)) problems.push(this.#problem(alias.range?.[0] ?? 0, `unknown anchor "${alias.source}": the alias *${alias.source} must come after an anchor &${alias.source}`));
      },
    });
    if (problems.length) return problems;
    try {
      this.value();
    } catch (e) {
      // Too many aliases (a "billion laughs" document) and whatever else yaml refuses to expand.
      problems.push(this.#problem(0, e instanceof Error ? e.message : String(e)));
    }
    return problems;
  }

  #problem(offset: number, message: string): Problem {
    const { line, col } = this.#linePos(offset);
    return { file: this.file, line, column: col, message, severity: 'error' };
  }

  #linePos(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.#lineStarts[lo]! + 1 };
  }

  /** The document as plain data; throws on what syntaxProblems reports, so call that first. */
  value(): unknown {
    this.#value ??= { ok: this.doc.toJS({ maxAliasCount: 100 }) };
    return this.#value.ok;
  }

  /**
   * Where a path points. `key: true` locates the key of a map entry instead of its value
   * (for "unknown key" and "duplicate id" messages). Falls back to the nearest ancestor.
   */
  locate(path: readonly PropertyKey[], opts: { key?: boolean } = {}): Location {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        const target = last && opts.key ? pair.key : pair.value;
        offset = rangeStart(target) ?? rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment !== 'symbol' && Number.isInteger(Number(segment))) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const { line, col } = this.#linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** Position of a character offset inside a scalar at `path` (for a placeholder inside a string). */
  locateWithin(path: readonly PropertyKey[], charOffset: number): Location {
    const at = this.locate(path);
    const node = this.doc.getIn(path as unknown[], true) as Node | undefined;
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return at;
    const raw = this.text.slice(node.range[0], node.range[1]);
    const index = raw.indexOf(node.value);
    // Plain, or quoted without escapes: the value sits verbatim in the source.
    if (index === -1 || node.value.includes('\n')) return at;
    const { line, col } = this.#linePos(node.range[0] + index + charOffset);
    return { file: this.file, line, column: col };
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
