import type { AuditEvent } from '../audit/types.js';
import type { FalcoEvent } from './falco-event.js';
import { k8sAuditEvent } from './falco-event.js';
import type { FalcoRule } from './rules.js';
import { ALLOWED_K8S_USERS, RULES } from './rules.js';

const HOSTNAME = 'falco-k8saudit-5c9d7b8f6d-q4x2m';

/**
 * The k8saudit ruleset (falcosecurity/plugins k8s_audit_rules.yaml) for the rules the demo needs,
 * evaluated on the simulated API server's audit events: stage, verb, target and response code
 * follow the rules' conditions.
 */
export function k8sAuditDetections(e: AuditEvent, uuid: () => string): FalcoEvent[] {
  const out: FalcoEvent[] = [];
  const user = e.user.username ?? '<NA>';
  const ref = e.objectRef ?? {};
  const code = String((e.responseStatus as { code?: number } | undefined)?.code ?? '');
  const ok = code.startsWith('2');
  const decision = e.annotations?.['authorization.k8s.io/decision'] ?? '<NA>';
  const reason = e.annotations?.['authorization.k8s.io/reason'] ?? '<NA>';
  const base = {
    'ka.user.name': user,
    'ka.verb': e.verb,
    'ka.uri': e.requestURI,
    'ka.target.name': ref.name ?? null,
    'ka.target.namespace': ref.namespace ?? null,
    'ka.target.resource': ref.resource ?? null,
    'ka.response.code': code,
    'ka.auth.decision': decision,
    'ka.auth.reason': reason,
  };
  const raise = (rule: FalcoRule, details: string, extra: Record<string, string | number | null> = {}) => out.push(k8sAuditEvent(rule, details, { ...base, ...extra }, uuid(), HOSTNAME));
  const activity = e.stage === 'ResponseComplete';

  if (e.stage === 'ResponseStarted' && ref.resource === 'pods' && (ref.subresource === 'exec' || ref.subresource === 'attach') && (e.verb === 'create' || e.verb === 'get')) {
    const command = new URL(e.requestURI, 'http://x').searchParams.getAll('command').join(' ');
    raise(RULES.attachExec, `user=${user} pod=${ref.name} resource=pods ns=${ref.namespace} action=${ref.subresource} command=${command}`, { 'ka.target.subresource': ref.subresource, 'ka.uri.param[command]': command });
  }
  if (!activity || !user || user === '<NA>') return out;
  if (!user.startsWith('system:') && !ALLOWED_K8S_USERS.has(user)) {
    raise(RULES.disallowedUser, `user=${user} target=${ref.name ?? '<NA>'}/${ref.resource ?? '<NA>'} verb=${e.verb} uri=${e.requestURI} resp=${code}`);
  }
  const request = (e.requestObject ?? {}) as { roleRef?: { name?: string }; subjects?: unknown[]; spec?: { type?: string; ports?: unknown[] } };
  if (ref.resource === 'clusterrolebindings' && e.verb === 'create') {
    const subjects = JSON.stringify(request.subjects ?? []);
    if (request.roleRef?.name === 'cluster-admin') raise(RULES.clusterAdminBinding, `user=${user} subject=${subjects}`, { 'ka.req.binding.subjects': subjects, 'ka.req.binding.role': 'cluster-admin' });
    if (ok) raise(RULES.clusterRoleBindingCreated, `user=${user} binding=${ref.name} resource=clusterrolebindings subjects=${subjects} role=${request.roleRef?.name ?? ''} resp=${code} decision=${decision} reason=${reason}`, { 'ka.req.binding.subjects': subjects, 'ka.req.binding.role': request.roleRef?.name ?? null });
  }
  if (ref.resource === 'secrets' && e.verb === 'get' && !ref.subresource) {
    const details = `user=${user} secret=${ref.name} ns=${ref.namespace} resource=secrets resp=${code} decision=${decision} reason=${reason}`;
    raise(ok ? RULES.secretGet : RULES.secretGetFailed, details);
  }
  if (ref.resource === 'services' && e.verb === 'create' && !ref.subresource) {
    if (request.spec?.type === 'NodePort') raise(RULES.nodePortService, `user=${user} service=${ref.name} resource=services ns=${ref.namespace} ports=${JSON.stringify(request.spec.ports ?? [])}`, { 'ka.req.service.type': 'NodePort' });
    if (ok) raise(RULES.serviceCreated, `user=${user} service=${ref.name} ns=${ref.namespace} resource=services resp=${code} decision=${decision} reason=${reason}`, { 'ka.req.service.type': request.spec?.type ?? 'ClusterIP' });
  }
  if (ref.resource === 'deployments' && e.verb === 'create' && ok && !ref.subresource) {
    raise(RULES.deploymentCreated, `user=${user} deployment=${ref.name} ns=${ref.namespace} resource=deployments resp=${code} decision=${decision} reason=${reason}`);
  }
  return out;
}
