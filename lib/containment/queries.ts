import 'server-only';
import { db } from '../db/client';
import { toActionView, type ActionView } from './records';

export const actionInclude = {
  requestedBy: { select: { email: true } },
  approvedBy: { select: { email: true } },
  undoneBy: { select: { id: true } },
} as const;

export async function getAction(id: string): Promise<ActionView | null> {
  const row = await db.containmentAction.findUnique({ where: { id }, include: actionInclude });
  return row ? toActionView(row) : null;
}

/** The incident's actions, newest first; previews never executed are left out after an hour. */
export async function listIncidentActions(incidentId: number): Promise<ActionView[]> {
  const rows = await db.containmentAction.findMany({
    where: {
      incidentId,
      OR: [{ status: { not: 'previewed' } }, { requestedAt: { gte: new Date(Date.now() - 3_600_000) } }],
    },
    include: actionInclude,
    orderBy: { requestedAt: 'desc' },
    take: 100,
  });
  return rows.map(toActionView);
}

/**
 * Actions on a workload, its pods or its service account in one cluster, newest first (the map's
 * side panel: actions taken there may belong to any incident, or none).
 */
export async function listWorkloadActions(clusterId: string, namespace: string, names: string[]): Promise<ActionView[]> {
  if (names.length === 0) return [];
  const rows = await db.containmentAction.findMany({
    where: {
      clusterId,
      AND: [
        { target: { path: ['namespace'], equals: namespace } },
        { OR: names.map((name) => ({ target: { path: ['name'], equals: name } })) },
        { OR: [{ status: { not: 'previewed' } }, { requestedAt: { gte: new Date(Date.now() - 3_600_000) } }] },
      ],
    },
    include: actionInclude,
    orderBy: { requestedAt: 'desc' },
    take: 50,
  });
  return rows.map(toActionView);
}
