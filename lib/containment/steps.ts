// The writes a containment action makes, as data. A plan is a list of steps; the same steps run
// with server-side dry-run for the preview and for real on execution, are replayed safely on a
// retry (a step already done counts as done), are verified by reading the cluster back, and their
// inverse is the undo.
import 'server-only';
import {
  cordonNode,
  createClusterRoleBinding,
  createNetworkPolicy,
  createRoleBinding,
  deleteClusterRoleBinding,
  deleteNetworkPolicy,
  deletePod,
  deleteRoleBinding,
  deleteSecret,
  evictPod,
  getBinding,
  getNode,
  getPod,
  getServiceAccount,
  getWorkload,
  isK8sError,
  labelNode,
  listNetworkPolicies,
  listPods,
  listSecrets,
  patchPodLabels,
  patchServiceAccountAutomount,
  removeSubjectFromBinding,
  rolloutRestart,
  scaleWorkload,
  taintNode,
  uncordonNode,
  untaintNode,
  type BindingManifest,
  type ClusterConnection,
  type NetworkPolicyInput,
  type SubjectDto,
  type TaintDto,
  type WorkloadKind,
} from '../k8s';

export type Step =
  | { op: 'createNetworkPolicy'; policy: NetworkPolicyInput }
  | { op: 'deleteNetworkPolicy'; namespace: string; name: string }
  | { op: 'patchPodLabels'; namespace: string; name: string; add?: Record<string, string>; remove?: string[] }
  | { op: 'cordonNode'; name: string }
  | { op: 'uncordonNode'; name: string }
  | { op: 'labelNode'; name: string; add?: Record<string, string>; remove?: string[] }
  | { op: 'taintNode'; name: string; taint: TaintDto }
  | { op: 'untaintNode'; name: string; key: string; effect?: string }
  /** `uid`: the pod planned for; a StatefulSet's replacement has the same name and another uid. */
  | { op: 'evictPod'; namespace: string; name: string; uid?: string }
  | { op: 'deletePod'; namespace: string; name: string; uid?: string }
  | { op: 'scaleWorkload'; kind: WorkloadKind; namespace: string; name: string; replicas: number }
  | { op: 'rolloutRestart'; kind: WorkloadKind; namespace: string; name: string }
  | { op: 'removeSubjectFromBinding'; kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace: string | null; name: string; subject: SubjectDto; backup: BindingManifest }
  | { op: 'deleteBinding'; kind: 'RoleBinding' | 'ClusterRoleBinding'; namespace: string | null; name: string; backup: BindingManifest }
  | { op: 'restoreBinding'; backup: BindingManifest }
  | { op: 'deleteSecret'; namespace: string; name: string }
  | { op: 'setAutomount'; namespace: string; name: string; automount: boolean | null };

export interface StepResult {
  step: Step;
  ok: boolean;
  /** Already in the wanted state (a retry, or nothing to do). */
  alreadyDone?: boolean;
  /** What the cluster said: a short description, or its error message. */
  message: string;
  /** What the undo needs from this step (e.g. the replicas before scaling). */
  undo?: Step[];
  errorKind?: string;
}

const describeTarget = (step: Step): string => {
  switch (step.op) {
    case 'createNetworkPolicy':
      return `NetworkPolicy ${step.policy.namespace}/${step.policy.name}`;
    case 'restoreBinding':
      return `${step.backup.kind} ${step.backup.metadata.namespace ? `${step.backup.metadata.namespace}/` : ''}${step.backup.metadata.name}`;
    case 'removeSubjectFromBinding':
    case 'deleteBinding':
      return `${step.kind} ${step.namespace ? `${step.namespace}/` : ''}${step.name}`;
    case 'scaleWorkload':
    case 'rolloutRestart':
      return `${step.kind} ${step.namespace}/${step.name}`;
    case 'cordonNode':
    case 'uncordonNode':
    case 'labelNode':
    case 'taintNode':
    case 'untaintNode':
      return `Node ${step.name}`;
    case 'setAutomount':
      return `ServiceAccount ${step.namespace}/${step.name}`;
    case 'deleteSecret':
      return `Secret ${step.namespace}/${step.name}`;
    default:
      return `Pod ${step.namespace}/${step.name}`;
  }
};

