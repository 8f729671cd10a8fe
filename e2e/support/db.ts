// Per-test data, written straight into the database the server under test uses
// (scripts/test/e2e.ts passes its URL), with unique titles so parallel tests never collide.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

function databaseUrl(): string {
  const url = process.env.CORDON_E2E_DATABASE_URL;
  if (!url) throw new Error('CORDON_E2E_DATABASE_URL is not set: run the e2e tests with npm run test:e2e');
  return url;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function createIncident(fields: { title?: string; status?: string; severity?: string } = {}) {
  const title = fields.title ?? `E2E incident ${randomBytes(4).toString('hex')}`;
  const [row] = await query<{ id: number }>(
    `INSERT INTO incident (title, severity, status, "correlationKey", namespace, workload, "firstSeenAt", "lastSeenAt", "updatedAt")
     VALUES ($1, $2::"Severity", $3::"IncidentStatus", $4, 'e2e', 'web', now(), now(), now()) RETURNING id`,
    [title, fields.severity ?? 'high', fields.status ?? 'new', `e2e|${title}`],
  );
  return { id: row!.id, title };
}

export async function incidentRow(id: number) {
  const [row] = await query<{ status: string; assigneeId: string | null }>(
    'SELECT status::text, "assigneeId" FROM incident WHERE id = $1',
    [id],
  );
  return row;
}
