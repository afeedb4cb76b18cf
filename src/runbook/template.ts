// `{{…}}` placeholders. A template names params (`{{pod}}`, `{{params.pod}}`) or check
// results (`{{checks.uid.stdout}}`, `{{checks.pod.saName}}` for a capture). Rendering is pure;
// the result is always plain text, never code. `\{{` stands for a literal `{{` (Go templates in
// commands such as `docker inspect -f '\{{.Config.User}}'`).

export type Reference =
  | { kind: 'param'; name: string }
  | { kind: 'check'; check: string; field: string };

export interface Placeholder {
  ref: Reference;
  /** Offset of `{{` in the template. */
  offset: number;
  source: string;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const LITERAL = /\\\{\{/g;
/** Stands in for an escaped `{{` while placeholders are found; a private-use character. */
const HOLE = '\u{F8FF}';
const PARAM = /^(?:params\.)?([a-zA-Z][a-zA-Z0-9_]*)$/;
const CHECK = /^checks\.([a-z0-9][a-z0-9-]*)\.([a-zA-Z][a-zA-Z0-9_]*)$/;

/** Every placeholder of a template; throws TemplateError for one that names nothing valid. */
export function parseTemplate(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  // Same length as the original, so offsets stay true.
  template = template.replace(LITERAL, `${HOLE}${HOLE}${HOLE}`);
  for (const m of template.matchAll(PLACEHOLDER)) {
    const expr = m[1] ?? '';
    const offset = m.index ?? 0;
    const check = CHECK.exec(expr);
    if (check) {
      found.push({ ref: { kind: 'check', check: check[1]!, field: check[2]! }, offset, source: m[0] });
      continue;
    }
    const param = PARAM.exec(expr);
    if (param && !expr.startsWith('checks')) {
      found.push({ ref: { kind: 'param', name: param[1]! }, offset, source: m[0] });
      continue;
    }
    throw new TemplateError(`cannot read placeholder ${m[0]}: use {{param}}, {{params.NAME}} or {{checks.NAME.FIELD}}`, offset);
  }
  const stray = template.replace(PLACEHOLDER, '').indexOf('{{');
  if (stray !== -1) throw new TemplateError('unclosed placeholder "{{"', stray);
  return found;
}

/** Looks a reference up; returns undefined when it has no value (yet). */
export type Resolver = (ref: Reference) => string | undefined;

export class UnresolvedError extends Error {
  constructor(readonly ref: Reference) {
    super(
      ref.kind === 'param'
        ? `parameter "${ref.name}" has no value`
        : `checks.${ref.check}.${ref.field} has no value (the check did not run on this path, could not run, or captured nothing)`,
    );
  }
}

export function render(template: string, resolve: Resolver): string {
  // Splitting on `\{{` removes the escaped braces, so what follows each one cannot open a placeholder.
  return template
    .split(LITERAL)
    .map((part) =>
      part.replace(PLACEHOLDER, (source) => {
        const [placeholder] = parseTemplate(source);
        const value = resolve(placeholder!.ref);
        if (value === undefined) throw new UnresolvedError(placeholder!.ref);
        return value;
      }),
    )
    .join('{{');
}

/** Renders every string inside a JSON-like value (patch bodies). */
export function renderDeep(value: unknown, resolve: Resolver): unknown {
  if (typeof value === 'string') return render(value, resolve);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, resolve));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, resolve)]));
  }
  return value;
}

/** Every string inside a JSON-like value, with its path (for validation). */
export function* stringsIn(value: unknown, path: (string | number)[] = []): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsIn(v, [...path, i]);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k]);
}
