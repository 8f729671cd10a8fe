import type { AppWorkload } from '../cluster/app-model.js';
import { EXTERNAL_ENDPOINTS } from '../cluster/app-model.js';
import type { ExternalEndpoint } from '../cluster/app-model.js';

export interface CallEdge {
  from: AppWorkload;
  /** In-cluster callee (reached through its Service). */
  to?: AppWorkload;
  /** Or an endpoint on the internet. */
  external?: ExternalEndpoint;
  /** Chance per traffic tick that this edge carries a new connection. */
  rate: number;
}

/** The application's call graph: who calls whom, and what leaves the cluster. */
export function buildCallGraph(workloads: AppWorkload[]): CallEdge[] {
  const byKey = new Map(workloads.map((w) => [`${w.namespace}/${w.name}`, w]));
  const edges: CallEdge[] = [];
  for (const from of workloads) {
    for (const key of from.calls ?? []) {
      const to = byKey.get(key);
      if (to) edges.push({ from, to, rate: 0.8 });
    }
    for (const name of from.external ?? []) {
      const external = EXTERNAL_ENDPOINTS[name];
      if (external) edges.push({ from, external, rate: 0.35 });
    }
  }
  return edges;
}
