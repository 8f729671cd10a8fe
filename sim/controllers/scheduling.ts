import type { NodeObject, PodSpec, Taint, Toleration } from '../api/types.js';
import { matchesLabelSelector } from '../store/selectors.js';

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

export function isNodeReady(node: NodeObject): boolean {
  return node.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export interface FitResult {
  fits: boolean;
  reason?: 'unschedulable' | 'taint' | 'selector' | 'notReady';
  taint?: Taint;
}

/** The scheduler's filter plugins that matter here: NodeUnschedulable, TaintToleration, NodeAffinity. */
export function podFitsNode(spec: PodSpec, node: NodeObject): FitResult {
  if (!isNodeReady(node)) return { fits: false, reason: 'notReady' };
  if (node.spec.unschedulable && !tolerates(spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return { fits: false, reason: 'unschedulable' };
  for (const taint of node.spec.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerates(spec.tolerations, taint)) return { fits: false, reason: 'taint', taint };
  }
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (node.metadata.labels?.[k] !== v) return { fits: false, reason: 'selector' };
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0) {
    const anyTerm = terms.some((term) => {
      const fieldsOk = (term.matchFields ?? []).every((f) => f.key === 'metadata.name' && (f.operator === 'In' ? (f.values ?? []).includes(node.metadata.name) : !(f.values ?? []).includes(node.metadata.name)));
      const labelsOk = matchesLabelSelector(node.metadata.labels, { matchExpressions: term.matchExpressions ?? [] });
      return fieldsOk && labelsOk;
    });
    if (!anyTerm) return { fits: false, reason: 'selector' };
  }
  return { fits: true };
}

/** "0/4 nodes are available: 1 node(s) were unschedulable, ..." as the scheduler words it. */
export function unschedulableMessage(results: FitResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    let text: string;
    switch (r.reason) {
      case 'unschedulable':
        text = 'node(s) were unschedulable';
        break;
      case 'taint':
        text = `node(s) had untolerated taint {${r.taint?.key}: ${r.taint?.value ?? ''}}`;
        break;
      case 'notReady':
        text = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
        break;
      default:
        text = "node(s) didn't match Pod's node affinity/selector";
    }
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const parts = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([t, n]) => `${n} ${t}`);
  const total = results.length;
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}
