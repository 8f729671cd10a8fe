import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../../api/resources.js';
import { errors } from '../../api/status.js';
import { isPlainObject } from '../../util/json.js';
import { newJwtLikeToken } from '../../util/ids.js';
import { rfc3339 } from '../../util/time.js';
import type { RequestContext } from '../request-context.js';

interface AccessReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string };
  nonResourceAttributes?: { path?: string; verb?: string };
}

/** SelfSubjectAccessReview and SelfSubjectReview: answered from the caller's real RBAC. */
export async function handleVirtualCreate(rc: RequestContext, type: ResourceType): Promise<void> {
  const body = await rc.body();
  if (type.kind === 'SelfSubjectReview') {
    rc.respond(201, { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: rc.user } });
    return;
  }
  if (!isPlainObject(body) || !isPlainObject(body.spec)) {
    throw errors.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [{ reason: 'FieldValueRequired', message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }]);
  }
  const spec = body.spec as AccessReviewSpec;
  let decision;
  if (spec.resourceAttributes) {
    const a = spec.resourceAttributes;
    decision = rc.sim.authorizer.authorize({
      user: rc.user,
      verb: a.verb ?? '',
      apiGroup: a.group ?? '',
      resource: a.resource ?? '',
      subresource: a.subresource || undefined,
      namespace: a.namespace || undefined,
      name: a.name || undefined,
    });
  } else if (spec.nonResourceAttributes) {
    decision = rc.sim.authorizer.authorize({ user: rc.user, verb: spec.nonResourceAttributes.verb ?? '', path: spec.nonResourceAttributes.path ?? '' });
  } else {
    throw errors.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [{ reason: 'FieldValueRequired', message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }]);
  }
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  rc.respond(201, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status });
}

/** serviceaccounts/token (TokenRequest): a bound token that dies with its ServiceAccount (or pod). */
export async function handleTokenRequest(rc: RequestContext, _type: ResourceType): Promise<void> {
  const body = await rc.body();
  const namespace = rc.namespace as string;
  const saName = rc.info.name as string;
  const sa = rc.sim.registry.get(rc.type as ResourceType, namespace, saName);
  const spec = (isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {}) as { expirationSeconds?: number; audiences?: string[]; boundObjectRef?: { kind?: string; name?: string; uid?: string } };
  const seconds = Math.max(600, spec.expirationSeconds ?? 3600);
  const expiresAt = Date.now() + seconds * 1000;
  const bound = spec.boundObjectRef?.kind === 'Pod' && spec.boundObjectRef.name && spec.boundObjectRef.uid ? { name: spec.boundObjectRef.name, uid: spec.boundObjectRef.uid } : undefined;
  const token = newJwtLikeToken({
    aud: spec.audiences ?? ['https://kubernetes.default.svc.cluster.local'],
    exp: Math.floor(expiresAt / 1000),
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: randomUUID(),
    sub: `system:serviceaccount:${namespace}:${saName}`,
  });
  if (!rc.dryRun) {
    rc.sim.authenticator.issueBoundToken(token, { namespace, serviceAccount: saName, serviceAccountUid: sa.metadata.uid, expiresAt, pod: bound });
  }
  rc.respond(201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: saName, namespace, creationTimestamp: null },
    spec: { audiences: spec.audiences ?? ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: rfc3339(expiresAt) },
  });
}
