// What a change does to an object, as a person reviews it: a unified diff of the YAML, without
// the fields the server rewrites on every write.
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject } from '../cluster/types';

/** Fields that change on every write and say nothing about the change itself. */
export function comparable(object: KubeObject): KubeObject {
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...metadata } = object.metadata as KubeObject['metadata'] & Record<string, unknown>;
  const { status: _s, ...rest } = object;
  return { ...rest, metadata: metadata as KubeObject['metadata'] };
}

export function objectDiff(before: KubeObject, after: KubeObject): string {
  const name = `${before.kind ?? 'object'}/${before.metadata.name}`;
  const patch = createTwoFilesPatch(`${name} (now)`, `${name} (after the fix)`, stringify(comparable(before)), stringify(comparable(after)), undefined, undefined, { context: 3 });
  // Drop the `Index:`/`===` preamble: the two file headers say it.
  return patch.split('\n').filter((l) => !l.startsWith('Index:') && !/^=+$/.test(l)).join('\n').trim();
}