/** One line a person reads in the plan, e.g. "create NetworkPolicy shop/cordon-quarantine-x". */
export function describeStep(step: Step): string {
  const target = describeTarget(step);
  switch (step.op) {
    case 'createNetworkPolicy':
      return `create ${target} (${step.policy.policyTypes.join(' + ')}${step.policy.egress?.length ? `, ${step.policy.egress.length} egress allowance(s)` : ', deny all'})`;
    case 'deleteNetworkPolicy':
      return `delete NetworkPolicy ${step.namespace}/${step.name}`;
    case 'patchPodLabels':
    case 'labelNode':
      return `label ${target}: ${[...Object.entries(step.add ?? {}).map(([k, v]) => `+${k}=${v}`), ...(step.remove ?? []).map((k) => `-${k}`)].join(' ')}`;
    case 'cordonNode':
      return `cordon ${target} (spec.unschedulable = true)`;
    case 'uncordonNode':
      return `uncordon ${target}`;
    case 'taintNode':
      return `taint ${target} ${step.taint.key}${step.taint.value ? `=${step.taint.value}` : ''}:${step.taint.effect}`;
    case 'untaintNode':
      return `remove taint ${step.key} from ${target}`;
    case 'evictPod':
      return `evict ${target} (respects PodDisruptionBudgets)`;
    case 'deletePod':
      return `delete ${target}`;
    case 'scaleWorkload':
      return `scale ${target} to ${step.replicas}`;
    case 'rolloutRestart':
      return `rollout restart ${target} (new pods replace the current ones)`;
    case 'removeSubjectFromBinding':
      return `remove ${step.subject.kind} ${step.subject.namespace ? `${step.subject.namespace}/` : ''}${step.subject.name} from ${target}`;
    case 'deleteBinding':
      return `delete ${target} (its only subject)`;
    case 'restoreBinding':
      return `restore ${target} from the backup`;
    case 'deleteSecret':
      return `delete ${target} (token Secret)`;
    case 'setAutomount':
      return `set automountServiceAccountToken=${step.automount ?? 'unset'} on ${target}`;
  }
}

const ALREADY: Record<string, string[]> = {
  createNetworkPolicy: ['AlreadyExists'],
  restoreBinding: ['AlreadyExists'],
  deleteNetworkPolicy: ['NotFound'],
  deletePod: ['NotFound'],
  evictPod: ['NotFound'],
  deleteSecret: ['NotFound'],
  deleteBinding: ['NotFound'],
  untaintNode: ['NotFound'],
};

const EVICTION_RETRY_MS = 60_000;

