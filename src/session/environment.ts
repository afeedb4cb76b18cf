// The versions a walk saw: container images named in the evidence it gathered (pod and
// workload specs, custom resources), one line per image, so that a postmortem says what ran.
import type { History } from './history';

export interface ComponentVersion {
  /** The image's last path segment: `thanos`, `prometheus`, `prometheus-config-reloader`. */
  component: string;
  version: string;
  image: string;
}

const IMAGE_FIELD = /"image"\s*:\s*"([^"\s]+)"|^\s*-?\s*image:\s*["']?([^"'\s]+)/gm;

export function componentVersions(history: History): ComponentVersion[] {
  const images = new Set<string>();
  for (const visit of history.visits) {
    for (const { result } of visit.checks) {
      if (result.status !== 'ran') continue;
      for (const m of result.stdout.matchAll(IMAGE_FIELD)) images.add((m[1] ?? m[2])!);
    }
  }
  return [...images].flatMap((image) => (parseImage(image) ? [parseImage(image)!] : [])).sort((a, b) => a.component.localeCompare(b.component) || a.image.localeCompare(b.image));
}

/** `quay.io/thanos/thanos:v0.32.4`, `repo/x@sha256:…`, `x:1.2@sha256:…`; an image without tag or digest is `latest`. */
export function parseImage(image: string): ComponentVersion | undefined {
  const [withoutDigest, digest] = image.split('@', 2) as [string, string | undefined];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const component = repository.slice(repository.lastIndexOf('/') + 1);
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(component)) return undefined;
  const version = hasTag ? withoutDigest.slice(colon + 1) : digest ? digest.slice(0, 19) : 'latest';
  return { component, version, image };
}
