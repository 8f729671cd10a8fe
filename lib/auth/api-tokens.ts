// Ingest credentials. A token is shown once when created; only its SHA-256 is stored, so a
// database leak does not hand out working tokens. Lookups are by hash (unique index).
import { createHash, randomBytes } from 'node:crypto';
import type { IngestSource } from '../db/generated/enums';

const SOURCE_TAG: Record<IngestSource, string> = {
  falco: 'fal',
  k8s_audit: 'aud',
  alertmanager: 'alm',
  flows: 'flw',
};

export function generateApiToken(source: IngestSource): { token: string; hash: string; prefix: string } {
  const token = `cordon_${SOURCE_TAG[source]}_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 16) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
