import { describe, expect, it } from 'vitest';
import { suggestedEgressCidrs, targetsFromEntities } from './targets';

describe('[CONTAINMENT] targets from an incident\'s entities', () => {
  it('offers pods first, then workloads, service accounts and nodes, once each', () => {
    const targets = targetsFromEntities([
      { kind: 'node', key: 'demo-worker-1', name: 'demo-worker-1', namespace: null },
      { kind: 'workload', key: 'shop/Deployment/frontend', name: 'frontend', namespace: 'shop' },
      { kind: 'service_account', key: 'shop/default', name: 'default', namespace: 'shop' },
      { kind: 'pod', key: 'shop/frontend-7c9-abcde', name: 'frontend-7c9-abcde', namespace: 'shop' },
      { kind: 'pod', key: 'shop/frontend-7c9-abcde', name: 'frontend-7c9-abcde', namespace: 'shop' },
      { kind: 'image', key: 'nginx:1.27', name: 'nginx:1.27', namespace: null },
      { kind: 'namespace', key: 'shop', name: 'shop', namespace: 'shop' },
    ]);
    expect(targets.map((t) => t.label)).toEqual(['pod shop/frontend-7c9-abcde', 'Deployment shop/frontend', 'service account shop/default', 'node demo-worker-1']);
    expect(targets[1]?.target).toEqual({ kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'frontend' });
  });

  it('leaves out workloads whose kind is unknown rather than guess the API', () => {
    expect(targetsFromEntities([{ kind: 'workload', key: 'shop/Workload/thing', name: 'thing', namespace: 'shop' }])).toEqual([]);
  });

  it('suggests the incident\'s external IPv4 addresses as the egress to block', () => {
    expect(
      suggestedEgressCidrs([
        { kind: 'ip', key: '192.0.2.44', name: '192.0.2.44', namespace: null },
        { kind: 'domain', key: 'pool.supportxmr.com', name: 'pool.supportxmr.com', namespace: null },
      ]),
    ).toEqual(['192.0.2.44/32']);
  });
});
