import { OWNER_INDEX } from '../api/deletion.js';
import { RESOURCE_TYPES } from '../api/resources.js';
import type { SimContext } from '../context.js';
import { startDaemonSetController } from './daemonset.js';
import { startDeploymentController } from './deployment.js';
import { startDisruptionController } from './disruption.js';
import { startEndpointsController } from './endpoints.js';
import { startGarbageCollector } from './garbage-collector.js';
import { startKubelet } from './kubelet.js';
import { startNamespaceController, startTokenController } from './namespace.js';
import { startNodeLifecycleController } from './node-lifecycle.js';
import { startReplicaSetController } from './replicaset.js';
import { startScheduler } from './scheduler.js';
import { startServiceLoadBalancerController } from './service-lb.js';
import { startStatefulSetController } from './statefulset.js';
import type { WorkQueue } from './work-queue.js';

/** The in-process kube-controller-manager, scheduler and kubelets. */
export class ControllerManager {
  private readonly queues: WorkQueue[];

  constructor(sim: SimContext) {
    for (const type of RESOURCE_TYPES) {
      sim.store.addIndex(type, OWNER_INDEX, (obj) => (obj.metadata.ownerReferences ?? []).map((r) => r.uid));
    }
    const onError = (name: string, key: string, err: unknown) => sim.logger.error(`${name}: reconcile of ${key} failed`, { error: (err as Error)?.stack ?? String(err) });
    this.queues = [
      startNamespaceController(sim, onError),
      startTokenController(sim, onError),
      startDeploymentController(sim, onError),
      startReplicaSetController(sim, onError),
      startStatefulSetController(sim, onError),
      startDaemonSetController(sim, onError),
      startScheduler(sim, onError),
      startKubelet(sim, onError),
      startEndpointsController(sim, onError),
      startServiceLoadBalancerController(sim, onError),
      startNodeLifecycleController(sim, onError),
      startDisruptionController(sim, onError),
      startGarbageCollector(sim, onError),
    ];
  }

  /** Runs every queue until nothing is left to do (bootstrap: build the whole cluster synchronously). */
  settle(): void {
    for (let round = 0; round < 50; round++) {
      if (this.queues.every((q) => q.pending === 0)) return;
      for (const q of this.queues) q.drainNow();
    }
  }

  stop(): void {
    for (const q of this.queues) q.stop();
  }
}
