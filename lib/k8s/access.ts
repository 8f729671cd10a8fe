// What Cordon is in a cluster (whoAmI) and what it may do there (checkAccess): the console shows
// which containment actions are possible before anyone clicks one.
import 'server-only';
import { type CallOptions, readCall } from './call';
import type { ClusterConnection } from './connection';
import { isK8sError, type K8sErrorKind, toK8sError } from './errors';

export interface WhoAmI {
  username: string;
  groups: string[];
  uid: string | null;
  /** SelfSubjectReview (Kubernetes ≥ 1.28), or the kubeconfig's user entry name as a fallback. */
  source: 'SelfSubjectReview' | 'kubeconfig';
}

export async function whoAmI(conn: ClusterConnection, options?: CallOptions): Promise<WhoAmI> {
  try {
    // A review only evaluates, it stores nothing: safe to retry like a read.
    const review = await readCall(
      conn,
      'whoami',
      (o) => conn.authentication.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }, o),
      options,
    );
    const user = review.status?.userInfo;
    if (user?.username) return { username: user.username, groups: user.groups ?? [], uid: user.uid ?? null, source: 'SelfSubjectReview' };
  } catch (err) {
    // Older clusters have no SelfSubjectReview (404); anything else (401, unreachable) is real.
    if (!isK8sError(err, 'NotFound') && !isK8sError(err, 'Forbidden')) throw err;
  }
  return { username: conn.kubeconfigUser ?? 'unknown', groups: [], uid: null, source: 'kubeconfig' };
}

export interface AccessCheck {
  verb: string;
  /** API group: '' for core, 'apps', 'networking.k8s.io', … */
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface AccessDecision extends AccessCheck {
  allowed: boolean;
  /** The authorizer's reason, or why the check itself failed. */
  reason: string | null;
  /** Set when the review could not be made (then `allowed` is false). */
  error: K8sErrorKind | null;
}

const MAX_PARALLEL_REVIEWS = 8;

async function review(conn: ClusterConnection, check: AccessCheck, options?: CallOptions): Promise<AccessDecision> {
  const { verb, group, resource, subresource, namespace, name } = check;
  try {
    const result = await readCall(
      conn,
      `can-i ${verb} ${resource}${subresource ? `/${subresource}` : ''}`,
      (o) =>
        conn.authorization.createSelfSubjectAccessReview(
          {
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: { resourceAttributes: { verb, group, resource, subresource, namespace, name } },
            },
          },
          o,
        ),
      options,
    );
    const status = result.status;
    return { ...check, allowed: status?.allowed === true && status.denied !== true, reason: status?.reason || status?.evaluationError || null, error: null };
  } catch (err) {
    const error = toK8sError(err);
    return { ...check, allowed: false, reason: error.message, error: error.kind };
  }
}

/** One SelfSubjectAccessReview per check, a few at a time; results in the order asked. */
export async function checkAccess(conn: ClusterConnection, checks: AccessCheck[], options?: CallOptions): Promise<AccessDecision[]> {
  const results: AccessDecision[] = new Array<AccessDecision>(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const index = next++;
      results[index] = await review(conn, checks[index] as AccessCheck, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_REVIEWS, checks.length) }, worker));
  return results;
}
