// Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet): reads, scale, rollout restart, and
// the PodDisruptionBudgets that decide whether their pods may be evicted.
import 'server-only';
import { PatchStrategy, type V1Scale } from '@kubernetes/client-node';
import { type CallOptions, dryRunParam, FIELD_MANAGER, readCall, type RequestOptions, withPatchType, type WriteOptions, writeCall } from './call';
import type { ClusterConnection } from './connection';
import type { PodDisruptionBudgetDto, WorkloadDto, WorkloadKind } from './dto';
import { K8sError } from './errors';
import { podDisruptionBudgetDto, type WorkloadObject, workloadDto } from './to-dto-workloads';

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

function readWorkload(conn: ClusterConnection, kind: WorkloadKind, namespace: string, name: string, o: RequestOptions): Promise<WorkloadObject> {
  const params = { namespace, name };
  switch (kind) {
    case 'Deployment':
      return conn.apps.readNamespacedDeployment(params, o);
    case 'StatefulSet':
      return conn.apps.readNamespacedStatefulSet(params, o);
    case 'DaemonSet':
      return conn.apps.readNamespacedDaemonSet(params, o);
    case 'ReplicaSet':
      return conn.apps.readNamespacedReplicaSet(params, o);
  }
}

export async function getWorkload(conn: ClusterConnection, kind: WorkloadKind, namespace: string, name: string, options?: CallOptions): Promise<WorkloadDto> {
  const workload = await readCall(conn, `get ${kind} ${namespace}/${name}`, (o) => readWorkload(conn, kind, namespace, name, o), options);
  return workloadDto(kind, workload);
}

type ScalableKind = Exclude<WorkloadKind, 'DaemonSet'>;

function scaleApi(conn: ClusterConnection, kind: WorkloadKind) {
  const { apps } = conn;
  switch (kind) {
    case 'Deployment':
      return { read: apps.readNamespacedDeploymentScale.bind(apps), replace: apps.replaceNamespacedDeploymentScale.bind(apps) };
    case 'StatefulSet':
      return { read: apps.readNamespacedStatefulSetScale.bind(apps), replace: apps.replaceNamespacedStatefulSetScale.bind(apps) };
    case 'ReplicaSet':
      return { read: apps.readNamespacedReplicaSetScale.bind(apps), replace: apps.replaceNamespacedReplicaSetScale.bind(apps) };
    case 'DaemonSet':
      throw new K8sError('Invalid', 'A DaemonSet runs one pod on every eligible node and cannot be scaled; cordon or taint nodes, or delete it.', {
        reason: 'NotScalable',
        operation: 'scale DaemonSet',
      });
  }
}

export interface ScaleResult {
  kind: ScalableKind;
  namespace: string;
  name: string;
  /** What to scale back to on undo. */
  previousReplicas: number;
  replicas: number;
  dryRun: boolean;
}

/**
 * Sets replicas through the scale subresource. The update carries the resourceVersion it read, so
 * `previousReplicas` is exactly what was replaced (a concurrent change gives Conflict).
 */
export async function scaleWorkload(
  conn: ClusterConnection,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  replicas: number,
  options?: WriteOptions,
): Promise<ScaleResult> {
  const api = scaleApi(conn, kind);
  const operation = `scale ${kind} ${namespace}/${name} to ${replicas}`;
  const current: V1Scale = await readCall(conn, operation, (o) => api.read({ namespace, name }, o), options);
  const body: V1Scale = {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, resourceVersion: current.metadata?.resourceVersion },
    spec: { replicas },
  };
  const updated = await writeCall(conn, operation, (o) => api.replace({ namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER }, o), options);
  return {
    kind: kind as ScalableKind,
    namespace,
    name,
    previousReplicas: current.spec?.replicas ?? 0,
    replicas: updated.spec?.replicas ?? replicas,
    dryRun: options?.dryRun === true,
  };
}

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** kubectl rollout restart: a new pod-template annotation makes the controller replace every pod. */
export async function rolloutRestart(
  conn: ClusterConnection,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  options?: WriteOptions & { now?: Date },
): Promise<WorkloadDto> {
  const restartedAt = (options?.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } };
  const params = { namespace, name, body, dryRun: dryRunParam(options), fieldManager: FIELD_MANAGER };
  const operation = `restart ${kind} ${namespace}/${name}`;
  const workload = await writeCall(
    conn,
    operation,
    (o): Promise<WorkloadObject> => {
      const patch = withPatchType(o, PatchStrategy.StrategicMergePatch);
      switch (kind) {
        case 'Deployment':
          return conn.apps.patchNamespacedDeployment(params, patch);
        case 'StatefulSet':
          return conn.apps.patchNamespacedStatefulSet(params, patch);
        case 'DaemonSet':
          return conn.apps.patchNamespacedDaemonSet(params, patch);
        case 'ReplicaSet':
          throw new K8sError('Invalid', 'A ReplicaSet has no rollout to restart; restart its Deployment or delete its pods.', { reason: 'NotRestartable', operation });
      }
    },
    options,
  );
  return workloadDto(kind, workload);
}

export async function listPodDisruptionBudgets(conn: ClusterConnection, namespace?: string, options?: CallOptions): Promise<PodDisruptionBudgetDto[]> {
  const list = await readCall(
    conn,
    `list poddisruptionbudgets${namespace ? ` in ${namespace}` : ''}`,
    (o) => (namespace ? conn.policy.listNamespacedPodDisruptionBudget({ namespace }, o) : conn.policy.listPodDisruptionBudgetForAllNamespaces({}, o)),
    options,
  );
  return list.items.map(podDisruptionBudgetDto);
}
