// Detections over Kubernetes audit events. Stateless rules become alerts at once; rules that need
// history ("never seen before") become baseline checks the ingest writer resolves against the
// `baseline` table inside its transaction.
import type { Severity } from '../db/generated/enums';
import { auditTime, redactAuditEvent, serviceAccountOf, type AuditEvent } from '../ingest/sources/k8s-audit';
import { clip, emptyAlert, type NormalizedAlert } from '../ingest/normalized';
import { imageSource, imagesIn } from './images';

export interface DetectionSettings {
  /** Identities allowed to deploy workloads (CD pipelines); wildcards with a trailing `*`. */
  deployerIdentities: string[];
  /** Identities whose changes are never flagged (Cordon's own cluster identity, controllers). */
  trustedIdentities: string[];
}

export type BaselineKind = 'sa_secret_read' | 'image_source' | 'principal' | 'egress';

/** "Alert if this fact has never been seen in this cluster" — resolved by the writer. */
export interface BaselineCheck {
  kind: BaselineKind;
  subject: string;
  object: string;
  alert: NormalizedAlert;
  /** Learn the fact without alerting (controllers and trusted identities). */
  learnOnly?: boolean;
}

export interface AuditDetectionResult {
  alerts: NormalizedAlert[];
  baselineChecks: BaselineCheck[];
}

const WORKLOAD_RESOURCES = new Set(['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'pods']);
const WIDE_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'system:masters']);
const SYSTEM_PREFIXES = ['system:kube-', 'system:node:', 'system:apiserver', 'system:serviceaccount:kube-system:'];

export function matchesIdentity(username: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? username.startsWith(p.slice(0, -1)) : username === p));
}

function isSystemIdentity(username: string): boolean {
  return SYSTEM_PREFIXES.some((prefix) => username.startsWith(prefix));
}

function allowed(event: AuditEvent): boolean {
  const code = event.responseStatus?.code;
  if (event.annotations?.['authorization.k8s.io/decision'] === 'forbid') return false;
  return code === undefined || code < 400;
}

function base(event: AuditEvent, id: string, rule: string, title: string, severity: Severity, techniques: string[], receivedAt: Date) {
  const safe = redactAuditEvent(event);
  const alert = emptyAlert({
    source: 'k8s_audit',
    sourceEventId: `${event.auditID}:${id}`,
    rule,
    title: clip(title, 300) ?? rule,
    severity,
    occurredAt: auditTime(event, receivedAt),
    raw: safe,
  });
  alert.principal = event.user.username || null;
  alert.namespace = event.objectRef?.namespace ?? null;
  alert.techniques = techniques;
  alert.tags = ['k8s_audit', id];
  alert.fields = {
    verb: event.verb,
    requestURI: event.requestURI,
    user: event.user.username,
    groups: event.user.groups ?? [],
    sourceIPs: event.sourceIPs ?? [],
    userAgent: event.userAgent ?? null,
    objectRef: event.objectRef ?? null,
    responseCode: event.responseStatus?.code ?? null,
    decision: event.annotations?.['authorization.k8s.io/decision'] ?? null,
    reason: event.annotations?.['authorization.k8s.io/reason'] ?? null,
  };
  return alert;
}

