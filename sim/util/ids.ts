import { randomBytes, randomUUID } from 'node:crypto';

/** Object UIDs are random like a real API server's; determinism lives in names and scenarios. */
export function newUid(): string {
  return randomUUID();
}

/** An opaque bearer token that looks like a service-account JWT (header.payload.signature). */
export function newJwtLikeToken(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'cordon-sim' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${header}.${payload}.${randomBytes(48).toString('base64url')}`;
}

export function newOpaqueToken(prefix: string): string {
  return `${prefix}-${randomBytes(24).toString('hex')}`;
}

export function containerIdFor(seed: string): string {
  return randomBytes(32).toString('hex').slice(0, 64) || seed;
}