/** Runs one step; `dryRun` sends it with dryRun=All (nothing is stored). */
export async function runStep(conn: ClusterConnection, step: Step, dryRun: boolean): Promise<StepResult> {
  const o = { dryRun };
  try {
    switch (step.op) {
      case 'createNetworkPolicy':
        await createNetworkPolicy(conn, step.policy, o);
        return { step, ok: true, message: `created ${describeTarget(step)}`, undo: [{ op: 'deleteNetworkPolicy', namespace: step.policy.namespace, name: step.policy.name }] };
      case 'deleteNetworkPolicy':
        await deleteNetworkPolicy(conn, step.namespace, step.name, o);
        return { step, ok: true, message: `deleted ${describeTarget(step)}` };
      case 'patchPodLabels':
        await patchPodLabels(conn, step.namespace, step.name, { add: step.add, remove: step.remove }, o);
        return { step, ok: true, message: describeStep(step), undo: [{ op: 'patchPodLabels', namespace: step.namespace, name: step.name, remove: Object.keys(step.add ?? {}) }] };
      case 'cordonNode': {
        const before = dryRun ? null : await getNode(conn, step.name);
        await cordonNode(conn, step.name, o);
        return { step, ok: true, alreadyDone: before?.unschedulable, message: `cordoned Node ${step.name}`, undo: before?.unschedulable ? [] : [{ op: 'uncordonNode', name: step.name }] };
      }
      case 'uncordonNode':
        await uncordonNode(conn, step.name, o);
        return { step, ok: true, message: `uncordoned Node ${step.name}` };
      case 'labelNode': {
        const before = await getNode(conn, step.name);
        await labelNode(conn, step.name, { add: step.add, remove: step.remove }, o);
        const restore: Record<string, string> = {};
        const drop: string[] = [];
        for (const key of Object.keys(step.add ?? {})) {
          if (before.labels[key] === undefined) drop.push(key);
          else restore[key] = before.labels[key];
        }
        for (const key of step.remove ?? []) if (before.labels[key] !== undefined) restore[key] = before.labels[key];
        return { step, ok: true, message: describeStep(step), undo: [{ op: 'labelNode', name: step.name, add: restore, remove: drop }] };
      }
      case 'taintNode': {
        const before = await getNode(conn, step.name);
        const present = before.taints.some((t) => t.key === step.taint.key && t.effect === step.taint.effect);
        if (!present) await taintNode(conn, step.name, step.taint, o);
        return { step, ok: true, alreadyDone: present, message: describeStep(step), undo: present ? [] : [{ op: 'untaintNode', name: step.name, key: step.taint.key, effect: step.taint.effect }] };
      }
      case 'untaintNode':
        await untaintNode(conn, step.name, { key: step.key, effect: step.effect }, o);
        return { step, ok: true, message: describeStep(step) };
      case 'evictPod': {
        // Like `kubectl drain`: an eviction a PodDisruptionBudget refuses (429) is retried while
        // replacements become ready elsewhere, up to a limit; then the refusal is the outcome.
        const deadline = Date.now() + (dryRun ? 0 : EVICTION_RETRY_MS);
        for (;;) {
          try {
            await evictPod(conn, step.namespace, step.name, o);
            return { step, ok: true, message: `evicted ${describeTarget(step)}` };
          } catch (error) {
            if (!isK8sError(error, 'TooManyRequests') || Date.now() >= deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, (error.retryAfterSeconds ?? 1) * 1_000)));
          }
        }
      }
      case 'deletePod':
        await deletePod(conn, step.namespace, step.name, o);
        return { step, ok: true, message: `deleted ${describeTarget(step)}` };
      case 'scaleWorkload': {
        const result = await scaleWorkload(conn, step.kind, step.namespace, step.name, step.replicas, o);
        return {
          step,
          ok: true,
          alreadyDone: result.previousReplicas === step.replicas,
          message: `scaled ${describeTarget(step)} from ${result.previousReplicas} to ${step.replicas}`,
          undo: result.previousReplicas === step.replicas ? [] : [{ op: 'scaleWorkload', kind: step.kind, namespace: step.namespace, name: step.name, replicas: result.previousReplicas }],
        };
      }
      case 'rolloutRestart':
        await rolloutRestart(conn, step.kind, step.namespace, step.name, o);
        return { step, ok: true, message: `restarted ${describeTarget(step)}` };
      case 'removeSubjectFromBinding':
        await removeSubjectFromBinding(conn, step.kind, step.namespace, step.name, step.subject, o);
        return { step, ok: true, message: describeStep(step), undo: [{ op: 'restoreBinding', backup: step.backup }] };
      case 'deleteBinding':
        if (step.kind === 'RoleBinding') await deleteRoleBinding(conn, step.namespace!, step.name, o);
        else await deleteClusterRoleBinding(conn, step.name, o);
        return { step, ok: true, message: `deleted ${describeTarget(step)}`, undo: [{ op: 'restoreBinding', backup: step.backup }] };
      case 'restoreBinding':
        return await restoreBinding(conn, step, dryRun);
      case 'deleteSecret':
        await deleteSecret(conn, step.namespace, step.name, o);
        return { step, ok: true, message: `deleted ${describeTarget(step)}` };
      case 'setAutomount': {
        const before = await getServiceAccount(conn, step.namespace, step.name);
        await patchServiceAccountAutomount(conn, step.namespace, step.name, step.automount ?? true, o);
        return { step, ok: true, message: describeStep(step), undo: [{ op: 'setAutomount', namespace: step.namespace, name: step.name, automount: before.automountServiceAccountToken }] };
      }
    }
  } catch (error) {
    if (isK8sError(error) && ALREADY[step.op]?.includes(error.kind)) {
      return { step, ok: true, alreadyDone: true, message: `${describeTarget(step)}: already ${error.kind === 'NotFound' ? 'gone' : 'there'}` };
    }
    if (isK8sError(error)) return { step, ok: false, message: error.clusterMessage ?? error.message, errorKind: error.kind };
    throw error;
  }
}

