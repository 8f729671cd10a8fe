import { ApiError } from '../api/status.js';

/**
 * Just enough Kubernetes protobuf to read the bodies kubectl's typed clients send
 * (SelfSubjectAccessReview for `auth can-i`, SelfSubjectReview for `auth whoami`, TokenRequest for
 * `create token`, Eviction for `drain`). Field numbers are those of k8s.io/api generated.proto.
 */
type Field = { kind: 'string' | 'int' | 'bool'; name: string; repeated?: boolean } | { kind: 'message'; name: string; schema: Schema; repeated?: boolean } | { kind: 'map'; name: string };
type Schema = Record<number, Field>;

const OBJECT_META: Schema = { 1: { kind: 'string', name: 'name' }, 2: { kind: 'string', name: 'generateName' }, 3: { kind: 'string', name: 'namespace' }, 11: { kind: 'map', name: 'labels' }, 12: { kind: 'map', name: 'annotations' } };
const RESOURCE_ATTRIBUTES: Schema = { 1: { kind: 'string', name: 'namespace' }, 2: { kind: 'string', name: 'verb' }, 3: { kind: 'string', name: 'group' }, 4: { kind: 'string', name: 'version' }, 5: { kind: 'string', name: 'resource' }, 6: { kind: 'string', name: 'subresource' }, 7: { kind: 'string', name: 'name' } };
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: { kind: 'string', name: 'path' }, 2: { kind: 'string', name: 'verb' } };
const DELETE_OPTIONS: Schema = {
  1: { kind: 'int', name: 'gracePeriodSeconds' },
  2: { kind: 'message', name: 'preconditions', schema: { 1: { kind: 'string', name: 'uid' }, 2: { kind: 'string', name: 'resourceVersion' } } },
  3: { kind: 'bool', name: 'orphanDependents' },
  4: { kind: 'string', name: 'propagationPolicy' },
  5: { kind: 'string', name: 'dryRun', repeated: true },
};

const SCHEMAS: Record<string, Schema> = {
  SelfSubjectAccessReview: {
    1: { kind: 'message', name: 'metadata', schema: OBJECT_META },
    2: { kind: 'message', name: 'spec', schema: { 1: { kind: 'message', name: 'resourceAttributes', schema: RESOURCE_ATTRIBUTES }, 2: { kind: 'message', name: 'nonResourceAttributes', schema: NON_RESOURCE_ATTRIBUTES } } },
  },
  SelfSubjectReview: { 1: { kind: 'message', name: 'metadata', schema: OBJECT_META } },
  TokenRequest: {
    1: { kind: 'message', name: 'metadata', schema: OBJECT_META },
    2: {
      kind: 'message',
      name: 'spec',
      schema: {
        1: { kind: 'string', name: 'audiences', repeated: true },
        3: { kind: 'message', name: 'boundObjectRef', schema: { 1: { kind: 'string', name: 'kind' }, 2: { kind: 'string', name: 'apiVersion' }, 3: { kind: 'string', name: 'name' }, 4: { kind: 'string', name: 'uid' } } },
        4: { kind: 'int', name: 'expirationSeconds' },
      },
    },
  },
  Eviction: { 1: { kind: 'message', name: 'metadata', schema: OBJECT_META }, 2: { kind: 'message', name: 'deleteOptions', schema: DELETE_OPTIONS } },
  DeleteOptions: DELETE_OPTIONS,
};

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decode(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = new Reader(buf);
  while (!r.done) {
    const tag = r.varint();
    const fieldNo = Math.floor(tag / 8);
    const wireType = tag % 8;
    const field = schema[fieldNo];
    if (!field) {
      r.skip(wireType);
      continue;
    }
    let value: unknown;
    if (field.kind === 'string') value = r.bytes().toString('utf8');
    else if (field.kind === 'int') value = r.varint();
    else if (field.kind === 'bool') value = r.varint() !== 0;
    else if (field.kind === 'message') value = decode(r.bytes(), field.schema);
    else {
      const entry = decode(r.bytes(), { 1: { kind: 'string', name: 'key' }, 2: { kind: 'string', name: 'value' } });
      const map = (out[field.name] ??= {}) as Record<string, unknown>;
      map[typeof entry.key === 'string' ? entry.key : ''] = entry.value ?? '';
      continue;
    }
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** Decodes a `k8s\0`-prefixed runtime.Unknown envelope into the JSON shape of its object. */
export function decodeKubernetesProtobuf(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') throw new ApiError({ message: 'protobuf body without the k8s envelope', reason: 'BadRequest', code: 400 });
  const envelope = decode(body.subarray(4), {
    1: { kind: 'message', name: 'typeMeta', schema: { 1: { kind: 'string', name: 'apiVersion' }, 2: { kind: 'string', name: 'kind' } } },
  });
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const kind = typeMeta.kind ?? '';
  const schema = SCHEMAS[kind];
  if (!schema) {
    throw new ApiError({
      message: `the simulator reads protobuf only for ${Object.keys(SCHEMAS).join(', ')}; send ${kind || 'this object'} as application/json (kubectl create -f / apply work, kubectl create <generator> does not)`,
      reason: 'UnsupportedMediaType',
      code: 415,
      details: {},
    });
  }
  // `raw` (field 2) holds the object's own message bytes.
  const r = new Reader(body.subarray(4));
  let raw: Buffer = Buffer.alloc(0);
  while (!r.done) {
    const tag = r.varint();
    if (Math.floor(tag / 8) === 2 && tag % 8 === 2) raw = r.bytes();
    else r.skip(tag % 8);
  }
  return { apiVersion: typeMeta.apiVersion, kind, ...decode(raw, schema) };
}
