import type { PolicyRule } from '../api/types.js';

export interface ResourceAttributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
}

/** rbac/v1 rule matching, as in k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go. */
export function ruleAllowsResource(rule: PolicyRule, attrs: ResourceAttributes): boolean {
  if (!matchesList(rule.verbs, attrs.verb)) return false;
  if (!matchesList(rule.apiGroups ?? [], attrs.apiGroup)) return false;
  if (!resourceMatches(rule.resources ?? [], attrs.resource, attrs.subresource)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (attrs.name !== undefined && attrs.name !== '' && names.includes(attrs.name));
}

export function ruleAllowsNonResource(rule: PolicyRule, verb: string, path: string): boolean {
  if (!matchesList(rule.verbs, verb)) return false;
  return (rule.nonResourceURLs ?? []).some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

function matchesList(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function resourceMatches(ruleResources: readonly string[], resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of ruleResources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}
