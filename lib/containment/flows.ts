// What the map knows about a containment target's traffic: its workload's key in the flow table
// and the edges an isolation would cut (for the plan's blast radius and the effect check).
import 'server-only';
import { pgPool } from '../db/pool';
import type { Target } from './schemas';

/** Flows are keyed by workload ("ns/Kind/name"); a pod maps to its workload by name prefix. */
export async function flowKeyOf(clusterId: string, target: Target): Promise<string | null> {
  if (target.kind === 'workload') return `${target.namespace}/${target.workloadKind}/${target.name}`;
  if (target.kind !== 'pod') return null;
  const { rows } = await pgPool().query<{ key: string }>(
    `SELECT "srcKey" AS key FROM flow
      WHERE "clusterId" = $1 AND "srcNamespace" = $2 AND $3 LIKE "srcName" || '-%'
      ORDER BY length("srcName") DESC, "lastSeenAt" DESC LIMIT 1`,
    [clusterId, target.namespace, target.name],
  );
  return rows[0]?.key ?? null;
}

/**
 * Edges seen in the last day that touch the workload, as "a → b :port/proto" (allowed traffic
 * only), for the direction(s) the action cuts.
 */
export async function edgesCut(clusterId: string, key: string, directions: { ingress: boolean; egress: boolean }, limit = 50): Promise<string[]> {
  const { rows } = await pgPool().query<{ src: string; dst: string; port: number; protocol: string }>(
    `SELECT "srcKey" AS src, "dstKey" AS dst, port, protocol FROM flow
      WHERE "clusterId" = $1 AND verdict = 'forwarded' AND "lastSeenAt" > now() - interval '1 day'
        AND (($2 AND "srcKey" = $4) OR ($3 AND "dstKey" = $4))
      ORDER BY "lastSeenAt" DESC LIMIT $5`,
    [clusterId, directions.egress, directions.ingress, key, limit],
  );
  return rows.map((r) => `${r.src} → ${r.dst} :${r.port}/${r.protocol}`);
}
