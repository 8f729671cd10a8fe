import type { Container, KubeObject, PodSpec, Toleration } from './types.js';
import { isPlainObject } from '../util/json.js';

/**
 * Field defaulting the API server applies on every write (SetDefaults_* in k8s.io/kubernetes),
 * limited to the fields clients and the console look at.
 */
export function applyDefaults(kind: string, obj: KubeObject): void {
  switch (kind) {
    case 'Pod':
      defaultPodSpec(obj.spec as PodSpec, true);
      obj.status ??= { phase: 'Pending', qosClass: qosClass((obj.spec as PodSpec).containers) };
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      defaultWorkload(kind, obj);
      break;
    case 'Service':
      defaultService(obj);
      break;
    case 'Namespace':
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name as string };
      obj.spec = { finalizers: ['kubernetes'], ...(isPlainObject(obj.spec) ? obj.spec : {}) };
      obj.status ??= { phase: 'Active' };
      break;
    case 'Secret':
      defaultSecret(obj);
      break;
    case 'NetworkPolicy':
      defaultNetworkPolicy(obj);
      break;
    case 'Node':
      if (isPlainObject(obj.spec) && obj.spec.unschedulable === false) delete obj.spec.unschedulable;
      break;
    case 'PersistentVolumeClaim':
      // No provisioner: a claim stays Pending, as on a cluster without a matching storage class.
      if (isPlainObject(obj.spec)) obj.spec.volumeMode ??= 'Filesystem';
      obj.status ??= { phase: 'Pending' };
      break;
    case 'PodDisruptionBudget':
      obj.status ??= { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0, observedGeneration: 0 };
      break;
  }
}

export function defaultPodSpec(spec: PodSpec | undefined, isPod: boolean): void {
  if (!spec || !Array.isArray(spec.containers)) return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  if (isPod) {
    spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
    spec.serviceAccount = spec.serviceAccountName;
    spec.enableServiceLinks ??= true;
    spec.priority ??= 0;
    spec.preemptionPolicy ??= 'PreemptLowerPriority';
    spec.tolerations = withDefaultTolerations(spec.tolerations);
  }
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) defaultContainer(c);
}

function defaultContainer(c: Container): void {
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tag = c.image.includes('@') ? 'digest' : (c.image.split('/').pop() ?? '').split(':')[1];
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

/** The DefaultTolerationSeconds admission plugin adds these to every pod. */
function withDefaultTolerations(existing: Toleration[] | undefined): Toleration[] {
  const out = [...(existing ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!out.some((t) => t.key === key && (t.effect === 'NoExecute' || t.effect === undefined))) {
      out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  return out;
}

export function qosClass(containers: Container[] | undefined): string {
  const all = containers ?? [];
  const hasAny = all.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!hasAny) return 'BestEffort';
  const guaranteed = all.every((c) => {
    const { requests = {}, limits = {} } = c.resources ?? {};
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && (requests[r] === undefined || requests[r] === limits[r]));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultWorkload(kind: string, obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Record<string, unknown>;
  if (kind !== 'DaemonSet') spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  if (kind === 'Deployment') {
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
    spec.progressDeadlineSeconds ??= 600;
  }
  if (kind === 'StatefulSet') {
    spec.podManagementPolicy ??= 'OrderedReady';
    spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  }
  if (kind === 'DaemonSet') spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
  const template = spec.template as { metadata?: Record<string, unknown>; spec?: PodSpec } | undefined;
  if (template) {
    template.metadata ??= {};
    defaultPodSpec(template.spec, false);
  }
  obj.status ??= {};
}

function defaultService(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as Record<string, unknown>;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  for (const p of (spec.ports as Record<string, unknown>[] | undefined) ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  obj.status ??= { loadBalancer: {} };
}

function defaultSecret(obj: KubeObject): void {
  obj.type ??= 'Opaque';
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (stringData) {
    const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v).toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
}

function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return;
  if (spec.policyTypes === undefined) {
    const types = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
    spec.policyTypes = types;
  }
  for (const rule of [...((spec.ingress as Record<string, unknown>[]) ?? []), ...((spec.egress as Record<string, unknown>[]) ?? [])]) {
    for (const p of (rule.ports as Record<string, unknown>[] | undefined) ?? []) p.protocol ??= 'TCP';
  }
}
