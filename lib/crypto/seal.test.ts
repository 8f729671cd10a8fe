import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './seal';

describe('[SECURITY] secrets at rest', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const secret = 'apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: very-secret-token\n';
    const sealed = seal(secret, key);
    expect(sealed.toString('latin1')).not.toContain('very-secret-token');
    expect(open(sealed, key).toString()).toBe(secret);
  });

  it('uses a fresh nonce each time', () => {
    expect(seal('same', key).equals(seal('same', key))).toBe(false);
  });

  it('rejects a tampered ciphertext and a wrong key', () => {
    const sealed = seal('payload', key);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 0x01;
    expect(() => open(tampered, key)).toThrow();
    expect(() => open(sealed, randomBytes(32))).toThrow();
  });
});
