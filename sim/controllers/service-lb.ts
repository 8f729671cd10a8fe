import { K } from '../api/known-types.js';
import type { Service } from '../api/types.js';
import type { SimContext } from '../context.js';
import { clone } from '../util/json.js';
import { keyOf } from './controller-kit.js';
import { recordEvent } from './pod-helpers.js';
import { splitKey, WorkQueue } from './work-queue.js';

/** The cloud provider's service controller: LoadBalancer Services get a public IP (203.0.113.0/24, TEST-NET-3). */
export function startServiceLoadBalancerController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  let next = 10;
  const queue = new WorkQueue('service-controller', reconcile, onError);
  sim.store.subscribe(K.Service, (e) => {
    if (e.type !== 'DELETED') queue.add(keyOf(e.object));
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const svc = sim.store.get(K.Service, namespace, name) as Service | undefined;
    if (!svc || svc.spec.type !== 'LoadBalancer' || (svc.status?.loadBalancer?.ingress ?? []).length > 0) return;
    if (!sim.phase.bootstrapping) recordEvent(sim, svc, 'EnsuringLoadBalancer', 'Ensuring load balancer', 'service-controller');
    const assign = () => {
      const current = sim.store.get(K.Service, namespace, name) as Service | undefined;
      if (!current || current.spec.type !== 'LoadBalancer') return;
      const updated = clone(current);
      updated.status = { loadBalancer: { ingress: [{ ip: `203.0.113.${next++ % 250}`, ipMode: 'VIP' } as { ip: string }] } };
      sim.store.update(K.Service, updated);
      if (!sim.phase.bootstrapping) recordEvent(sim, updated, 'EnsuredLoadBalancer', 'Ensured load balancer', 'service-controller');
    };
    if (sim.phase.bootstrapping) assign();
    else sim.clock.after(1500, assign);
  }
  return queue;
}
