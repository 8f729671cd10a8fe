import 'server-only';
import { db } from '../db/client';

export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: { email: 'asc' },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabled: true,
      lockedUntil: true,
      createdAt: true,
      accounts: { select: { providerId: true } },
    },
  });
  const now = new Date();
  return users.map(({ accounts, lockedUntil, ...u }) => ({
    ...u,
    createdAt: u.createdAt.toISOString(),
    lockedUntil: lockedUntil && lockedUntil > now ? lockedUntil.toISOString() : null,
    sso: accounts.some((a) => a.providerId !== 'credential'),
  }));
}

export async function listApiTokens() {
  const tokens = await db.apiToken.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      source: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      cluster: { select: { name: true } },
    },
  });
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    source: t.source,
    prefix: t.prefix,
    cluster: t.cluster?.name ?? null,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

export async function listClusters() {
  const clusters = await db.cluster.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, displayName: true, source: true, server: true, state: true, stateMessage: true, lastSeenAt: true },
  });
  return clusters.map((c) => ({ ...c, lastSeenAt: c.lastSeenAt?.toISOString() ?? null }));
}
