// Rows for integration tests, with unique names so tests never depend on each other's data.
import { randomBytes } from 'node:crypto';
import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';

export const uniqueSuffix = (): string => randomBytes(4).toString('hex');

export async function createTestUser(role: string, overrides: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  const id = crypto.randomUUID();
  return await db.user.create({
    data: { id, email: `${role}-${uniqueSuffix()}@test.local`, name: `Test ${role}`, role, ...overrides },
  });
}

export async function createTestIncident(overrides: Partial<Prisma.IncidentUncheckedCreateInput> = {}) {
  const now = new Date();
  return await db.incident.create({
    data: {
      title: `Test incident ${uniqueSuffix()}`,
      severity: 'high',
      correlationKey: `test|${uniqueSuffix()}`,
      firstSeenAt: now,
      lastSeenAt: now,
      ...overrides,
    },
  });
}

export const testActor = (user: { id: string; email: string }) => ({ type: 'user' as const, id: user.id, label: user.email });
