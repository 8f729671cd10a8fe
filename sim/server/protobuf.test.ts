import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './protobuf.js';

/** Hand-encoded protobuf, as client-go's serializer writes it. */
function field(no: number, value: Buffer | string | number): Buffer {
  if (typeof value === 'number') return Buffer.from([(no << 3) | 0, value]);
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([Buffer.from([(no << 3) | 2, bytes.length]), bytes]);
}

describe('[SIM] protobuf request bodies', () => {
  it('decodes a SelfSubjectAccessReview the way kubectl auth can-i sends it', () => {
    const attrs = Buffer.concat([field(1, 'shop'), field(2, 'delete'), field(5, 'pods')]);
    const spec = field(1, attrs);
    const raw = Buffer.concat([field(1, Buffer.alloc(0)), field(2, spec)]);
    const envelope = Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), field(1, Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')])), field(2, raw)]);
    expect(decodeKubernetesProtobuf(envelope)).toEqual({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: { resourceAttributes: { namespace: 'shop', verb: 'delete', resource: 'pods' } } });
  });

  it('answers other kinds with 415 and a pointer to JSON', () => {
    const envelope = Buffer.concat([Buffer.from('k8s\u0000', 'latin1'), field(1, Buffer.concat([field(1, 'v1'), field(2, 'ConfigMap')])), field(2, Buffer.alloc(0))]);
    expect(() => decodeKubernetesProtobuf(envelope)).toThrow(/send ConfigMap as application\/json/);
  });
});
