import type { LargeProfileSize } from '../options.js';
import type { AppWorkload } from './app-model.js';

const WORDS = ['orders', 'billing', 'ledger', 'inventory', 'pricing', 'search', 'profile', 'session', 'notify', 'audit', 'media', 'report', 'quote', 'tax', 'loyalty', 'fraud', 'routing', 'geo', 'feed', 'gateway'];

/** Synthetic tenants for the map and console benchmarks: `team-001/orders-api` … with a call graph. */
export function largeWorkloads(size: Required<LargeProfileSize>): { namespaces: Record<string, Record<string, string>>; workloads: AppWorkload[] } {
  const namespaces: Record<string, Record<string, string>> = {};
  const workloads: AppWorkload[] = [];
  const nsName = (i: number) => `team-${String(i + 1).padStart(3, '0')}`;
  const name = (j: number) => `${WORDS[j % WORDS.length]}${j >= WORDS.length ? `-${Math.floor(j / WORDS.length)}` : ''}-api`;
  for (let i = 0; i < size.namespaces; i++) {
    const namespace = nsName(i);
    namespaces[namespace] = { team: namespace, 'cordon.dev/profile': 'large' };
    for (let j = 0; j < size.workloadsPerNamespace; j++) {
      const calls = [1, 2].map((d) => `${namespace}/${name((j + d) % size.workloadsPerNamespace)}`).filter((c) => c !== `${namespace}/${name(j)}`);
      if (j === 0 && size.namespaces > 1) calls.push(`${nsName((i + 1) % size.namespaces)}/${name(0)}`);
      workloads.push({
        namespace,
        name: name(j),
        kind: 'Deployment',
        image: `registry.shop.internal/${namespace}/${name(j)}:1.${j}.${i % 10}`,
        replicas: size.podsPerWorkload,
        port: 8080,
        portName: 'http',
        calls,
        serviceAccount: 'default',
        cpu: '10m',
        memory: '32Mi',
      });
    }
  }
  return { namespaces, workloads };
}
