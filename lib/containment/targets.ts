// The containment targets an incident offers, derived from its affected entities. Pure, so the
// workspace, the map's side panel and the tests share it.
import type { Target } from './schemas';

export interface EntityRef {
  kind: string;
  key: string;
  name: string;
  namespace: string | null;
}

export interface TargetOption {
  target: Target;
  /** What the analyst reads: "Deployment shop/checkout", "pod shop/checkout-7c9…", "node worker-2". */
  label: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const ORDER: Record<Target['kind'], number> = { pod: 0, workload: 1, service_account: 2, node: 3 };

/**
 * Pods first (the narrowest containment), then workloads, service accounts and nodes. Entities
 * whose workload kind is unknown are left out: acting on them would mean guessing the API.
 */
export function targetsFromEntities(entities: EntityRef[]): TargetOption[] {
  const options: TargetOption[] = [];
  const seen = new Set<string>();
  const add = (option: TargetOption) => {
    const id = JSON.stringify(option.target);
    if (seen.has(id)) return;
    seen.add(id);
    options.push(option);
  };
  for (const entity of entities) {
    if (entity.kind === 'pod' && entity.namespace) {
      add({ target: { kind: 'pod', namespace: entity.namespace, name: entity.name }, label: `pod ${entity.namespace}/${entity.name}` });
    } else if (entity.kind === 'workload' && entity.namespace) {
      const workloadKind = entity.key.split('/')[1] ?? '';
      if (!WORKLOAD_KINDS.has(workloadKind)) continue;
      add({
        target: { kind: 'workload', workloadKind: workloadKind as 'Deployment', namespace: entity.namespace, name: entity.name },
        label: `${workloadKind} ${entity.namespace}/${entity.name}`,
      });
    } else if (entity.kind === 'node') {
      add({ target: { kind: 'node', name: entity.name }, label: `node ${entity.name}` });
    } else if (entity.kind === 'service_account' && entity.namespace) {
      add({ target: { kind: 'service_account', namespace: entity.namespace, name: entity.name }, label: `service account ${entity.namespace}/${entity.name}` });
    }
  }
  return options.sort((a, b) => ORDER[a.target.kind] - ORDER[b.target.kind]);
}

/** External addresses of the incident, offered as the destinations to cut in "block egress". */
export function suggestedEgressCidrs(entities: EntityRef[]): string[] {
  return entities.filter((e) => e.kind === 'ip' && /^(\d{1,3}\.){3}\d{1,3}$/.test(e.name)).map((e) => `${e.name}/32`).slice(0, 20);
}
