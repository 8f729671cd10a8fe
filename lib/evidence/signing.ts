// The instance's evidence signing key: Ed25519, derived from CORDON_SECRET with HKDF, so every
// replica signs with the same key and nothing more needs storing. Bundles carry the signature of
// their manifest and the public key; verify with
//   openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin -in manifest.sha256 -sigfile manifest.sha256.sig
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { env } from '../env';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  /** SHA-256 of the public key (DER), to recognise the key. */
  fingerprint: string;
}

export function evidenceSigningKey(secret: string | undefined = env().CORDON_SECRET): SigningKey | null {
  if (!secret) return null;
  const seed = Buffer.from(hkdfSync('sha256', secret, 'cordon', 'cordon/evidence-signing/v1', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const fingerprint = createHash('sha256').update(der).digest('hex');
  return { privateKey, publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), fingerprint };
}

export function signManifest(manifest: Buffer, key: SigningKey): Buffer {
  return sign(null, manifest, key.privateKey);
}

export function verifyManifestSignature(manifest: Buffer, signature: Buffer, publicKeyPem: string): boolean {
  return verify(null, manifest, createPublicKey(publicKeyPem), signature);
}
