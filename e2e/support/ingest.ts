// Alerts for e2e tests go through the real ingest endpoint with a real token.
import { createHash, randomBytes } from 'node:crypto';
import { query } from './db';

/** `clusterId`: alerts sent with the token belong to that cluster (as the simulator's do). */
export async function createIngestToken(source: 'falco' | 'k8s_audit' | 'alertmanager' | 'flows', clusterId: string | null = null): Promise<string> {
  const token = `cordon_e2e_${randomBytes(24).toString('base64url')}`;
  await query(
    `INSERT INTO api_token (id, name, source, "tokenHash", prefix, "clusterId") VALUES ($1, $2, $3::"IngestSource", $4, $5, $6)`,
    [randomBytes(12).toString('hex'), `e2e ${source} ${Date.now()}`, source, createHash('sha256').update(token).digest('hex'), token.slice(0, 16), clusterId],
  );
  return token;
}

export function falcoEvent(overrides: { namespace: string; pod?: string; rule?: string; priority?: string; cmdline?: string }) {
  const rule = overrides.rule ?? 'Terminal shell in container';
  return {
    uuid: crypto.randomUUID(),
    output: `${new Date().toISOString().slice(11, 23)}: ${overrides.priority ?? 'Critical'} A shell was spawned in a container with an attached terminal (user=root)`,
    priority: overrides.priority ?? 'Critical',
    rule,
    time: new Date().toISOString(),
    source: 'syscall',
    tags: ['container', 'mitre_execution', 'shell', 'T1059'],
    hostname: 'worker-1',
    output_fields: {
      'k8s.ns.name': overrides.namespace,
      'k8s.pod.name': overrides.pod ?? 'web-7c9d8bf6d4-x2k4q',
      'container.id': 'ee97d9c4186f',
      'container.image.repository': 'docker.io/library/nginx',
      'proc.cmdline': overrides.cmdline ?? 'sh -c id',
      'user.name': 'root',
    },
  };
}

export async function postFalco(baseUrl: string, token: string, event: object): Promise<{ incidents: number[] }> {
  const response = await fetch(`${baseUrl}/api/ingest/falco`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(event),
  });
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { incidents: number[] };
}

export const uniqueNamespace = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
