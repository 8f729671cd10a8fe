import { describe, expect, it } from 'vitest';
import { pgPool } from '../db/pool';
import { useTestDatabase } from '../test/database';
import { createTestIncident, createTestUser } from '../test/factories';
import { loadQueue } from './queue';
import { queueFilterSchema } from './queue-filter';
import { loadIncidentWorkspace } from './workspace';

describe('[INCIDENTS] incidents written without rule or technique lists', () => {
  useTestDatabase();

  it('load in the workspace and the queue as empty lists', async () => {
    const incident = await createTestIncident({ title: 'Imported incident without lists' });
    // Rows written by SQL (imports, older versions) may hold NULL where Prisma writes '{}'.
    await pgPool().query('UPDATE incident SET rules = NULL, techniques = NULL WHERE id = $1', [incident.id]);
    const workspace = await loadIncidentWorkspace(incident.id);
    expect(workspace).toMatchObject({ id: incident.id, rules: [], techniques: [] });
    const user = await createTestUser('analyst');
    const queue = await loadQueue(queueFilterSchema.parse({ q: 'Imported incident without lists' }), user.id);
    expect(queue.items.map((r) => ({ id: r.id, techniques: r.techniques }))).toEqual([{ id: incident.id, techniques: [] }]);
  });
});
