import { K } from '../api/known-types.js';
import type { Container, Pod } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { hashString } from '../util/random.js';
import type { ImageProfile } from './image-profiles.js';
import { profileForContainer } from './image-profiles.js';

export interface SimProcess {
  pid: number;
  ppid: number;
  user: string;
  command: string;
  cpu: number;
  memMb: number;
  startedAtMs: number;
  tty?: string;
}

export interface SimConnection {
  proto: 'tcp' | 'udp';
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  state: 'ESTABLISHED' | 'LISTEN' | 'SYN_SENT' | 'TIME_WAIT' | 'CLOSE_WAIT';
  pid: number;
  program: string;
}

export interface SimFile {
  path: string;
  size: number;
  mtimeMs: number;
  mode?: string;
  owner?: string;
  content?: string;
}

export interface ContainerRuntime {
  name: string;
  image: string;
  profile: ImageProfile;
  startedAtMs: number;
  processes: SimProcess[];
  /** Connections added by an attack; baseline ones come from the traffic model. */
  extraConnections: SimConnection[];
  /** Files dropped or touched after start (attack tools, logs). */
  files: SimFile[];
  /** Extra stdout lines (an exploited web server logs the exploit request). */
  logs: { timeMs: number; text: string }[];
  nextPid: number;
}

export interface PodRuntime {
  podUid: string;
  namespace: string;
  podName: string;
  containers: Map<string, ContainerRuntime>;
  /** Set while a scenario has compromised this pod. */
  compromisedBy?: string;
  /** The projected service-account token the kubelet mounted (bound to this pod). */
  projectedToken?: { token: string; expiresAt: number };
}

export type ConnectionProvider = (pod: Pod, container: ContainerRuntime) => SimConnection[];

/**
 * The "container runtime" behind exec: per pod UID, what processes run, what sockets are open and
 * which files changed. A replacement pod gets a new UID and so starts clean.
 */
export class PodRuntimes {
  private readonly byUid = new Map<string, PodRuntime>();
  connectionProvider: ConnectionProvider = () => [];

  constructor(store: ObjectStore) {
    store.subscribe(K.Pod, (event) => {
      if (event.type === 'DELETED') this.byUid.delete(event.object.metadata.uid);
    });
  }

  forPod(pod: Pod): PodRuntime {
    let runtime = this.byUid.get(pod.metadata.uid);
    if (!runtime) {
      runtime = { podUid: pod.metadata.uid, namespace: pod.metadata.namespace ?? 'default', podName: pod.metadata.name, containers: new Map() };
      this.byUid.set(pod.metadata.uid, runtime);
    }
    for (const c of pod.spec.containers) {
      if (!runtime.containers.has(c.name)) runtime.containers.set(c.name, newContainerRuntime(pod, c));
    }
    return runtime;
  }

  peek(podUid: string): PodRuntime | undefined {
    return this.byUid.get(podUid);
  }

  container(pod: Pod, name?: string): ContainerRuntime | undefined {
    const runtime = this.forPod(pod);
    return runtime.containers.get(name ?? pod.spec.containers[0]?.name ?? '');
  }

  connections(pod: Pod, container: ContainerRuntime): SimConnection[] {
    const listening: SimConnection[] = [];
    const ip = pod.status?.podIP ?? '0.0.0.0';
    const main = container.processes[0];
    const containerSpec = pod.spec.containers.find((c) => c.name === container.name);
    for (const p of containerSpec?.ports ?? []) {
      listening.push({
        proto: p.protocol === 'UDP' ? 'udp' : 'tcp',
        localIp: '0.0.0.0',
        localPort: p.containerPort,
        remoteIp: '0.0.0.0',
        remotePort: 0,
        state: 'LISTEN',
        pid: main?.pid ?? 1,
        program: programName(main?.command ?? ''),
      });
    }
    return [...listening, ...this.connectionProvider(pod, container), ...container.extraConnections.map((c) => ({ ...c, localIp: c.localIp || ip }))];
  }

  addProcess(container: ContainerRuntime, command: string, user: string, cpu: number, memMb: number, ppid = 1): SimProcess {
    const proc: SimProcess = { pid: container.nextPid++, ppid, user, command, cpu, memMb, startedAtMs: Date.now() };
    container.processes.push(proc);
    return proc;
  }
}

export function programName(command: string): string {
  const first = command.split(' ')[0] ?? '';
  if (command.startsWith('nginx:')) return 'nginx';
  if (command.startsWith('postgres')) return 'postgres';
  return first.split('/').pop() ?? first;
}

function newContainerRuntime(pod: Pod, container: Container): ContainerRuntime {
  const profile = profileForContainer(container);
  const startedAtMs = Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp);
  const processes: SimProcess[] = [];
  let pid = 1;
  for (const spec of profile.processes) {
    const main: SimProcess = { pid, ppid: 0, user: spec.user, command: spec.command, cpu: spec.cpu, memMb: spec.memMb, startedAtMs };
    processes.push(main);
    pid = pid === 1 ? 7 : pid + 1;
    for (let i = 0; i < (spec.children ?? 0); i++) {
      processes.push({ pid: pid++, ppid: main.pid, user: spec.childUser ?? spec.user, command: spec.childCommand ?? spec.command, cpu: spec.cpu, memMb: Math.round(spec.memMb / 2), startedAtMs });
    }
  }
  // Stable but per-pod PIDs for later processes, so two pods do not look cloned.
  const nextPid = 20 + (hashString(pod.metadata.uid) % 40);
  return { name: container.name, image: container.image ?? '', profile, startedAtMs, processes, extraConnections: [], files: [], logs: [], nextPid };
}
