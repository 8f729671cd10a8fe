// Which catalog actions the console's own identity may perform in a cluster
// (SelfSubjectAccessReview per required right), so the UI can say "not allowed here, because…"
// before anyone clicks. Cached briefly per cluster and namespace.
import 'server-only';
import { checkAccess, isK8sError } from '../k8s';
import { loadClusterConnection } from '../k8s/load-cluster';
import { ACTION_KINDS, type ActionKind } from './schemas';
import { CATALOG } from './catalog';

export interface ActionRight {
  kind: ActionKind;
  allowed: boolean;
  /** Why not: the missing rights, or the cluster being unreachable. */
  reason: string | null;
}

const cache = new Map<string, { at: number; rights: ActionRight[] }>();
const TTL_MS = 60_000;

export async function catalogRights(clusterId: string, namespace?: string): Promise<ActionRight[]> {
  const key = `${clusterId}|${namespace ?? ''}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.rights;
  let rights: ActionRight[];
  try {
    const conn = await loadClusterConnection(clusterId);
    const checks = ACTION_KINDS.flatMap((kind) => CATALOG[kind].access.map((a) => ({ ...a, namespace: a.resource === 'nodes' || a.resource.endsWith('clusterrolebindings') ? undefined : namespace })));
    const answers = await checkAccess(conn, checks);
    let index = 0;
    rights = ACTION_KINDS.map((kind) => {
      const mine = answers.slice(index, index + CATALOG[kind].access.length);
      index += CATALOG[kind].access.length;
      const missing = mine.filter((a) => !a.allowed);
      return {
        kind,
        allowed: missing.length === 0,
        reason: missing.length === 0 ? null : `the console's identity may not ${missing.map((a) => `${a.verb} ${a.resource}${a.subresource ? `/${a.subresource}` : ''}`).join(', ')} here`,
      };
    });
  } catch (error) {
    const reason = isK8sError(error) ? `cluster ${error.kind.toLowerCase()}: ${error.clusterMessage ?? error.message}` : 'cluster not reachable';
    rights = ACTION_KINDS.map((kind) => ({ kind, allowed: false, reason }));
    cache.set(key, { at: Date.now() - TTL_MS + 5_000, rights }); // retry soon
    return rights;
  }
  cache.set(key, { at: Date.now(), rights });
  return rights;
}
