import { K } from '../api/known-types.js';
import { resourceTypeForKind } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import type { ControllerManager } from '../controllers/manager.js';
import { creationTime, internalWrite } from '../controllers/controller-kit.js';
import type { AppWorkload } from './app-model.js';
import { namespaceObject, serviceAccountObject, serviceObject, workloadObject } from './builders.js';
import { DEMO_NAMESPACES, DEMO_WORKLOADS } from './demo-apps.js';
import { demoExtras } from './demo-extras.js';
import { largeWorkloads } from './large-profile.js';
import { nodeObject, staticPods } from './nodes.js';
import { defaultRbac, readOnlyAccess } from './rbac-defaults.js';

export interface ClusterModel {
  workloads: AppWorkload[];
}

function create(sim: SimContext, obj: KubeObject): void {
  const type = resourceTypeForKind(obj.kind as string);
  if (sim.store.get(type, obj.metadata.namespace, obj.metadata.name as string)) return;
  sim.registry.create(type, obj.metadata.namespace, obj, internalWrite(sim, 'cluster-bootstrap'), { creationTimestamp: creationTime(sim), keepStatus: obj.kind === 'Node', owned: true });
}

/**
 * Builds the initial cluster synchronously: nodes, namespaces, RBAC, workloads and everything
 * the controllers derive from them (ReplicaSets, pods already Running, Endpoints, tokens).
 */
export function bootstrapCluster(sim: SimContext, controllers: ControllerManager): ClusterModel {
  const { options } = sim;
  const large = options.profile === 'large' ? largeWorkloads(options.large) : undefined;
  const workerCount = options.profile === 'large' ? options.large.nodes : 3;
  const nodes = [{ name: 'demo-control-plane', controlPlane: true, index: 0 }, ...Array.from({ length: workerCount }, (_, i) => ({ name: `demo-worker-${i + 1}`, controlPlane: false, index: i + 1 }))];
  for (const plan of nodes) create(sim, nodeObject(plan, sim.random));

  for (const ns of ['default', 'kube-public', 'kube-node-lease']) create(sim, namespaceObject(ns));
  const namespaces = { ...DEMO_NAMESPACES, ...(large?.namespaces ?? {}) };
  for (const [name, labels] of Object.entries(namespaces)) create(sim, namespaceObject(name, labels));
  for (const obj of [...defaultRbac(), ...readOnlyAccess()]) create(sim, obj);
  create(sim, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] } });
  create(sim, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: '10.0.1.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] });

  const workloads = [...DEMO_WORKLOADS, ...(large?.workloads ?? [])];
  for (const w of workloads) {
    const sa = w.serviceAccount ?? w.name;
    if (!sim.store.get(K.ServiceAccount, w.namespace, sa)) create(sim, serviceAccountObject(w.namespace, sa, { 'app.kubernetes.io/name': w.name }));
  }
  for (const obj of demoExtras()) create(sim, obj);
  for (const w of workloads) {
    create(sim, workloadObject(w));
    const svc = serviceObject(w);
    if (svc) create(sim, svc);
  }
  const controlPlane = sim.store.get(K.Node, undefined, 'demo-control-plane');
  if (controlPlane) {
    const ip = '10.0.1.10';
    for (const pod of staticPods(controlPlane.metadata.name, controlPlane.metadata.uid, ip)) create(sim, pod);
  }
  controllers.settle();
  return { workloads };
}
