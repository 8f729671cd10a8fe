import type { AdmissionPlugin } from '../api/admission.js';
import { K } from '../api/known-types.js';
import { errors, qualifiedResource } from '../api/status.js';
import type { BindingObject, PolicyRule } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { deepEqual } from '../util/json.js';
import { rulesOf } from './authorizer.js';
import type { RbacAuthorizer } from './authorizer.js';

function describeRule(rule: PolicyRule): string {
  const list = (items: string[] | undefined) => `[${(items ?? []).map((i) => JSON.stringify(i)).join(' ')}]`;
  const parts = [];
  if (rule.apiGroups) parts.push(`APIGroups:${list(rule.apiGroups)}`);
  if (rule.resources) parts.push(`Resources:${list(rule.resources)}`);
  if (rule.resourceNames) parts.push(`ResourceNames:${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs) parts.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`);
  parts.push(`Verbs:${list(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Whether an update of a binding changes only what the garbage collector changes (owners,
 * finalizers): those updates skip the check, as upstream's IsOnlyMutatingGCFields.
 */
function onlyGcFieldsChanged(next: BindingObject, old: BindingObject): boolean {
  const metadata: Record<string, unknown> = Object.fromEntries(Object.entries(next.metadata));
  const previous: Record<string, unknown> = Object.fromEntries(Object.entries(old.metadata));
  for (const field of ['ownerReferences', 'finalizers', 'managedFields', 'resourceVersion', 'generation']) {
    if (previous[field] === undefined) delete metadata[field];
    else metadata[field] = previous[field];
  }
  return deepEqual({ ...next, metadata }, old);
}

/**
 * RBAC escalation prevention: creating or updating a binding requires the `bind` verb on its
 * role, or already holding every permission the role grants (checked rule by rule, wildcards
 * included). Removing one subject of a binding to cluster-admin is checked like creating it.
 */
export function rbacEscalationCheck(store: ObjectStore, authorizer: RbacAuthorizer): AdmissionPlugin {
  const check = (kind: string, obj: BindingObject, user: Parameters<RbacAuthorizer['authorize']>[0]['user']) => {
    if (user.groups.includes('system:masters') || user.username.startsWith('system:serviceaccount:kube-system:') || user.username === 'system:cluster-bootstrap') return;
    const ref = obj.roleRef;
    const namespace = obj.metadata.namespace;
    const roleType = ref.kind === 'Role' ? K.Role : K.ClusterRole;
    const bind = authorizer.authorize({ user, verb: 'bind', apiGroup: 'rbac.authorization.k8s.io', resource: ref.kind === 'Role' ? 'roles' : 'clusterroles', name: ref.name, namespace });
    if (bind.allowed) return;
    const role = store.get(roleType, ref.kind === 'Role' ? namespace : undefined, ref.name);
    const missing = rulesOf(role).filter((rule) => {
      if (rule.nonResourceURLs) return !rule.nonResourceURLs.every((path) => rule.verbs.every((verb) => authorizer.authorize({ user, verb, path }).allowed));
      return !rule.verbs.every((verb) =>
        (rule.apiGroups ?? ['']).every((apiGroup) => (rule.resources ?? []).every((resource) => {
          const [res, sub] = resource.split('/');
          return authorizer.authorize({ user, verb, apiGroup, resource: res ?? resource, subresource: sub, namespace }).allowed;
        })),
      );
    });
    if (missing.length === 0) return;
    const type = kind === 'RoleBinding' ? K.RoleBinding : K.ClusterRoleBinding;
    const groups = user.groups.map((g) => JSON.stringify(g)).join(' ');
    throw errors.forbidden(
      `${qualifiedResource(type)} "${obj.metadata.name}" is forbidden: user "${user.username}" (groups=[${groups}]) is attempting to grant RBAC permissions not currently held:\n${missing.map(describeRule).join('\n')}`,
      type,
      obj.metadata.name,
    );
  };
  return {
    name: 'RBACEscalation',
    admitCreate(type, obj, ctx) {
      if (type.kind === 'RoleBinding' || type.kind === 'ClusterRoleBinding') check(type.kind, obj as BindingObject, ctx.user);
    },
    admitUpdate(type, obj, old, ctx) {
      if (type.kind !== 'RoleBinding' && type.kind !== 'ClusterRoleBinding') return;
      if (onlyGcFieldsChanged(obj as BindingObject, old as BindingObject)) return;
      check(type.kind, obj as BindingObject, ctx.user);
    },
  };
}
