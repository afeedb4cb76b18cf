// The undo of a change: the merge patch that takes the object back to how it was.

/** An RFC 7386 merge patch that turns `from` into `to` (objects recurse, anything else is replaced). */
export function mergePatchBetween(from: unknown, to: unknown): unknown {
  if (!isPlainObject(from) || !isPlainObject(to)) return to;
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (!(key in to)) patch[key] = null;
    else if (!(key in from)) patch[key] = to[key];
    else if (JSON.stringify(from[key]) !== JSON.stringify(to[key])) patch[key] = mergePatchBetween(from[key], to[key]);
  }
  return patch;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
