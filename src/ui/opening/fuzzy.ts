// Type-to-filter for a handful of runbooks: every typed character must appear in order; a match
// scores higher for consecutive characters and for starting words. (A few dozen runbooks do not
// earn a dependency; a library such as fuzzysort would if the list grew to thousands.)
export interface Scored<T> {
  item: T;
  score: number;
}

export function fuzzyScore(query: string, text: string): number {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const t = text.toLowerCase();
  if (!q) return 0;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return -1;
    score += 1 + (at === previous + 1 ? 2 : 0) + (at === 0 || /[\s\-_/.]/.test(t[at - 1]!) ? 3 : 0);
    previous = at;
    from = at + 1;
  }
  return score - (t.length - q.length) * 0.01;
}

/** Items matching `query` on any of their texts, best first; all of them, in order, for an empty query. */
export function fuzzyFilter<T>(query: string, items: readonly T[], texts: (item: T) => string[]): T[] {
  if (!query.trim()) return [...items];
  const scored: Scored<T>[] = [];
  for (const item of items) {
    const score = Math.max(...texts(item).map((t) => fuzzyScore(query, t)));
    if (score >= 0) scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.item);
}
