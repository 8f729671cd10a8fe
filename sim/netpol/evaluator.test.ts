import { describe, expect, it } from 'vitest';
import { K } from '../api/known-types.js';
import type { NetworkPolicy, Pod } from '../api/types.js';
import { ObjectStore } from '../store/object-store.js';
import { NetworkPolicyEvaluator } from './evaluator.js';

let uid = 0;
const meta = (name: string, namespace?: string, labels: Record<string, string> = {}) => ({ name, namespace, labels, uid: String(++uid), resourceVersion: '', creationTimestamp: '' });

function cluster(policies: NetworkPolicy['spec'][]) {
  const store = new ObjectStore(10);
  for (const [ns, team] of [['shop', 'web'], ['data', 'db'], ['other', 'x']] as const) store.create(K.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { 'kubernetes.io/metadata.name': ns, team }) });
  const pod = (name: string, namespace: string, labels: Record<string, string>, port: number, portName: string) =>
    store.create(K.Pod, { apiVersion: 'v1', kind: 'Pod', metadata: meta(name, namespace, labels), spec: { containers: [{ name: 'c', ports: [{ name: portName, containerPort: port }] }] }, status: { podIP: `10.244.0.${uid}` } }) as Pod;
  const web = pod('web', 'shop', { app: 'web' }, 80, 'http');
  const db = pod('db', 'data', { app: 'db' }, 5432, 'postgres');
  const stranger = pod('stranger', 'other', { app: 'x' }, 80, 'http');
  policies.forEach((spec, i) => store.create(K.NetworkPolicy, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(`p${i}`, i === 0 ? 'data' : 'shop'), spec }));
  return { evaluator: new NetworkPolicyEvaluator(store), web, db, stranger };
}

describe('[SIM] NetworkPolicy evaluation', () => {
  it('allows everything when no policy selects the pods', () => {
    const { evaluator, web, db } = cluster([]);
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'pod', pod: db }, 5432, 'TCP').allowed).toBe(true);
  });

  it('applies ingress rules with namespaceSelector, podSelector and a named port', () => {
    const { evaluator, web, db, stranger } = cluster([
      { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }], ports: [{ protocol: 'TCP', port: 'postgres' }] }] },
    ]);
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'pod', pod: db }, 5432, 'TCP')).toEqual({ allowed: true });
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'pod', pod: db }, 5433, 'TCP').allowed).toBe(false);
    expect(evaluator.evaluate({ kind: 'pod', pod: stranger }, { kind: 'pod', pod: db }, 5432, 'TCP')).toMatchObject({ allowed: false, deniedAt: 'INGRESS', policies: ['data/p0'] });
  });

  it('makes a pod selected for Egress default-deny except what some policy allows (additive), with ipBlock except', () => {
    const { evaluator, web, db } = cluster([
      { podSelector: {}, policyTypes: ['Ingress'] },
      { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] },
      { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }], ports: [{ port: 443 }, { port: 8000, endPort: 8100 }] }] },
    ]);
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'external', ip: '54.187.174.169' }, 443, 'TCP').allowed).toBe(true);
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'external', ip: '54.187.174.169' }, 8080, 'TCP').allowed).toBe(true);
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'external', ip: '169.254.169.254' }, 443, 'TCP')).toMatchObject({ allowed: false, deniedAt: 'EGRESS' });
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'external', ip: '54.187.174.169' }, 80, 'TCP').allowed).toBe(false);
    // ipBlock rules do not match in-cluster pods (Cilium uses identities for those).
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'pod', pod: db }, 443, 'TCP').allowed).toBe(false);
  });

  it('denies both directions for a pod selected by a rule-less Ingress+Egress policy', () => {
    const { evaluator, web, stranger } = cluster([{ podSelector: { matchLabels: { app: 'nothing' } } }, { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress', 'Egress'] }]);
    expect(evaluator.evaluate({ kind: 'pod', pod: stranger }, { kind: 'pod', pod: web }, 80, 'TCP')).toMatchObject({ allowed: false, deniedAt: 'INGRESS' });
    expect(evaluator.evaluate({ kind: 'pod', pod: web }, { kind: 'external', ip: '1.1.1.1' }, 53, 'UDP')).toMatchObject({ allowed: false, deniedAt: 'EGRESS' });
  });
});
