import { deleteObject, OWNER_INDEX } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import type { KubeObject, Workload } from '../api/types.js';
import type { SimContext } from '../context.js';
import { clone, deepEqual } from '../util/json.js';
import { rfc3339 } from '../util/time.js';
import { controllerOf, controllerRef, creationTime, internalWrite, isTerminating, keyOf, withStatus } from './controller-kit.js';
import { desiredReplicas, recordEvent, templateHash } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

const COMPONENT = 'deployment-controller';
const REVISION = 'deployment.kubernetes.io/revision';

const revisionOf = (rs: Workload) => Number(rs.metadata.annotations?.[REVISION] ?? 0);
const statusNum = (w: Workload, field: string) => (w.status?.[field] as number | undefined) ?? 0;

/**
 * Deployment → ReplicaSet per pod template (name `<deployment>-<pod-template-hash>`). A template
 * change (image, `kubectl rollout restart`'s annotation) creates a new ReplicaSet; the old ones are
 * scaled to zero once the new one is available, and kept up to revisionHistoryLimit.
 */
export function startDeploymentController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue(COMPONENT, reconcile, onError);
  sim.store.subscribe(K.Deployment, (e) => queue.add(keyOf(e.object)));
  sim.store.subscribe(K.ReplicaSet, (e) => {
    const owner = controllerOf(e.object);
    if (owner?.kind === 'Deployment') queue.add(`${e.object.metadata.namespace}/${owner.name}`);
  });

  function scale(deployment: Workload, rs: Workload, replicas: number): Workload {
    const from = rs.spec.replicas ?? 0;
    if (from === replicas) return rs;
    const next = clone(rs);
    next.spec.replicas = replicas;
    next.metadata.annotations = { ...next.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(desiredReplicas(deployment)) };
    const updated = sim.registry.update(K.ReplicaSet, rs.metadata.namespace, rs.metadata.name, next, internalWrite(sim, COMPONENT)) as Workload;
    const verb = replicas > from ? 'up' : 'down';
    recordEvent(sim, deployment, 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${replicas}`, COMPONENT);
    return updated;
  }

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const d = sim.store.get(K.Deployment, namespace, name) as Workload | undefined;
    if (!d || isTerminating(d)) return;
    const owned = (sim.store.byIndex(K.ReplicaSet, OWNER_INDEX, d.metadata.uid) as Workload[]).filter((rs) => !isTerminating(rs));
    const hash = templateHash(d.spec.template);
    let newRs = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const olds = owned.filter((rs) => rs !== newRs);
    const desired = desiredReplicas(d);
    const activeOlds = olds.filter((rs) => (rs.spec.replicas ?? 0) > 0);

    if (!newRs) {
      const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
      const labels = { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const body: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels,
          annotations: { [REVISION]: String(revision), 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(desired + Math.ceil(desired / 4)) },
          ownerReferences: [controllerRef(d)],
        },
        spec: {
          replicas: 0,
          selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...structuredClone(d.spec.template), metadata: { ...structuredClone(d.spec.template.metadata ?? {}), labels } },
        },
      };
      newRs = sim.registry.create(K.ReplicaSet, d.metadata.namespace, body, internalWrite(sim, COMPONENT), { creationTimestamp: creationTime(sim) }) as Workload;
    } else if (activeOlds.length > 0 && revisionOf(newRs) < Math.max(...olds.map(revisionOf))) {
      // Rolling back to an older template: it becomes the newest revision again.
      const next = clone(newRs);
      next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(Math.max(...olds.map(revisionOf)) + 1) };
      newRs = sim.registry.update(K.ReplicaSet, next.metadata.namespace, next.metadata.name, next, internalWrite(sim, COMPONENT)) as Workload;
    }

    newRs = scale(d, newRs, desired);
    // Old ReplicaSets go away once the new one carries the load (a compressed RollingUpdate).
    const newAvailable = statusNum(newRs, 'availableReplicas') >= desired || desired === 0 || sim.phase.bootstrapping;
    if (newAvailable) for (const rs of activeOlds) scale(d, rs, 0);

    const limit = (d.spec.revisionHistoryLimit as number | undefined) ?? 10;
    const idle = olds.filter((rs) => (rs.spec.replicas ?? 0) === 0 && statusNum(rs, 'replicas') === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      deleteObject(sim.registry, K.ReplicaSet, rs.metadata.namespace, rs.metadata.name, {}, internalWrite(sim, COMPONENT));
    }
    updateStatus(d, newRs, owned.filter((rs) => rs !== newRs));
  }

  function updateStatus(d: Workload, newRs: Workload, others: Workload[]): void {
    const all = [newRs, ...others];
    const sum = (field: string) => all.reduce((n, rs) => n + statusNum(rs, field), 0);
    const desired = desiredReplicas(d);
    const available = sum('availableReplicas');
    const previous = (d.status?.conditions as { type: string; status: string; lastTransitionTime?: string }[] | undefined) ?? [];
    const condition = (type: string, status: string, reason: string, message: string) => {
      const old = previous.find((c) => c.type === type);
      const changed = old?.status !== status;
      return { type, status, lastUpdateTime: changed ? rfc3339() : (old as { lastUpdateTime?: string }).lastUpdateTime, lastTransitionTime: changed ? rfc3339() : old?.lastTransitionTime, reason, message };
    };
    const isAvailable = available >= desired - Math.floor(desired / 4);
    const complete = statusNum(newRs, 'availableReplicas') >= desired;
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum('replicas'),
      updatedReplicas: statusNum(newRs, 'replicas'),
      readyReplicas: sum('readyReplicas'),
      availableReplicas: available,
      conditions: [
        condition('Available', isAvailable ? 'True' : 'False', isAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', isAvailable ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'),
        condition('Progressing', 'True', complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', complete ? `ReplicaSet "${newRs.metadata.name}" has successfully progressed.` : `ReplicaSet "${newRs.metadata.name}" is progressing.`),
      ],
    };
    if (desired - available > 0) status.unavailableReplicas = desired - available;
    const comparable = (s: unknown) => JSON.stringify(s, (k: string, v: unknown) => (k === 'lastUpdateTime' || k === 'lastTransitionTime' ? undefined : v));
    if (comparable(d.status) === comparable(status) && deepEqual(d.metadata.annotations?.[REVISION], newRs.metadata.annotations?.[REVISION])) return;
    const next = withStatus(d, status);
    next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: newRs.metadata.annotations?.[REVISION] ?? '1' };
    sim.store.update(K.Deployment, next);
  }
  return queue;
}
