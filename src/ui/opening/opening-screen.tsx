// The first screen of `runbook` without arguments: type to filter the runbooks, paste log lines or
// an alert name to rank them, or scan the cluster; then the context, the namespace and every
// parameter the runbook can discover, each picked from what the cluster has. Hands the choice to
// the caller (onDone), which starts the walk; all cluster access comes in through props.
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { ScanReport } from '../../match/scan';
import { Matcher } from '../../match/rank';
import type { RunbookSignatures } from '../../match/signatures';
import { sanitizeLine } from '../../session/sanitize';
import { useTerminalSize } from '../use-terminal-size';
import { fuzzyFilter } from './fuzzy';
import { clip, SelectList, type ListItem } from './select-list';

export interface OpeningRunbook {
  id: string;
  title: string;
  /** Parameters the operator must settle before the walk (namespace is asked separately). */
  params: { name: string; description?: string | undefined; default?: string | undefined; discoverable: boolean }[];
  /** The runbook's own default namespace, if it has one. */
  namespace?: string | undefined;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

export interface OpeningData {
  contexts: { names: string[]; current: string };
  namespaces(context: string): Promise<Loaded<{ names: string[]; current: string }>>;
  /** Candidates for a discoverable parameter, likeliest first. */
  discover(context: string, namespace: string, runbook: string, param: string): Promise<Loaded<string[]>>;
  scan(context: string, namespace: string): Promise<Loaded<ScanReport>>;
}

export interface OpeningChoice {
  runbook: string;
  context: string;
  namespace: string;
  set: Record<string, string>;
}

export interface OpeningScreenProps {
  runbooks: OpeningRunbook[];
  signatures: RunbookSignatures[];
  data: OpeningData;
  /** undefined when the operator left without choosing. */
  onDone(choice: OpeningChoice | undefined): void;
}

type Target = { kind: 'scan' } | { kind: 'runbook'; id: string };

type Phase =
  | { kind: 'search' }
  | { kind: 'context'; target: Target }
  | { kind: 'namespace'; target: Target; context: string; list?: Loaded<{ names: string[]; current: string }> }
  | { kind: 'scan'; context: string; namespace: string; report?: Loaded<ScanReport> }
  | { kind: 'param'; runbook: string; context: string; namespace: string; set: Record<string, string>; candidates?: Loaded<string[]> };

const ALL_NAMESPACES = '*';
const SCAN_KEY = '::scan';

export function OpeningScreen({ runbooks, signatures, data, onDone }: OpeningScreenProps) {
  const { columns, rows } = useTerminalSize();
  const [phase, setPhase] = useState<Phase>({ kind: 'search' });
  const [text, setText] = useState('');
  const [selected, setSelected] = useState(0);
  const byId = useMemo(() => new Map(runbooks.map((r) => [r.id, r])), [runbooks]);

  const items = useItems(phase, text, runbooks, signatures, data, byId);

  // Each phase that lists something from the cluster loads it once, on entry.
  useEffect(() => {
    let live = true;
    const keep = (patch: Partial<Phase>) => live && setPhase((p) => ({ ...p, ...patch }) as Phase);
    if (phase.kind === 'namespace' && !phase.list) void data.namespaces(phase.context).then((list) => keep({ list }));
    if (phase.kind === 'scan' && !phase.report) void data.scan(phase.context, phase.namespace).then((report) => keep({ report }));
    if (phase.kind === 'param' && !phase.candidates) {
      const next = nextParam(byId.get(phase.runbook)!, phase.set);
      if (next?.discoverable) void data.discover(phase.context, phase.namespace, phase.runbook, next.name).then((candidates) => keep({ candidates }));
    }
    return () => {
      live = false;
    };
  }, [phase, data, byId]);

  // Start each list on its sensible default (the current context, the context's namespace).
  useEffect(() => {
    const initial = defaultIndex(phase, items, byId, data);
    setSelected(initial);
  }, [phase.kind, items.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const choose = (item: ListItem | undefined) => {
    if (!item) return;
    setText('');
    if (phase.kind === 'search') {
      const target: Target = item.key === SCAN_KEY ? { kind: 'scan' } : { kind: 'runbook', id: item.key };
      setPhase(data.contexts.names.length > 1 ? { kind: 'context', target } : { kind: 'namespace', target, context: data.contexts.current });
    } else if (phase.kind === 'context') {
      setPhase({ kind: 'namespace', target: phase.target, context: item.key });
    } else if (phase.kind === 'namespace') {
      if (phase.target.kind === 'scan') setPhase({ kind: 'scan', context: phase.context, namespace: item.key });
      else toParams(phase.target.id, phase.context, item.key, {});
    } else if (phase.kind === 'scan') {
      const [runbook, namespace] = item.key.split('\u0000') as [string, string];
      toParams(runbook, phase.context, namespace || (phase.namespace === ALL_NAMESPACES ? data.contexts.current : phase.namespace), {});
    } else if (phase.kind === 'param') {
      const param = nextParam(byId.get(phase.runbook)!, phase.set)!;
      toParams(phase.runbook, phase.context, phase.namespace, { ...phase.set, [param.name]: item.key });
    }
  };

  const toParams = (runbook: string, context: string, namespace: string, set: Record<string, string>) => {
    const next = nextParam(byId.get(runbook)!, set);
    if (!next) onDone({ runbook, context, namespace, set });
    else if (!next.discoverable && next.default !== undefined) toParams(runbook, context, namespace, { ...set, [next.name]: next.default });
    else setPhase({ kind: 'param', runbook, context, namespace, set });
  };

  const typing = phase.kind === 'search' || (phase.kind === 'param' && !nextParam(byId.get(phase.runbook)!, phase.set)?.discoverable);
  useInput((input, key) => {
    if (key.escape) {
      if (phase.kind === 'search') onDone(undefined);
      else {
        setText('');
        setPhase({ kind: 'search' });
      }
      return;
    }
    if (key.ctrl && input === 'c') return onDone(undefined);
    if (key.upArrow) return setSelected((s) => Math.max(0, s - 1));
    if (key.downArrow) return setSelected((s) => Math.min(items.length - 1, s + 1));
    if (key.return) {
      if (phase.kind === 'param' && typing) {
        const param = nextParam(byId.get(phase.runbook)!, phase.set)!;
        if (text.trim()) toParams(phase.runbook, phase.context, phase.namespace, { ...phase.set, [param.name]: text.trim() });
        setText('');
        return;
      }
      return choose(items[selected]);
    }
    if (!typing) return;
    if (key.backspace || key.delete) return setText((t) => t.slice(0, -1));
    if (key.ctrl && input === 'u') return setText('');
    if (input && !key.ctrl && !key.meta) {
      // A paste arrives as one chunk, newlines included: several log lines to rank together.
      setText((t) => t + input.replace(/\r\n?/g, '\n'));
      setSelected(0);
    }
  });

  const listHeight = Math.max(3, (rows ?? 24) - 8);
  return (
    <Box flexDirection="column" width={columns}>
      <Text bold>runbook <Text dimColor>— {heading(phase, byId)}</Text></Text>
      {typing && <Prompt text={text} width={columns} placeholder={phase.kind === 'search' ? 'type to filter, paste a log line or an alert name' : 'type the value'} />}
      <Box marginTop={1} flexDirection="column">
        {loadingText(phase) ? <Text color="yellow">{loadingText(phase)}</Text> : failure(phase) ? <Text color="red">{failure(phase)}</Text> : !(phase.kind === 'param' && typing) && <SelectList items={items} selected={selected} height={listHeight} width={columns} empty={emptyText(phase, text)} />}
      </Box>
      <Text dimColor>{typing ? '↑/↓ choose · enter select · esc ' + (phase.kind === 'search' ? 'quit' : 'back') : '↑/↓ choose · enter select · esc back'}</Text>
    </Box>
  );
}

function Prompt({ text, width, placeholder }: { text: string; width: number; placeholder: string }) {
  const lines = text.split('\n');
  const shown = lines.length > 1 ? `${clip(sanitizeLine(lines[0]!), width - 20)} (+${lines.length - 1} lines)` : clip(sanitizeLine(text), width - 4);
  return (
    <Text>
      <Text color="cyan">› </Text>
      {text ? shown : <Text dimColor>{placeholder}</Text>}
      <Text inverse> </Text>
    </Text>
  );
}

function useItems(phase: Phase, text: string, runbooks: OpeningRunbook[], signatures: RunbookSignatures[], data: OpeningData, byId: Map<string, OpeningRunbook>): ListItem[] {
  return useMemo(() => {
    switch (phase.kind) {
      case 'search': {
        const matcher = new Matcher(signatures);
        for (const line of text.split('\n')) matcher.add(line);
        const ranked = matcher.results();
        const matched: ListItem[] = ranked.map((r) => ({ key: r.id, label: r.id, hint: `score ${r.score} · ${r.title}`, detail: r.matched.slice(0, 2).map((m) => `${m.how} ${m.signature}`) }));
        const seen = new Set(ranked.map((r) => r.id));
        const filtered = fuzzyFilter(text.includes('\n') ? '' : text, runbooks, (r) => [r.id, r.title]).filter((r) => !seen.has(r.id) && (!ranked.length || !text.includes('\n')));
        const scan: ListItem = { key: SCAN_KEY, label: 'Scan this cluster', hint: 'look at the monitoring workloads and say which runbooks apply' };
        const rest = filtered.map((r) => ({ key: r.id, label: r.id, hint: r.title }));
        return text.trim() ? [...matched, ...rest, scan] : [scan, ...rest];
      }
      case 'context':
        return data.contexts.names.map((n) => ({ key: n, label: n, hint: n === data.contexts.current ? 'current context' : undefined }));
      case 'namespace': {
        if (!phase.list?.ok) return [];
        const { names: all, current } = phase.list.value;
        const names = all.map((n) => ({ key: n, label: n, hint: n === current ? "the context's namespace" : undefined }));
        return phase.target.kind === 'scan' ? [{ key: ALL_NAMESPACES, label: 'all namespaces', hint: '-A' }, ...names] : names;
      }
      case 'scan': {
        if (!phase.report?.ok) return [];
        return phase.report.value.findings.flatMap((f) =>
          f.runbooks.map((r) => ({
            key: `${r.id}\u0000${f.namespace}`,
            label: `${r.id}`,
            hint: `${f.kind === 'Node' ? `Node ${f.name}` : `${f.namespace}/${f.kind} ${f.name}`} · score ${r.score}`,
            detail: r.matched.slice(0, 2).map((m) => `${m.source ? `${m.source}: ` : ''}${m.line}`),
          })),
        );
      }
      case 'param':
        return phase.candidates?.ok ? phase.candidates.value.map((c, i) => ({ key: c, label: c, hint: i === 0 ? 'likeliest' : undefined })) : [];
    }
  }, [phase, text, runbooks, signatures, data, byId]);
}

function nextParam(runbook: OpeningRunbook, set: Record<string, string>) {
  return runbook.params.find((p) => set[p.name] === undefined);
}

function defaultIndex(phase: Phase, items: ListItem[], byId: Map<string, OpeningRunbook>, data: OpeningData): number {
  const find = (key: string | undefined) => Math.max(0, items.findIndex((i) => i.key === key));
  if (phase.kind === 'context') return find(data.contexts.current);
  if (phase.kind === 'namespace' && phase.list?.ok) {
    const own = phase.target.kind === 'runbook' ? byId.get(phase.target.id)?.namespace : undefined;
    const preferred = own && phase.list.value.names.includes(own) ? own : phase.list.value.current;
    return find(preferred);
  }
  return 0;
}

function heading(phase: Phase, byId: Map<string, OpeningRunbook>): string {
  switch (phase.kind) {
    case 'search':
      return 'what do you see?';
    case 'context':
      return `${phase.target.kind === 'scan' ? 'scan' : phase.target.id}: which cluster (kube context)?`;
    case 'namespace':
      return `${phase.target.kind === 'scan' ? 'scan' : phase.target.id} in context ${phase.context}: which namespace?`;
    case 'scan':
      return `scan of ${phase.namespace === ALL_NAMESPACES ? 'all namespaces' : `namespace ${phase.namespace}`} in ${phase.context}`;
    case 'param': {
      const p = nextParam(byId.get(phase.runbook)!, phase.set)!;
      return `${phase.runbook} in ${phase.context}/${phase.namespace}: ${p.name}${p.description ? ` (${p.description})` : ''}?`;
    }
  }
}

function loadingText(phase: Phase): string | undefined {
  if (phase.kind === 'namespace' && !phase.list) return `listing namespaces in ${phase.context}…`;
  if (phase.kind === 'scan' && !phase.report) return 'scanning: pods, recent logs, restarts, events…';
  if (phase.kind === 'param' && !phase.candidates) return undefined;
  return undefined;
}

function failure(phase: Phase): string | undefined {
  const loaded = phase.kind === 'namespace' ? phase.list : phase.kind === 'scan' ? phase.report : phase.kind === 'param' ? phase.candidates : undefined;
  return loaded && !loaded.ok ? `${loaded.message} (esc: back)` : undefined;
}

function emptyText(phase: Phase, text: string): string {
  if (phase.kind === 'search') return `no runbook matches "${clip(sanitizeLine(text), 60)}"`;
  if (phase.kind === 'scan') return 'no runbook applies to what the scan found (esc: back)';
  if (phase.kind === 'param') return 'looking…';
  return 'nothing to choose';
}
