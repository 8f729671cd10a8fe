import type { ContainerStatus, Pod } from '../api/types.js';
import { errors } from '../api/status.js';
import type { PodRuntimes } from '../runtime/pod-runtimes.js';
import { hashString } from '../util/random.js';
import { formatterForImage } from './log-lines.js';

export interface LogLine {
  timeMs: number;
  text: string;
}

const LINE_PERIOD_MS = 4000;
const MAX_LINES = 5000;

const CRASH_TAILS: Record<string, string[]> = {
  default: [
    'Error: connect ECONNREFUSED 10.96.112.40:5432',
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1610:16)',
    'Unhandled promise rejection, exiting',
  ],
};

/**
 * Container logs, generated on demand: a deterministic line every few (simulated) seconds since
 * the container started, plus whatever a scenario injected. A container that restarted has a
 * previous instance whose log ends with the crash.
 */
export class LogService {
  constructor(
    private readonly runtimes: PodRuntimes,
    private readonly speed: number,
  ) {}

  get periodRealMs(): number {
    return Math.max(50, LINE_PERIOD_MS / this.speed);
  }

  /** Resolves the container the request means, with the kubelet's errors. */
  resolveContainer(pod: Pod, requested: string | null): string {
    const names = pod.spec.containers.map((c) => c.name);
    const name = pod.metadata.name;
    if (!requested) {
      if (names.length === 1) return names[0] as string;
      throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    }
    if (!names.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }

  status(pod: Pod, container: string): ContainerStatus | undefined {
    return pod.status?.containerStatuses?.find((c) => c.name === container);
  }

  lines(pod: Pod, container: string, previous: boolean, untilMs = Date.now()): LogLine[] {
    const status = this.status(pod, container);
    const running = status?.state.running as { startedAt?: string } | undefined;
    if (previous) {
      const terminated = status?.lastState.terminated as { startedAt?: string; finishedAt?: string; reason?: string; exitCode?: number } | undefined;
      if (!status || status.restartCount === 0 || !terminated?.finishedAt) {
        throw errors.badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
      }
      const start = Date.parse(terminated.startedAt ?? pod.metadata.creationTimestamp);
      const end = Date.parse(terminated.finishedAt);
      const lines = this.generate(pod, container, start, end, 1 + status.restartCount * 7919);
      const tail = (CRASH_TAILS.default ?? []).map((text, i) => ({ timeMs: end - 200 + i, text }));
      return [...lines, ...tail];
    }
    if (!running) {
      const waiting = (status?.state.waiting as { reason?: string } | undefined)?.reason ?? 'ContainerCreating';
      throw errors.badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${waiting}`);
    }
    const start = Date.parse(running.startedAt ?? pod.metadata.creationTimestamp);
    const generated = this.generate(pod, container, start, untilMs, status?.restartCount ?? 0);
    const runtime = this.runtimes.peek(pod.metadata.uid)?.containers.get(container);
    const injected = (runtime?.logs ?? []).filter((l) => l.timeMs <= untilMs);
    if (injected.length === 0) return generated;
    return [...generated, ...injected].sort((a, b) => a.timeMs - b.timeMs);
  }

  private generate(pod: Pod, container: string, startMs: number, endMs: number, salt: number): LogLine[] {
    const spec = pod.spec.containers.find((c) => c.name === container);
    const format = formatterForImage(spec?.image ?? '');
    const seed = hashString(`${pod.metadata.uid}/${container}/${salt}`);
    // Lines are spaced in simulated time, so a sped-up cluster also logs faster.
    const period = this.periodRealMs;
    const total = Math.max(0, Math.floor((endMs - startMs) / period) + 1);
    const first = Math.max(0, total - MAX_LINES);
    const ctx = { podName: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', podIp: pod.status?.podIP ?? '', peerIps: ['10.244.1.17', '10.244.2.23', '10.244.3.9'] };
    const out: LogLine[] = [];
    for (let i = first; i < total; i++) {
      const timeMs = startMs + i * period + (hashString(`${seed}:${i}:j`) % Math.max(1, Math.floor(period / 2)));
      if (timeMs > endMs) break;
      out.push({ timeMs, text: format(i, timeMs, seed, ctx) });
    }
    return out;
  }
}

export function formatLines(lines: LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps ? `${nanoStamp(l.timeMs)} ${l.text}\n` : `${l.text}\n`)).join('');
}

function nanoStamp(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_m, millis: string) => `.${millis}${String(Math.floor(ms * 1000) % 1000).padStart(3, '0')}000Z`);
}
