import { K } from '../api/known-types.js';
import type { ContainerStatus, NodeObject, Pod } from '../api/types.js';
import type { SimContext } from '../context.js';
import { clone } from '../util/json.js';
import { hashString } from '../util/random.js';
import { rfc3339 } from '../util/time.js';
import { keyOf, withStatus } from './controller-kit.js';
import { recordEvent } from './pod-helpers.js';
import { PodIpAllocator } from './pod-network.js';
import { splitKey, WorkQueue } from './work-queue.js';

/** Pods whose template carries this annotation start with that many past restarts (for `logs --previous`). */
export const RESTARTS_ANNOTATION = 'sim.cordon.dev/restarts';

function digest(text: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hashString(`${text}:${i}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

function imageId(image: string): string {
  const repo = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? image;
  const full = repo.includes('/') && repo.split('/')[0]?.includes('.') ? repo : `docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
  return `${full}@sha256:${digest(image, 64)}`;
}

/**
 * Every node's kubelet in one: pulls and starts containers a little after a pod is bound
 * (Pending → ContainerCreating → Running with IPs and container statuses), and stops them on
 * graceful deletion before removing the pod. Events match the real ones (Pulling, Pulled, Created,
 * Started, Killing).
 */
export function startKubelet(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const ips = new PodIpAllocator(sim.store);
  const starting = new Set<string>();
  const stopping = new Set<string>();
  const queue = new WorkQueue('kubelet', reconcile, onError);
  sim.store.subscribe(K.Pod, (e) => {
    if (e.type !== 'DELETED' && (e.object as Pod).spec.nodeName) queue.add(keyOf(e.object));
  });

  function reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const pod = sim.store.get(K.Pod, namespace, name) as Pod | undefined;
    if (!pod?.spec.nodeName) return;
    const uid = pod.metadata.uid;
    if (pod.metadata.deletionTimestamp) {
      if (stopping.has(uid)) return;
      stopping.add(uid);
      stop(pod);
      return;
    }
    if (pod.status?.containerStatuses || starting.has(uid)) return;
    starting.add(uid);
    const node = sim.store.get(K.Node, undefined, pod.spec.nodeName) as NodeObject | undefined;
    if (!node) return;
    if (sim.phase.bootstrapping) {
      run(pod, node);
      starting.delete(uid);
      return;
    }
    const creating = withStatus(pod, {
      ...pod.status,
      phase: 'Pending',
      hostIP: internalIp(node),
      hostIPs: [{ ip: internalIp(node) }],
      startTime: rfc3339(),
      containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, ready: false, started: false, restartCount: 0, image: c.image ?? '', imageID: '', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} })),
    });
    sim.store.update(K.Pod, creating);
    for (const c of pod.spec.containers) recordEvent(sim, creating, 'Pulling', `Pulling image "${c.image}"`, 'kubelet', 'Normal', node.metadata.name, `spec.containers{${c.name}}`);
    sim.clock.after(1200 + sim.random.int(0, 2500), () => {
      starting.delete(uid);
      const current = sim.store.get(K.Pod, namespace, name) as Pod | undefined;
      if (current && current.metadata.uid === uid && !current.metadata.deletionTimestamp) run(current, node);
    });
  }

  function run(pod: Pod, node: NodeObject): void {
    const now = Date.now();
    const startedAt = sim.phase.bootstrapping ? pod.metadata.creationTimestamp : rfc3339(now);
    const restarts = Number(pod.metadata.annotations?.[RESTARTS_ANNOTATION] ?? 0);
    const podIp = ips.allocate(pod, node);
    const statuses: ContainerStatus[] = pod.spec.containers.map((c) => {
      const status: ContainerStatus = {
        name: c.name,
        ready: true,
        started: true,
        restartCount: restarts,
        image: c.image ?? '',
        imageID: imageId(c.image ?? ''),
        containerID: `containerd://${digest(`${pod.metadata.uid}/${c.name}`, 64)}`,
        state: { running: { startedAt: restarts > 0 ? rfc3339(now - 40 * 60_000) : startedAt } },
        lastState: {},
      };
      if (restarts > 0) {
        status.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: rfc3339(now - 52 * 60_000), finishedAt: rfc3339(now - 40 * 60_000 - 5000), containerID: `containerd://${digest(`${pod.metadata.uid}/${c.name}/prev`, 64)}` } };
      }
      return status;
    });
    const t = sim.phase.bootstrapping ? pod.metadata.creationTimestamp : rfc3339(now);
    const condition = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: t });
    const next = withStatus(pod, {
      ...pod.status,
      phase: 'Running',
      conditions: [condition('PodReadyToStartContainers'), condition('Initialized'), condition('Ready'), condition('ContainersReady'), condition('PodScheduled')],
      hostIP: internalIp(node),
      hostIPs: [{ ip: internalIp(node) }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: startedAt,
      containerStatuses: statuses,
    });
    sim.store.update(K.Pod, next);
    if (sim.phase.bootstrapping) return;
    for (const c of pod.spec.containers) {
      const fieldPath = `spec.containers{${c.name}}`;
      const ms = 400 + (hashString(pod.metadata.uid) % 2600);
      recordEvent(sim, next, 'Pulled', `Successfully pulled image "${c.image}" in ${ms}ms (${ms}ms including waiting). Image size: ${20_000_000 + (hashString(c.image ?? '') % 90_000_000)} bytes.`, 'kubelet', 'Normal', node.metadata.name, fieldPath);
      recordEvent(sim, next, 'Created', `Created container: ${c.name}`, 'kubelet', 'Normal', node.metadata.name, fieldPath);
      recordEvent(sim, next, 'Started', `Started container ${c.name}`, 'kubelet', 'Normal', node.metadata.name, fieldPath);
    }
  }

  function stop(pod: Pod): void {
    const uid = pod.metadata.uid;
    const node = pod.spec.nodeName as string;
    for (const c of pod.spec.containers) recordEvent(sim, pod, 'Killing', `Stopping container ${c.name}`, 'kubelet', 'Normal', node, `spec.containers{${c.name}}`);
    const grace = Math.min((pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000, 1500);
    const finish = () => {
      stopping.delete(uid);
      const current = sim.store.get(K.Pod, pod.metadata.namespace, pod.metadata.name) as Pod | undefined;
      if (!current || current.metadata.uid !== uid) return;
      if ((current.metadata.finalizers ?? []).length > 0) {
        const next = clone(current);
        next.status = { ...next.status, phase: next.spec.restartPolicy === 'Never' ? 'Failed' : 'Succeeded', containerStatuses: (next.status?.containerStatuses ?? []).map((s) => ({ ...s, ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: rfc3339() } } })) };
        sim.store.update(K.Pod, next);
        return;
      }
      sim.store.remove(K.Pod, current.metadata.namespace, current.metadata.name);
    };
    if (grace === 0 || sim.phase.bootstrapping) finish();
    else sim.clock.after(grace, finish);
  }
  return queue;
}

function internalIp(node: NodeObject): string {
  return node.status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
}
