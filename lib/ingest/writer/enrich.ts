// Resolving a pod to its workload, so alerts about pods group by workload. The cluster inventory
// (cluster_object, kept by the cluster watch) is authoritative: pod → ReplicaSet → Deployment
// through owner references. Without it, a Deployment pod's name gives it away: Kubernetes names
// them <deployment>-<pod-template-hash>-<suffix> from a fixed alphabet.
import type pg from 'pg';
import type { NormalizedAlert } from '../normalized';

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);

export function workloadFromPodName(pod: string): { kind: string; name: string } | null {
  const match = DEPLOYMENT_POD.exec(pod);
  return match ? { kind: 'Deployment', name: match[1]! } : null;
}

type Owner = { kind: string; name: string } | null;

/** Recent answers of the inventory, including "not in the inventory", for a short while. */
export class OwnerCache {
  private readonly entries = new Map<string, { owner: Owner; expires: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string): Owner | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires > Date.now()) return hit.owner;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, owner: Owner): void {
    if (this.entries.size > 50_000) this.entries.clear();
    this.entries.set(key, { owner, expires: Date.now() + this.ttlMs });
  }
}

function apply(alert: NormalizedAlert, owner: Owner): void {
  const resolved = owner ?? workloadFromPodName(alert.pod!);
  if (resolved) {
    alert.workloadKind = resolved.kind;
    alert.workload = resolved.name;
  }
}

export async function resolveWorkloads(
  client: pg.PoolClient,
  items: { alert: NormalizedAlert; clusterId: string }[],
  cache: OwnerCache,
): Promise<void> {
  const pending: typeof items = [];
  for (const item of items) {
    const { alert, clusterId } = item;
    if (alert.workload || !alert.pod || !alert.namespace) continue;
    const cached = cache.get(`${clusterId}|${alert.namespace}|${alert.pod}`);
    if (cached === undefined) pending.push(item);
    else apply(alert, cached);
  }
  if (pending.length === 0) return;
  const keys = [...new Map(pending.map(({ alert, clusterId }) => [`${clusterId}|${alert.namespace}|${alert.pod}`, [clusterId, alert.namespace!, alert.pod!]])).values()];
  const { rows } = await client.query<{ clusterId: string; namespace: string; name: string; kind: string; ownerKind: string | null; ownerName: string | null }>(
    `SELECT p."clusterId", p.namespace, p.name, COALESCE(rs."ownerKind", p."ownerKind") AS kind,
            COALESCE(rs."ownerKind", p."ownerKind") AS "ownerKind", COALESCE(rs."ownerName", p."ownerName") AS "ownerName"
       FROM cluster_object p
       LEFT JOIN cluster_object rs ON p."ownerKind" = 'ReplicaSet' AND rs."clusterId" = p."clusterId" AND rs.kind = 'ReplicaSet'
            AND rs.namespace = p.namespace AND rs.name = p."ownerName"
      WHERE p.kind = 'Pod' AND (p."clusterId", p.namespace, p.name) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
  );
  const owners = new Map(rows.map((r) => [`${r.clusterId}|${r.namespace}|${r.name}`, r]));
  for (const { alert, clusterId } of pending) {
    const key = `${clusterId}|${alert.namespace}|${alert.pod}`;
    const row = owners.get(key);
    const owner = row?.ownerKind && row.ownerName ? { kind: row.ownerKind, name: row.ownerName } : null;
    cache.set(key, owner);
    apply(alert, owner);
  }
}
