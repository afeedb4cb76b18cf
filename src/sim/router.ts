// URL paths of the Kubernetes REST API → what they address.
import type { ResourceRegistry, ResourceType } from './resources';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'resource'; type: ResourceType; namespace?: string | undefined; name?: string | undefined; subresource?: string | undefined }
  | { kind: 'unknown' };

export function route(pathname: string, registry: ResourceRegistry): Route {
  let segs: string[];
  try {
    segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const [root] = segs;
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (segs.length === 1 && ['healthz', 'livez', 'readyz'].includes(root ?? '')) return { kind: 'health' };
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (root === 'api') {
    if (segs.length === 1) return { kind: 'api' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (root === 'apis') {
    if (segs.length === 1) return { kind: 'apis' };
    group = segs[1]!;
    if (segs.length === 2) return { kind: 'group', group };
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return { kind: 'unknown' };
  }
  if (version === undefined) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'groupVersion', group, version };

  // namespaces/NS/PLURAL[/NAME[/SUB]] addresses a namespaced resource; otherwise
  // namespaces/NAME[/SUB] is the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = registry.byPlural(group, version, rest[2]!);
    if (type && type.namespaced) {
      if (rest.length > 5) return { kind: 'unknown' };
      return { kind: 'resource', type, namespace: rest[1], name: rest[3], subresource: rest[4] };
    }
  }
  const type = registry.byPlural(group, version, rest[0]!);
  if (!type || rest.length > 3) return { kind: 'unknown' };
  // A namespaced type addressed by name without a namespace does not exist as a path.
  if (type.namespaced && rest.length > 1) return { kind: 'unknown' };
  return { kind: 'resource', type, name: rest[1], subresource: rest[2] };
}
