// POST selfsubjectaccessreviews: JSON (client-node) or protobuf (kubectl auth can-i).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Attributes } from './access';
import type { SimContext } from './context';
import { parseAccept, parseMediaType, readBody, sendJson } from './http';
import {
  decodeSelfSubjectAccessReview,
  encodeSelfSubjectAccessReview,
  ProtobufError,
  PROTOBUF_CONTENT_TYPE,
  type SelfSubjectAccessReviewPb,
} from './protobuf';
import { badRequest } from './status';
import { isObject } from './store';

function attributesOf(spec: SelfSubjectAccessReviewPb): Attributes | undefined {
  const a = spec.resourceAttributes;
  if (!a) return undefined;
  return {
    verb: a.verb ?? '',
    group: a.group ?? '',
    resource: a.resource ?? '',
    subresource: a.subresource || undefined,
    namespace: a.namespace || undefined,
    name: a.name || undefined,
  };
}

function evaluate(ctx: SimContext, spec: SelfSubjectAccessReviewPb): { allowed: boolean; reason?: string } {
  const attrs = attributesOf(spec);
  // Non-resource URLs (/healthz, /metrics, ...) are never denied by a scenario.
  if (!attrs) return { allowed: true, reason: 'non-resource URLs are not restricted in the simulated cluster' };
  return ctx.access.review(attrs);
}

function prefersProtobuf(accept: string | undefined): boolean {
  const first = parseAccept(accept)[0];
  return first?.type === PROTOBUF_CONTENT_TYPE;
}

export async function selfSubjectAccessReview(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const contentType = parseMediaType(req.headers['content-type'] ?? 'application/json').type;
  const body = await readBody(req);
  let spec: SelfSubjectAccessReviewPb;
  if (contentType === PROTOBUF_CONTENT_TYPE) {
    try {
      spec = decodeSelfSubjectAccessReview(body);
    } catch (e) {
      if (e instanceof ProtobufError) throw badRequest(`unable to decode SelfSubjectAccessReview: ${e.message}`);
      throw e;
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw badRequest(`error decoding JSON: ${(e as Error).message}`);
    }
    const s = isObject(parsed) && isObject(parsed.spec) ? parsed.spec : {};
    spec = {};
    if (isObject(s.resourceAttributes)) spec.resourceAttributes = s.resourceAttributes as SelfSubjectAccessReviewPb['resourceAttributes'] & object;
    if (isObject(s.nonResourceAttributes)) spec.nonResourceAttributes = s.nonResourceAttributes as SelfSubjectAccessReviewPb['nonResourceAttributes'] & object;
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    throw badRequest('SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  const status = evaluate(ctx, spec);
  if (prefersProtobuf(req.headers.accept)) {
    const out = encodeSelfSubjectAccessReview(spec, status);
    res.writeHead(201, { 'Content-Type': PROTOBUF_CONTENT_TYPE, 'Content-Length': out.length });
    res.end(out);
    return;
  }
  sendJson(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status,
  });
}
