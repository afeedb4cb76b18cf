// ?watch=true on a collection: a stream of newline-separated watch events, starting with the
// current objects (unless the client names a resourceVersion to start after).
import type { SimContext } from './context';
import { acceptsAs } from './http';
import { matchesFilter, parseFilter, type ResourceRequest } from './crud';
import type { StoredObject, WatchEvent } from './store';
import { toTable } from './table';

export function watchObjects(ctx: SimContext, r: ResourceRequest): void {
  const filter = parseFilter(r.type, r.params);
  const asTable = acceptsAs(r.req.headers.accept, 'Table', 'meta.k8s.io', 'v1');
  const inScope = (o: StoredObject): boolean =>
    (r.namespace === undefined || o.metadata.namespace === r.namespace) &&
    (r.name === undefined || o.metadata.name === r.name) &&
    matchesFilter(r.type, filter, o);
  const render = (type: string, o: StoredObject): string => {
    const object = asTable ? toTable(r.type, [o], { resourceVersion: o.metadata.resourceVersion ?? '', includeObject: 'Object' }) : o;
    return `${JSON.stringify({ type, object })}\n`;
  };

  r.res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  r.res.flushHeaders();

  const rv = r.params.get('resourceVersion') ?? '';
  if (rv === '' || rv === '0' || r.params.get('sendInitialEvents') === 'true') {
    for (const o of ctx.store.list(r.type, r.namespace)) if (inScope(o)) r.res.write(render('ADDED', o));
  }
  if (r.params.get('sendInitialEvents') === 'true') {
    const bookmark = {
      kind: r.type.kind,
      apiVersion: r.type.group ? `${r.type.group}/${r.type.version}` : r.type.version,
      metadata: { resourceVersion: ctx.store.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
    };
    r.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: bookmark })}\n`);
  }

  const onChange = (e: WatchEvent): void => {
    if (e.resource === r.type && inScope(e.object)) r.res.write(render(e.type, e.object));
  };
  ctx.store.changes.on('change', onChange);
  const timeoutSeconds = Number(r.params.get('timeoutSeconds') ?? '1800');
  const timer = setTimeout(() => r.res.end(), (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds : 1800) * 1000);
  timer.unref();
  const stop = (): void => {
    clearTimeout(timer);
    ctx.store.changes.off('change', onChange);
  };
  r.res.on('close', stop);
  r.req.on('close', stop);
}
