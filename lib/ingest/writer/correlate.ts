// Correlation rules: which incident an alert belongs to, and how that decision is explained.
// Alerts group by the entity they are about — a workload (cluster + namespace + workload), else a
// pod, a service account or user, a node — within the correlation window.
import type { EntityKind } from '../../db/generated/enums';
import type { NormalizedAlert } from '../normalized';

export type CorrelationScope = 'workload' | 'pod' | 'principal' | 'node' | 'namespace' | 'cluster';

export interface Correlation {
  key: string;
  scope: CorrelationScope;
  /** Human description of the entity: "workload shop/Deployment/frontend". */
  subject: string;
  /** `<entity kind>|<entity key>` of the entity the incident is about. */
  primaryEntity: string;
}

export function correlate(alert: NormalizedAlert, clusterId: string): Correlation {
  if (alert.workload && alert.namespace) {
    const entity = `${alert.namespace}/${alert.workloadKind ?? 'Workload'}/${alert.workload}`;
    return { key: `${clusterId}|workload|${entity}`, scope: 'workload', subject: `workload ${entity}`, primaryEntity: `workload|${entity}` };
  }
  if (alert.pod && alert.namespace) {
    const entity = `${alert.namespace}/${alert.pod}`;
    return { key: `${clusterId}|pod|${entity}`, scope: 'pod', subject: `pod ${entity}`, primaryEntity: `pod|${entity}` };
  }
  // Falco's syscall alerts carry no identity; its k8s_audit alerts and audit detections do.
  if (alert.principal) {
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(alert.principal);
    return {
      key: `${clusterId}|principal|${alert.principal}`,
      scope: 'principal',
      subject: `identity ${alert.principal}`,
      primaryEntity: sa ? `service_account|${sa[1]}/${sa[2]}` : `user|${alert.principal}`,
    };
  }
  if (alert.node) {
    return { key: `${clusterId}|node|${alert.node}`, scope: 'node', subject: `node ${alert.node}`, primaryEntity: `node|${alert.node}` };
  }
  if (alert.namespace) {
    return {
      key: `${clusterId}|namespace|${alert.namespace}`,
      scope: 'namespace',
      subject: `namespace ${alert.namespace}`,
      primaryEntity: `namespace|${alert.namespace}`,
    };
  }
  return { key: `${clusterId}|cluster|${alert.rule}`, scope: 'cluster', subject: `rule "${alert.rule}" across the cluster`, primaryEntity: '' };
}

export function incidentTitle(alert: NormalizedAlert, correlation: Correlation): string {
  const where =
    correlation.scope === 'workload'
      ? `${alert.namespace}/${alert.workload}`
      : correlation.scope === 'pod'
        ? `${alert.namespace}/${alert.pod}`
        : correlation.scope === 'principal'
          ? alert.principal
          : correlation.scope === 'node'
            ? `node ${alert.node}`
            : correlation.scope === 'namespace'
              ? `namespace ${alert.namespace}`
              : 'the cluster';
  return `${alert.rule} — ${where}`.slice(0, 300);
}

export interface EntityRef {
  kind: EntityKind;
  key: string;
  name: string;
  namespace: string | null;
}

/** The entities an alert names: shown on the incident and linked to the map. */
export function entitiesOf(alert: NormalizedAlert): EntityRef[] {
  const out: EntityRef[] = [];
  const ns = alert.namespace;
  if (ns) out.push({ kind: 'namespace', key: ns, name: ns, namespace: ns });
  if (ns && alert.workload) {
    out.push({ kind: 'workload', key: `${ns}/${alert.workloadKind ?? 'Workload'}/${alert.workload}`, name: alert.workload, namespace: ns });
  }
  if (ns && alert.pod) out.push({ kind: 'pod', key: `${ns}/${alert.pod}`, name: alert.pod, namespace: ns });
  if (alert.node) out.push({ kind: 'node', key: alert.node, name: alert.node, namespace: null });
  // Falco's syscall alerts carry no identity; its k8s_audit alerts and audit detections do.
  if (alert.principal) {
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(alert.principal);
    out.push(
      sa
        ? { kind: 'service_account', key: `${sa[1]}/${sa[2]}`, name: sa[2]!, namespace: sa[1]! }
        : { kind: 'user', key: alert.principal, name: alert.principal, namespace: null },
    );
  }
  if (alert.image) out.push({ kind: 'image', key: alert.image, name: alert.image, namespace: null });
  if (alert.dstName) out.push({ kind: 'domain', key: alert.dstName, name: alert.dstName, namespace: null });
  else if (alert.dstIp && !isPrivateAddress(alert.dstIp)) out.push({ kind: 'ip', key: alert.dstIp, name: alert.dstIp, namespace: null });
  return out;
}

export function isPrivateAddress(ip: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|::1$|fd|fc)/.test(ip);
}
