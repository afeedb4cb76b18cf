// Label and field selectors with the syntax and field names the real API server accepts.

export class SelectorError extends Error {}

export type LabelOp = 'exists' | 'notexists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

type Token = { kind: 'ident'; text: string } | { kind: 'op'; text: string } | { kind: 'eof' };

const OPERATORS = ['==', '!=', '=', '!', '(', ')', ',', '<', '>'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < input.length && !/\s/.test(input[j]!) && !OPERATORS.some((o) => input.startsWith(o, j))) j++;
    tokens.push({ kind: 'ident', text: input.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): string {
  if (!LABEL_KEY.test(key) || key.length > 317) {
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return key;
}

function checkValue(value: string): string {
  if (!LABEL_VALUE.test(value) || value.length > 63) {
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return value;
}

/** Parse `app=x,tier!=db,env in (a,b),!legacy,release`; the empty string selects everything. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const isOp = (t: Token, text: string): boolean => t.kind === 'op' && t.text === text;
  const ident = (what: string): string => {
    const t = next();
    if (t.kind !== 'ident') throw new SelectorError(`unable to parse requirement: found '${t.kind === 'op' ? t.text : ''}', expected: ${what}`);
    return t.text;
  };

  const reqs: LabelRequirement[] = [];
  if (peek().kind === 'eof') return reqs;
  for (;;) {
    if (isOp(peek(), '!')) {
      next();
      reqs.push({ key: checkKey(ident('identifier after \'!\'')), op: 'notexists', values: [] });
    } else {
      const key = checkKey(ident('identifier'));
      const t = peek();
      if (t.kind === 'eof' || isOp(t, ',')) {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (isOp(t, '=') || isOp(t, '==') || isOp(t, '!=')) {
        next();
        const v = peek().kind === 'ident' ? next() : undefined;
        reqs.push({ key, op: t.kind === 'op' && t.text === '!=' ? '!=' : '=', values: [checkValue(v && v.kind === 'ident' ? v.text : '')] });
      } else if (isOp(t, '<') || isOp(t, '>')) {
        next();
        const v = ident('integer value');
        if (!/^-?\d+$/.test(v)) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, op: t.kind === 'op' && t.text === '<' ? 'lt' : 'gt', values: [v] });
      } else if (t.kind === 'ident' && (t.text === 'in' || t.text === 'notin')) {
        next();
        if (!isOp(next(), '(')) throw new SelectorError(`unable to parse requirement: found '${t.text}', expected: '('`);
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (v.kind === 'ident') {
            values.push(checkValue(v.text));
            next();
          } else {
            values.push('');
          }
          const sep = next();
          if (isOp(sep, ')')) break;
          if (!isOp(sep, ',')) throw new SelectorError(`unable to parse requirement: found '${sep.kind === 'ident' ? sep.text : sep.kind === 'op' ? sep.text : ''}', expected: ',', ')'`);
        }
        reqs.push({ key, op: t.text === 'in' ? 'in' : 'notin', values });
      } else {
        throw new SelectorError(`unable to parse requirement: found '${t.kind === 'ident' ? t.text : t.kind === 'op' ? t.text : ''}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const sep = next();
    if (sep.kind === 'eof') return reqs;
    if (!isOp(sep, ',')) throw new SelectorError(`found '${sep.kind === 'ident' ? sep.text : sep.kind === 'op' ? sep.text : ''}', expected: ',' or 'end of string'`);
  }
}

export function matchesLabels(reqs: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case '=':
      case 'in':
        return has && r.values.includes(v ?? '');
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v ?? '');
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v ?? '')) return false;
        const n = Number(v);
        const want = Number(r.values[0]);
        return r.op === 'gt' ? n > want : n < want;
      }
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** Split on unescaped `sep`; field selector values escape `\,` `\=` `\\`. */
function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function unescapeField(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === '') return [];
  return splitUnescaped(input, ',').map((term) => {
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
    return { field: m[1]!.trim(), op: m[2] === '!=' ? '!=' : '=', value: unescapeField(m[3]!.trim()) };
  });
}

function path(obj: unknown, dotted: string): string {
  let cur: unknown = obj;
  for (const p of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : String(cur);
}

/** Field labels the real API server supports beyond metadata.name/namespace, per kind. */
const FIELDS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
  PersistentVolumeClaim: [],
};

export function fieldValue(kind: string, obj: unknown, field: string): string | undefined {
  if (field === 'metadata.name' || field === 'metadata.namespace') return path(obj, field);
  if (!(FIELDS[kind] ?? []).includes(field)) return undefined;
  if (kind === 'Event' && field === 'source') return path(obj, 'source.component') || path(obj, 'reportingComponent');
  if (kind === 'Pod' && field === 'spec.hostNetwork') return path(obj, field) || 'false';
  if (kind === 'Node' && field === 'spec.unschedulable') return path(obj, field) || 'false';
  return path(obj, field);
}

/** Throws SelectorError for a field the kind does not support, like the real server. */
export function checkFields(kind: string, reqs: readonly FieldRequirement[]): void {
  for (const r of reqs) {
    if (fieldValue(kind, {}, r.field) === undefined) throw new SelectorError(`field label not supported: ${r.field}`);
  }
}

export function matchesFields(kind: string, reqs: readonly FieldRequirement[], obj: unknown): boolean {
  return reqs.every((r) => {
    const v = fieldValue(kind, obj, r.field) ?? '';
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}