/** Undo of a binding change: recreate it as it was (subjects included), replacing what is there. */
async function restoreBinding(conn: ClusterConnection, step: Extract<Step, { op: 'restoreBinding' }>, dryRun: boolean): Promise<StepResult> {
  const { backup } = step;
  const namespace = backup.metadata.namespace ?? null;
  const manifest: BindingManifest = { ...backup, metadata: { name: backup.metadata.name, namespace: backup.metadata.namespace, labels: backup.metadata.labels, annotations: backup.metadata.annotations } };
  const existing = await getBinding(conn, backup.kind, namespace, backup.metadata.name).catch((error: unknown) => {
    if (isK8sError(error, 'NotFound')) return null;
    throw error;
  });
  if (existing) {
    if (backup.kind === 'RoleBinding') await deleteRoleBinding(conn, namespace!, backup.metadata.name, { dryRun, uid: existing.uid });
    else await deleteClusterRoleBinding(conn, backup.metadata.name, { dryRun, uid: existing.uid });
  }
  if (!dryRun || !existing) {
    if (backup.kind === 'RoleBinding') await createRoleBinding(conn, manifest, { dryRun });
    else await createClusterRoleBinding(conn, manifest, { dryRun });
  }
  return { step, ok: true, message: `restored ${describeTarget(step)} with ${backup.subjects.length} subject(s)` };
}

