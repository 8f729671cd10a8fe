import { describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { useTestDatabase } from '../lib/test/database';
import { seedIfEmpty } from './seed';

describe('[SEED] demo data', () => {
  useTestDatabase();

  it('creates the four accounts and incidents tied to their workloads, once', async () => {
    expect(await seedIfEmpty({ demo: true })).toEqual({ seeded: true });
    expect((await db.user.findMany({ select: { email: true }, orderBy: { email: 'asc' } })).map((u) => u.email)).toEqual([
      'admin@cordon.local',
      'analyst@cordon.local',
      'responder@cordon.local',
      'viewer@cordon.local',
    ]);
    const incidents = await db.incident.findMany({ include: { entities: { include: { entity: true } } }, orderBy: { id: 'asc' } });
    expect(incidents.length).toBeGreaterThanOrEqual(3);
    for (const incident of incidents) {
      const primary = incident.entities.find((e) => e.isPrimary)?.entity;
      expect(primary).toMatchObject({ kind: 'workload', key: `${incident.namespace}/${primary?.key.split('/')[1]}/${incident.workload}` });
    }
    expect(await seedIfEmpty({ demo: true })).toEqual({ seeded: false });
    expect(await db.user.count()).toBe(4);
  });
});
