// The rules behind a node's state badges, as pure functions over inventory summaries: exposure to
// the internet, wide service accounts, images from untrusted registries, severity order.
import type { Severity } from '../db/generated/enums';
import { imageSource } from '../detections/images';
import type { BindingSummary, ClusterRoleSummary, ServiceSummary } from '../inventory/summarize';

export const SEVERITY_ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function maxSeverity(a: Severity | null, b: Severity | null): Severity | null {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}

/** A Service selector selects pods carrying every one of its labels; an empty one selects none. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export interface ExposingService {
  namespace: string;
  name: string;
  summary: Pick<ServiceSummary, 'type' | 'selector' | 'externalIPs' | 'loadBalancer'>;
}

export interface ExposingIngress {
  namespace: string;
  name: string;
  hosts: string[];
  backends: string[];
}

/**
 * How the internet reaches pods with these labels: LoadBalancer and NodePort Services, Services
 * with external IPs, and Ingresses whose backend is a Service selecting them.
 */
export function exposureOf(namespace: string, podLabels: Record<string, string>, services: readonly ExposingService[], ingresses: readonly ExposingIngress[]): string[] {
  const out: string[] = [];
  const selecting = services.filter((s) => s.namespace === namespace && selects(s.summary.selector, podLabels));
  for (const s of selecting) {
    if (s.summary.type === 'LoadBalancer' || s.summary.type === 'NodePort') out.push(`${s.summary.type} Service ${s.namespace}/${s.name}`);
    else if (s.summary.externalIPs.length > 0) out.push(`Service ${s.namespace}/${s.name} on external IP ${s.summary.externalIPs.join(', ')}`);
  }
  const names = new Set(selecting.map((s) => s.name));
  for (const ingress of ingresses) {
    if (ingress.namespace !== namespace || !ingress.backends.some((b) => names.has(b))) continue;
    out.push(ingress.hosts.length > 0 ? `Ingress ${ingress.hosts.join(', ')}` : `Ingress ${ingress.namespace}/${ingress.name}`);
  }
  return [...new Set(out)];
}

/** ClusterRoles that amount to the whole cluster whatever their rules say. */
const WIDE_ROLES = new Set(['cluster-admin', 'admin', 'edit']);

export interface ClusterBinding {
  name: string;
  summary: Pick<BindingSummary, 'roleRef' | 'subjects'>;
  role: Pick<ClusterRoleSummary, 'wildcardVerbs' | 'escalation'> | null;
}

/**
 * Service accounts bound cluster-wide (ClusterRoleBinding) to a powerful ClusterRole: cluster-admin,
 * admin or edit, any rule granting every verb (`*`), or the verbs that lead to any right (bind,
 * escalate, impersonate). Also through the groups `system:serviceaccounts` and
 * `system:serviceaccounts:<ns>`. Returns "ns/name" (or "ns/*", "*") → why.
 */
export function wideServiceAccounts(bindings: readonly ClusterBinding[]): (namespace: string, serviceAccount: string) => string | null {
  const byAccount = new Map<string, string>();
  for (const b of bindings) {
    if (b.summary.roleRef.kind !== 'ClusterRole') continue;
    const role = b.summary.roleRef.name;
    const why = WIDE_ROLES.has(role)
      ? role
      : b.role?.wildcardVerbs
        ? `${role}: every verb`
        : b.role && b.role.escalation.length > 0
          ? `${role}: ${b.role.escalation.join(', ')}`
          : null;
    if (!why) continue;
    for (const s of b.summary.subjects) {
      let key: string | null = null;
      if (s.kind === 'ServiceAccount' && s.namespace) key = `${s.namespace}/${s.name}`;
      else if (s.kind === 'Group' && s.name === 'system:serviceaccounts') key = '*';
      else if (s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:')) key = `${s.name.slice('system:serviceaccounts:'.length)}/*`;
      if (key && !byAccount.has(key)) byAccount.set(key, `ClusterRoleBinding ${b.name} → ${why}`);
    }
  }
  return (namespace, serviceAccount) => {
    const why = byAccount.get(`${namespace}/${serviceAccount}`) ?? byAccount.get(`${namespace}/*`) ?? byAccount.get('*');
    return why ? `${namespace}/${serviceAccount} (${why})` : null;
  };
}

/** Registries (as `imageSource` names them) not covered by the trusted list; entries match by prefix. */
export function unknownRegistries(images: readonly string[], trusted: readonly string[]): string[] {
  const out = new Set<string>();
  for (const image of images) {
    const source = imageSource(image);
    if (!trusted.some((t) => source === t || source.startsWith(`${t}/`))) out.add(source);
  }
  return [...out];
}