/** Reads the cluster back: is the intended state there? */
export async function verifyStep(conn: ClusterConnection, step: Step): Promise<{ ok: boolean; detail: string }> {
  const gone = async (read: () => Promise<unknown>) => {
    try {
      await read();
      return false;
    } catch (error) {
      if (isK8sError(error, 'NotFound')) return true;
      throw error;
    }
  };
  switch (step.op) {
    case 'createNetworkPolicy': {
      const policies = await listNetworkPolicies(conn, step.policy.namespace);
      const found = policies.find((p) => p.name === step.policy.name);
      if (!found) return { ok: false, detail: `NetworkPolicy ${step.policy.name} is missing` };
      // The policy must also select what it is meant to: a pod quarantined by label must match.
      const matchLabels = step.policy.podSelector.matchLabels ?? {};
      const selector = Object.entries(matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const selected = await listPods(conn, { namespace: step.policy.namespace, labelSelector: selector || undefined });
      const byLabel = Object.keys(matchLabels).includes('cordon.io/quarantine');
      const ok = !byLabel || selected.length > 0;
      return {
        ok,
        detail: `NetworkPolicy ${found.namespace}/${found.name} exists (${found.policyTypes.join(' + ')}) and selects ${selected.length} pod(s)${selected.length ? `: ${selected.slice(0, 5).map((p) => p.name).join(', ')}` : ''}`,
      };
    }
    case 'deleteNetworkPolicy': {
      const policies = await listNetworkPolicies(conn, step.namespace);
      const still = policies.some((p) => p.name === step.name);
      return { ok: !still, detail: still ? `NetworkPolicy ${step.name} still exists` : `NetworkPolicy ${step.name} is gone` };
    }
    case 'patchPodLabels': {
      const pod = await getPod(conn, step.namespace, step.name).catch(() => null);
      if (!pod) return { ok: true, detail: `Pod ${step.name} no longer exists` };
      const ok = Object.entries(step.add ?? {}).every(([k, v]) => pod.labels[k] === v) && (step.remove ?? []).every((k) => pod.labels[k] === undefined);
      return { ok, detail: ok ? `Pod ${step.name} carries the labels` : `Pod ${step.name} labels differ` };
    }
    case 'cordonNode':
    case 'uncordonNode': {
      const node = await getNode(conn, step.name);
      const want = step.op === 'cordonNode';
      return { ok: node.unschedulable === want, detail: `Node ${step.name} is ${node.unschedulable ? 'unschedulable' : 'schedulable'}` };
    }
    case 'labelNode': {
      const node = await getNode(conn, step.name);
      const ok = Object.entries(step.add ?? {}).every(([k, v]) => node.labels[k] === v) && (step.remove ?? []).every((k) => node.labels[k] === undefined);
      return { ok, detail: ok ? `Node ${step.name} carries the labels` : `Node ${step.name} labels differ` };
    }
    case 'taintNode': {
      const node = await getNode(conn, step.name);
      const ok = node.taints.some((t) => t.key === step.taint.key && t.effect === step.taint.effect);
      return { ok, detail: ok ? `Node ${step.name} has taint ${step.taint.key}:${step.taint.effect}` : `taint ${step.taint.key} missing` };
    }
    case 'untaintNode': {
      const node = await getNode(conn, step.name);
      const ok = !node.taints.some((t) => t.key === step.key);
      return { ok, detail: ok ? `Node ${step.name} has no taint ${step.key}` : `taint ${step.key} still present` };
    }
    case 'evictPod':
    case 'deletePod': {
      let pod: Awaited<ReturnType<typeof getPod>> | null = null;
      try {
        pod = await getPod(conn, step.namespace, step.name);
      } catch (error) {
        if (!isK8sError(error, 'NotFound')) throw error;
      }
      if (!pod) return { ok: true, detail: `Pod ${step.name} is gone` };
      if (step.uid && pod.uid !== step.uid) return { ok: true, detail: `Pod ${step.name} was replaced by a new pod${pod.nodeName ? ` on ${pod.nodeName}` : ''}` };
      const ok = pod.deletionTimestamp !== null;
      return { ok, detail: ok ? `Pod ${step.name} is terminating` : `Pod ${step.name} is still running` };
    }
    case 'scaleWorkload': {
      const workload = await getWorkload(conn, step.kind, step.namespace, step.name);
      return { ok: workload.replicas === step.replicas, detail: `${step.kind} ${step.name} wants ${workload.replicas} replica(s), ${workload.readyReplicas} ready` };
    }
    case 'rolloutRestart': {
      const workload = await getWorkload(conn, step.kind, step.namespace, step.name);
      const at = workload.templateAnnotations['kubectl.kubernetes.io/restartedAt'];
      return { ok: !!at, detail: at ? `${step.kind} ${step.name} restarted at ${at}` : 'restart annotation missing' };
    }
    case 'removeSubjectFromBinding': {
      const binding = await getBinding(conn, step.kind, step.namespace, step.name).catch(() => null);
      const still = binding?.subjects.some((s) => s.kind === step.subject.kind && s.name === step.subject.name && (s.namespace ?? null) === (step.subject.namespace ?? null));
      return { ok: !still, detail: still ? `${step.name} still names ${step.subject.name}` : `${step.name} no longer names ${step.subject.name}` };
    }
    case 'deleteBinding':
      return (await gone(() => getBinding(conn, step.kind, step.namespace, step.name)))
        ? { ok: true, detail: `${step.kind} ${step.name} is gone` }
        : { ok: false, detail: `${step.kind} ${step.name} still exists` };
    case 'restoreBinding': {
      const binding = await getBinding(conn, step.backup.kind, step.backup.metadata.namespace ?? null, step.backup.metadata.name).catch(() => null);
      return { ok: !!binding, detail: binding ? `${step.backup.kind} ${step.backup.metadata.name} exists with ${binding.subjects.length} subject(s)` : 'binding missing' };
    }
    case 'deleteSecret': {
      const still = (await listSecrets(conn, step.namespace)).some((s) => s.name === step.name);
      return { ok: !still, detail: still ? `Secret ${step.name} still exists` : `Secret ${step.name} is gone` };
    }
    case 'setAutomount': {
      const sa = await getServiceAccount(conn, step.namespace, step.name);
      return { ok: sa.automountServiceAccountToken === step.automount, detail: `ServiceAccount ${step.name} automount=${String(sa.automountServiceAccountToken)}` };
    }
  }
}
