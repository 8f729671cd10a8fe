import { resourceTypeForKind } from '../api/resources.js';
import type { BindingObject, PolicyRule, StoredObject, Subject, UserInfo } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import type { ResourceAttributes } from './rule-matching.js';
import { ruleAllowsNonResource, ruleAllowsResource } from './rule-matching.js';

export interface AuthorizationRequest extends Partial<ResourceAttributes> {
  user: UserInfo;
  verb: string;
  namespace?: string;
  /** Set for non-resource requests such as /version or /healthz. */
  path?: string;
}

export interface Decision {
  allowed: boolean;
  /** What the audit annotation `authorization.k8s.io/reason` says. */
  reason: string;
}

const ROLES = resourceTypeForKind('Role');
const CLUSTER_ROLES = resourceTypeForKind('ClusterRole');
const ROLE_BINDINGS = resourceTypeForKind('RoleBinding');
const CLUSTER_ROLE_BINDINGS = resourceTypeForKind('ClusterRoleBinding');

/**
 * Real RBAC evaluation over the Roles, ClusterRoles and bindings in the store, plus the
 * `system:masters` superuser group. Used by every request and by SelfSubjectAccessReview.
 */
export class RbacAuthorizer {
  constructor(private readonly store: ObjectStore) {}

  authorize(req: AuthorizationRequest): Decision {
    if (req.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
    const matches = (rule: PolicyRule) =>
      req.path !== undefined
        ? ruleAllowsNonResource(rule, req.verb, req.path)
        : ruleAllowsResource(rule, {
            verb: req.verb,
            apiGroup: req.apiGroup ?? '',
            resource: req.resource ?? '',
            subresource: req.subresource,
            name: req.name,
          });

    for (const binding of this.store.list(CLUSTER_ROLE_BINDINGS) as BindingObject[]) {
      const subject = matchingSubject(binding.subjects, req.user, undefined);
      if (!subject) continue;
      const role = this.store.get(CLUSTER_ROLES, undefined, binding.roleRef.name);
      if (rulesOf(role).some(matches)) {
        return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${binding.metadata.name}" of ClusterRole "${binding.roleRef.name}" to ${describe(subject)}` };
      }
    }
    if (req.namespace && req.path === undefined) {
      for (const binding of this.store.list(ROLE_BINDINGS, req.namespace) as BindingObject[]) {
        const subject = matchingSubject(binding.subjects, req.user, req.namespace);
        if (!subject) continue;
        const role = binding.roleRef.kind === 'Role' ? this.store.get(ROLES, req.namespace, binding.roleRef.name) : this.store.get(CLUSTER_ROLES, undefined, binding.roleRef.name);
        if (rulesOf(role).some(matches)) {
          return {
            allowed: true,
            reason: `RBAC: allowed by RoleBinding "${binding.metadata.name}/${req.namespace}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describe(subject)}`,
          };
        }
      }
    }
    return { allowed: false, reason: '' };
  }

  /** The message a real API server puts in a 403 for this request. */
  static forbiddenMessage(req: AuthorizationRequest): string {
    const who = `User "${req.user.username}"`;
    if (req.path !== undefined) return `forbidden: ${who} cannot ${req.verb} path "${req.path}"`;
    const resource = req.subresource ? `${req.resource}/${req.subresource}` : (req.resource ?? '');
    const subject = req.name ? `${qualified(req)} "${req.name}" is forbidden` : `${qualified(req)} is forbidden`;
    const scope = req.namespace ? `in the namespace "${req.namespace}"` : 'at the cluster scope';
    return `${subject}: ${who} cannot ${req.verb} resource "${resource}" in API group "${req.apiGroup ?? ''}" ${scope}`;
  }
}

export function rulesOf(role: StoredObject | undefined): PolicyRule[] {
  return (role?.rules as PolicyRule[] | undefined) ?? [];
}

function qualified(req: AuthorizationRequest): string {
  const resource = req.subresource ? `${req.resource}` : (req.resource ?? '');
  return req.apiGroup ? `${resource}.${req.apiGroup}` : resource;
}

function matchingSubject(subjects: Subject[] | undefined, user: UserInfo, bindingNamespace: string | undefined): Subject | undefined {
  return (subjects ?? []).find((s) => {
    if (s.kind === 'User') return s.name === user.username;
    if (s.kind === 'Group') return user.groups.includes(s.name);
    if (s.kind === 'ServiceAccount') return user.username === `system:serviceaccount:${s.namespace ?? bindingNamespace}:${s.name}`;
    return false;
  });
}

function describe(subject: Subject): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount "${subject.name}/${subject.namespace}"`;
  return `${subject.kind} "${subject.name}"`;
}
