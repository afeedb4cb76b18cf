// Just enough of the Kubernetes protobuf encoding for SelfSubjectAccessReview, which
// `kubectl auth can-i` sends as application/vnd.kubernetes.protobuf.
// Envelope: magic "k8s\0", then runtime.Unknown {1: TypeMeta{1 apiVersion, 2 kind}, 2: raw bytes,
// 3: contentEncoding, 4: contentType}. raw is the typed message.

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export class ProtobufError extends Error {}

interface Field {
  no: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): { value: bigint; pos: number } {
  let value = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new ProtobufError('truncated varint');
    const b = buf[pos++]!;
    value |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return { value, pos };
    shift += 7n;
    if (shift > 63n) throw new ProtobufError('varint too long');
  }
}

function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const tag = readVarint(buf, pos);
    pos = tag.pos;
    const no = Number(tag.value >> 3n);
    const wire = Number(tag.value & 7n);
    if (wire === 0) {
      const v = readVarint(buf, pos);
      pos = v.pos;
      fields.push({ no, wire, varint: v.value });
    } else if (wire === 2) {
      const len = readVarint(buf, pos);
      pos = len.pos;
      const end = pos + Number(len.value);
      if (end > buf.length) throw new ProtobufError('truncated field');
      fields.push({ no, wire, bytes: buf.subarray(pos, end) });
      pos = end;
    } else if (wire === 1) {
      pos += 8;
      fields.push({ no, wire });
    } else if (wire === 5) {
      pos += 4;
      fields.push({ no, wire });
    } else {
      throw new ProtobufError(`unsupported wire type ${wire}`);
    }
  }
  if (pos !== buf.length) throw new ProtobufError('truncated message');
  return fields;
}

function bytesField(fields: Field[], no: number): Buffer | undefined {
  return fields.find((f) => f.no === no && f.wire === 2)?.bytes;
}

function stringField(fields: Field[], no: number): string | undefined {
  return bytesField(fields, no)?.toString('utf8');
}

function varint(n: number | bigint): Buffer {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

function encodeBytes(no: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((no << 3) | 2), varint(payload.length), payload]);
}

function encodeString(no: number, s: string | undefined): Buffer {
  return s === undefined ? Buffer.alloc(0) : encodeBytes(no, Buffer.from(s, 'utf8'));
}

function encodeBool(no: number, b: boolean): Buffer {
  return Buffer.concat([varint(no << 3), varint(b ? 1 : 0)]);
}

export interface ResourceAttributesPb {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface NonResourceAttributesPb {
  path?: string;
  verb?: string;
}

export interface SelfSubjectAccessReviewPb {
  resourceAttributes?: ResourceAttributesPb;
  nonResourceAttributes?: NonResourceAttributesPb;
}

function unwrap(body: Buffer): { apiVersion: string; kind: string; raw: Buffer } {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufError('missing k8s protobuf magic');
  const unknown = readFields(body.subarray(4));
  const typeMeta = readFields(bytesField(unknown, 1) ?? Buffer.alloc(0));
  return {
    apiVersion: stringField(typeMeta, 1) ?? '',
    kind: stringField(typeMeta, 2) ?? '',
    raw: bytesField(unknown, 2) ?? Buffer.alloc(0),
  };
}

function wrap(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([encodeString(1, apiVersion), encodeString(2, kind)]);
  return Buffer.concat([MAGIC, encodeBytes(1, typeMeta), encodeBytes(2, raw), encodeString(3, ''), encodeString(4, '')]);
}

export function decodeSelfSubjectAccessReview(body: Buffer): SelfSubjectAccessReviewPb {
  const { kind, raw } = unwrap(body);
  if (kind && kind !== 'SelfSubjectAccessReview') throw new ProtobufError(`unexpected kind ${kind}`);
  const review = readFields(raw);
  const spec = readFields(bytesField(review, 2) ?? Buffer.alloc(0));
  const out: SelfSubjectAccessReviewPb = {};
  const ra = bytesField(spec, 1);
  if (ra) {
    const f = readFields(ra);
    const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;
    const attrs: ResourceAttributesPb = {};
    names.forEach((n, i) => {
      const v = stringField(f, i + 1);
      if (v !== undefined) attrs[n] = v;
    });
    out.resourceAttributes = attrs;
  }
  const nra = bytesField(spec, 2);
  if (nra) {
    const f = readFields(nra);
    const attrs: NonResourceAttributesPb = {};
    const p = stringField(f, 1);
    const v = stringField(f, 2);
    if (p !== undefined) attrs.path = p;
    if (v !== undefined) attrs.verb = v;
    out.nonResourceAttributes = attrs;
  }
  return out;
}

export function encodeSelfSubjectAccessReview(
  spec: SelfSubjectAccessReviewPb,
  status: { allowed: boolean; denied?: boolean; reason?: string; evaluationError?: string },
): Buffer {
  const parts: Buffer[] = [];
  if (spec.resourceAttributes) {
    const a = spec.resourceAttributes;
    parts.push(
      encodeBytes(
        1,
        Buffer.concat([
          encodeString(1, a.namespace ?? ''),
          encodeString(2, a.verb ?? ''),
          encodeString(3, a.group ?? ''),
          encodeString(4, a.version ?? ''),
          encodeString(5, a.resource ?? ''),
          encodeString(6, a.subresource ?? ''),
          encodeString(7, a.name ?? ''),
        ]),
      ),
    );
  }
  if (spec.nonResourceAttributes) {
    const a = spec.nonResourceAttributes;
    parts.push(encodeBytes(2, Buffer.concat([encodeString(1, a.path ?? ''), encodeString(2, a.verb ?? '')])));
  }
  const statusMsg = Buffer.concat([
    encodeBool(1, status.allowed),
    encodeString(2, status.reason ?? ''),
    encodeString(3, status.evaluationError ?? ''),
    encodeBool(4, status.denied ?? false),
  ]);
  const review = Buffer.concat([encodeBytes(1, Buffer.alloc(0)), encodeBytes(2, Buffer.concat(parts)), encodeBytes(3, statusMsg)]);
  return wrap('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review);
}