export function detectInAuditEvent(event: AuditEvent, settings: DetectionSettings, receivedAt: Date): AuditDetectionResult {
  const result: AuditDetectionResult = { alerts: [], baselineChecks: [] };
  const user = event.user.username;
  const ref = event.objectRef ?? {};
  const trusted = matchesIdentity(user, settings.trustedIdentities);
  const ok = allowed(event);

  // Exec / attach / port-forward into a pod (kubectl ≥1.30 upgrades with GET, older with POST).
  if (ref.resource === 'pods' && ['exec', 'attach', 'portforward'].includes(ref.subresource ?? '') && !trusted) {
    const verb = ref.subresource === 'exec' ? 'exec' : ref.subresource === 'attach' ? 'attach' : 'port-forward';
    const command = new URLSearchParams(event.requestURI.split('?')[1] ?? '').getAll('command').join(' ');
    const alert = base(
      event,
      `pod-${verb}`,
      ok ? `Kubernetes ${verb} into pod` : `Denied ${verb} into pod`,
      ok
        ? `${user} ran ${verb} in ${ref.namespace}/${ref.name}${command ? ` (command: ${command})` : ''}`
        : `${user} was refused ${verb} in ${ref.namespace}/${ref.name}`,
      ok ? 'high' : 'low',
      ['T1609', 'MS-TA9006'],
      receivedAt,
    );
    alert.pod = ref.name ?? null;
    alert.process = command || null;
    alert.detail = `${user}|${command}`;
    result.alerts.push(alert);
  }

  // A (Cluster)RoleBinding that grants wide rights.
  if ((ref.resource === 'clusterrolebindings' || ref.resource === 'rolebindings') && ['create', 'update', 'patch'].includes(event.verb) && ok && !trusted) {
    const binding = event.requestObject as { roleRef?: { name?: string; kind?: string }; subjects?: { kind?: string; name?: string; namespace?: string }[]; metadata?: { name?: string } } | undefined;
    const role = binding?.roleRef?.name ?? '';
    if (WIDE_ROLES.has(role)) {
      const subjects = binding?.subjects ?? [];
      const sa = subjects.find((s) => s.kind === 'ServiceAccount');
      const subject = sa ? `system:serviceaccount:${sa.namespace ?? ref.namespace ?? 'default'}:${sa.name}` : (subjects[0]?.name ?? 'unknown');
      const clusterWide = ref.resource === 'clusterrolebindings';
      const alert = base(
        event,
        'rbac-wide-grant',
        clusterWide && role === 'cluster-admin' ? 'ClusterRoleBinding to cluster-admin' : 'RoleBinding granting wide rights',
        `${user} bound ${role} to ${subject}${clusterWide ? ' cluster-wide' : ` in ${ref.namespace}`} (${binding?.metadata?.name ?? ref.name ?? 'binding'})`,
        clusterWide && role === 'cluster-admin' ? 'critical' : 'high',
        ['T1098.006', 'MS-TA9019'],
        receivedAt,
      );
      // The grantee is what the incident is about: its later actions correlate with this one.
      alert.principal = subject;
      alert.namespace = sa?.namespace ?? ref.namespace ?? null;
      alert.fields.grantedBy = user;
      alert.detail = `${subject}|${role}`;
      result.alerts.push(alert);
    }
  }

  // Secret reads by a service account that never read that secret before.
  const sa = serviceAccountOf(user);
  if (ref.resource === 'secrets' && ['get', 'list', 'watch'].includes(event.verb) && sa && ok && !trusted && !isSystemIdentity(user)) {
    const object = `${ref.namespace ?? '*'}/${ref.name ?? '*'}`;
    const alert = base(
      event,
      'sa-secret-read',
      'Secret read by a service account for the first time',
      `${user} ${event.verb === 'get' ? 'read' : event.verb} secret ${object}, which it never accessed before`,
      ref.namespace && ref.namespace !== sa.namespace ? 'high' : 'medium',
      ['T1552.007', 'MS-TA9025'],
      receivedAt,
    );
    alert.namespace = sa.namespace;
    alert.detail = object;
    result.baselineChecks.push({ kind: 'sa_secret_read', subject: user, object, alert });
  }

  // Anonymous requests, and identities never seen before.
  if (user === 'system:anonymous' || event.user.groups?.includes('system:unauthenticated')) {
    const alert = base(
      event,
      'anonymous-request',
      ok ? 'Anonymous request allowed' : 'Anonymous request refused',
      `Anonymous ${event.verb} ${event.requestURI.split('?')[0]} from ${(event.sourceIPs ?? []).join(', ') || 'unknown address'}`,
      ok ? 'critical' : 'low',
      ['T1078.001'],
      receivedAt,
    );
    alert.detail = `${event.verb}|${ref.resource ?? event.requestURI.split('?')[0]}`;
    result.alerts.push(alert);
  } else if (user && !user.startsWith('system:') && !trusted) {
    const alert = base(
      event,
      'unknown-principal',
      'Request by an identity never seen before',
      `${user} made its first request to the cluster: ${event.verb} ${ref.resource ?? event.requestURI.split('?')[0]}${ref.name ? ` ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : ''}`,
      'medium',
      ['T1078'],
      receivedAt,
    );
    alert.detail = user;
    result.baselineChecks.push({ kind: 'principal', subject: 'cluster', object: user, alert });
  }

  // Workloads: images from sources never seen before, and deployments outside the CD pipeline.
  if (WORKLOAD_RESOURCES.has(ref.resource ?? '') && !ref.subresource && ['create', 'update', 'patch'].includes(event.verb) && ok) {
    const images = imagesIn(event.requestObject);
    const controller = isSystemIdentity(user);
    for (const image of images) {
      const sourceName = imageSource(image);
      const alert = base(
        event,
        `new-image-source:${sourceName}`,
        'Workload from a registry never seen before',
        `${user} deployed ${image} in ${ref.namespace}/${ref.name ?? '(new)'}; ${sourceName} was never used in this cluster`,
        'high',
        ['T1204.003', 'MS-TA9002'],
        receivedAt,
      );
      setWorkload(alert, ref, nameOf(event.requestObject));
      alert.image = image;
      alert.detail = sourceName;
      result.baselineChecks.push({ kind: 'image_source', subject: 'cluster', object: sourceName, alert, learnOnly: trusted || controller });
    }
    const deployer = matchesIdentity(user, settings.deployerIdentities);
    if (!trusted && !controller && !deployer && (event.verb === 'create' || images.length > 0)) {
      const alert = base(
        event,
        'out-of-band-deployment',
        'Workload deployed outside the CD pipeline',
        `${user} ${event.verb === 'create' ? 'created' : 'changed the images of'} ${ref.resource} ${ref.namespace}/${ref.name ?? nameOf(event.requestObject) ?? '(new)'}, not a configured deployer identity`,
        'medium',
        ['T1610', 'MS-TA9008'],
        receivedAt,
      );
      setWorkload(alert, ref, nameOf(event.requestObject));
      alert.image = images[0] ?? null;
      alert.detail = user;
      result.alerts.push(alert);
    }
  }

  // New public exposure: LoadBalancer/NodePort services and ingresses.
  if (['services', 'ingresses'].includes(ref.resource ?? '') && ['create', 'update', 'patch'].includes(event.verb) && ok && !trusted) {
    const object = event.requestObject as { spec?: { type?: string } } | undefined;
    const type = object?.spec?.type;
    const exposed = ref.resource === 'ingresses' ? event.verb === 'create' : type === 'LoadBalancer' || type === 'NodePort';
    if (exposed) {
      const name = ref.name ?? nameOf(event.requestObject) ?? '(new)';
      const alert = base(
        event,
        'public-exposure',
        ref.resource === 'ingresses' ? 'New Ingress exposes a service' : `Service exposed as ${type}`,
        `${user} exposed ${ref.namespace}/${name} ${ref.resource === 'ingresses' ? 'through a new Ingress' : `as a ${type} service`}`,
        type === 'LoadBalancer' ? 'high' : 'medium',
        ['T1133', 'MS-TA9005'],
        receivedAt,
      );
      alert.workloadKind = ref.resource === 'ingresses' ? 'Ingress' : 'Service';
      alert.workload = name;
      alert.detail = `${ref.resource}|${type ?? ''}`;
      result.alerts.push(alert);
    }
  }
  return result;
}

const KIND_OF_RESOURCE: Record<string, string> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

function nameOf(object: unknown): string | null {
  const metadata = (object as { metadata?: { name?: unknown } } | undefined)?.metadata;
  return typeof metadata?.name === 'string' ? metadata.name : null;
}

function setWorkload(alert: NormalizedAlert, ref: { resource?: string; name?: string }, fallbackName?: string | null) {
  const name = ref.name ?? fallbackName ?? null;
  if (ref.resource === 'pods') alert.pod = name;
  else if (ref.resource && KIND_OF_RESOURCE[ref.resource]) {
    alert.workloadKind = KIND_OF_RESOURCE[ref.resource]!;
    alert.workload = name;
  }
}
