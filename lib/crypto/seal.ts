// Encryption of secrets at rest (kubeconfigs, notification credentials): AES-256-GCM with a
// random 96-bit nonce. The key comes from CORDON_ENCRYPTION_KEY, or is derived from CORDON_SECRET
// with HKDF so a single secret suffices for small installations.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '../env';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function encryptionKey(): Buffer {
  const e = env();
  if (e.CORDON_ENCRYPTION_KEY) return Buffer.from(e.CORDON_ENCRYPTION_KEY, 'base64');
  if (!e.CORDON_SECRET) throw new Error('CORDON_SECRET or CORDON_ENCRYPTION_KEY must be set to store secrets');
  return Buffer.from(hkdfSync('sha256', e.CORDON_SECRET, 'cordon', 'cordon/secrets-at-rest/v1', 32));
}

/** Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext. */
export function seal(plaintext: string | Buffer, key: Buffer = encryptionKey()): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
}

export function open(sealed: Uint8Array, key: Buffer = encryptionKey()): Buffer {
  const buffer = Buffer.from(sealed);
  if (buffer[0] !== VERSION) throw new Error('unknown sealed secret version');
  const nonce = buffer.subarray(1, 1 + NONCE_BYTES);
  const tag = buffer.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buffer.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
}
