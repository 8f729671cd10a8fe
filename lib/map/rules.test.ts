// The pure parts of the map: ids, state rules and query parameters.
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { drawnWorkloadId, externalLabel, nodeIdOfFlowKey, parseWorkloadId, podWorkloadId } from './ids';
import { changesQuerySchema, mapQuerySchema, parseQuery, workloadQuerySchema } from './schemas';
import { exposureOf, maxSeverity, unknownRegistries, wideServiceAccounts, type ExposingService } from './state';

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
};

describe('[MAP] ids', () => {
  it('maps flow keys, pods and folded workloads to node ids', () => {
    expect(nodeIdOfFlowKey('ip:169.254.169.254')).toBe('metadata');
    expect(nodeIdOfFlowKey('ip:203.0.113.9')).toBe('ip:203.0.113.9');
    expect(externalLabel('dns:pool.example.com')).toBe('pool.example.com');
    expect(parseWorkloadId('shop/Deployment/frontend')).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'frontend' });
    expect(parseWorkloadId('ns:shop')).toBeNull();
    expect(parseWorkloadId('host:10.0.0.1')).toBeNull();
    expect(parseWorkloadId('world')).toBeNull();
    expect(drawnWorkloadId('ReplicaSet', 'shop', 'frontend-5d8f9c7b6', 'Deployment', 'frontend')).toBe('shop/Deployment/frontend');
    expect(drawnWorkloadId('ReplicaSet', 'shop', 'lonely', null, null)).toBe('shop/ReplicaSet/lonely');
    expect(drawnWorkloadId('Job', 'ops', 'backup-28999', 'CronJob', 'backup')).toBe('ops/CronJob/backup');
    const owner = (kind: string | null, name: string | null, parentKind: string | null = null, parentName: string | null = null) => ({ known: true, kind, name, parentKind, parentName });
    expect(podWorkloadId('shop', 'frontend-5d8f9c7b6-x2k4q', owner('ReplicaSet', 'frontend-5d8f9c7b6', 'Deployment', 'frontend'))).toBe('shop/Deployment/frontend');
    expect(podWorkloadId('data', 'postgres-0', owner('StatefulSet', 'postgres'))).toBe('data/StatefulSet/postgres');
    expect(podWorkloadId('kube-system', 'etcd-cp', owner('Node', 'cp'))).toBe('kube-system/Pod/etcd-cp');
    expect(podWorkloadId('ops', 'debug', owner(null, null))).toBe('ops/Pod/debug');
    // Not in the inventory: the Deployment naming pattern, else the pod itself.
    expect(podWorkloadId('shop', 'frontend-5d8f9c7b6-x2k4q', { known: false, kind: null, name: null, parentKind: null, parentName: null })).toBe('shop/Deployment/frontend');
    expect(podWorkloadId('data', 'postgres-0', { known: false, kind: null, name: null, parentKind: null, parentName: null })).toBe('data/Pod/postgres-0');
  });
});

describe('[MAP] state rules', () => {
  it('finds how the internet reaches a workload', () => {
    const services: ExposingService[] = [
      { namespace: 'shop', name: 'frontend', summary: { type: 'LoadBalancer', selector: { app: 'frontend' }, externalIPs: [], loadBalancer: ['203.0.113.10'] } },
      { namespace: 'shop', name: 'web', summary: { type: 'ClusterIP', selector: { app: 'frontend', tier: 'web' }, externalIPs: [], loadBalancer: [] } },
      { namespace: 'shop', name: 'legacy', summary: { type: 'ClusterIP', selector: { app: 'legacy' }, externalIPs: ['198.51.100.4'], loadBalancer: [] } },
      { namespace: 'shop', name: 'headless', summary: { type: 'NodePort', selector: {}, externalIPs: [], loadBalancer: [] } },
    ];
    const ingresses = [{ namespace: 'shop', name: 'web', hosts: ['shop.example.com', 'www.shop.example.com'], backends: ['web'] }];
    expect(exposureOf('shop', { app: 'frontend', tier: 'web' }, services, ingresses)).toEqual(['LoadBalancer Service shop/frontend', 'Ingress shop.example.com, www.shop.example.com']);
    expect(exposureOf('shop', { app: 'legacy' }, services, ingresses)).toEqual(['Service shop/legacy on external IP 198.51.100.4']);
    // An empty selector selects nothing; other namespaces do not count.
    expect(exposureOf('shop', {}, services, ingresses)).toEqual([]);
    expect(exposureOf('api', { app: 'frontend', tier: 'web' }, services, ingresses)).toEqual([]);
  });

  it('flags service accounts bound cluster-wide to powerful roles', () => {
    const wide = wideServiceAccounts([
      { name: 'ci-preview-admin', summary: { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }] }, role: null },
      { name: 'ci-rbac-manager', summary: { roleRef: { kind: 'ClusterRole', name: 'ci-rbac-manager' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }] }, role: { wildcardVerbs: false, escalation: ['bind'] } },
      { name: 'reader', summary: { roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'ops' }] }, role: { wildcardVerbs: false, escalation: [] } },
      { name: 'team-edit', summary: { roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:team', namespace: null }] }, role: null },
    ]);
    expect(wide('ci', 'actions-runner')).toBe('ci/actions-runner (ClusterRoleBinding ci-preview-admin → cluster-admin)');
    expect(wide('ci', 'builder')).toBe('ci/builder (ClusterRoleBinding ci-rbac-manager → ci-rbac-manager: bind)');
    expect(wide('ops', 'reader')).toBeNull();
    expect(wide('team', 'anyone')).toBe('team/anyone (ClusterRoleBinding team-edit → edit)');
  });

  it('names untrusted registries as imageSource names them', () => {
    const trusted = ['docker.io/library', 'registry.k8s.io', 'quay.io/cilium'];
    expect(unknownRegistries(['nginx:1.27', 'registry.k8s.io/coredns/coredns:v1.11.3', 'quay.io/cilium/cilium:v1.16.3'], trusted)).toEqual([]);
    expect(unknownRegistries(['registry.evil.example/ops/node-metrics-agent:1.0', 'quay.io/evil/x:1', 'stranger/tool:1'], trusted)).toEqual(['registry.evil.example', 'quay.io/evil', 'docker.io/stranger']);
  });

  it('orders severities', () => {
    expect(maxSeverity('low', 'critical')).toBe('critical');
    expect(maxSeverity(null, 'medium')).toBe('medium');
    expect(maxSeverity('high', null)).toBe('high');
  });
});

describe('[MAP] query parameters', () => {
  const url = (q: string) => `http://cordon.test/api/map?${q}`;

  it('parses times, filters and replays', () => {
    expect(parseQuery(mapQuerySchema, url('from=2026-01-31T12:00:00Z&to=2026-01-31T14:00:00%2B01:00&namespace=shop&verdict=dropped'))).toMatchObject({
      from: new Date('2026-01-31T12:00:00Z'),
      namespace: 'shop',
      verdict: 'dropped',
    });
    expect(parseQuery(mapQuerySchema, url('at=2026-01-31T12:00:00Z&incident=42&cluster='))).toEqual({ at: new Date('2026-01-31T12:00:00Z'), incident: 42 });
    expect(parseQuery(changesQuerySchema, url('since=2026-01-31T12:00:00.123Z')).since).toEqual(new Date('2026-01-31T12:00:00.123Z'));
    expect(parseQuery(workloadQuerySchema, url('key=shop%2FDeployment%2Ffrontend')).key).toBe('shop/Deployment/frontend');
  });

  it('answers 400 naming the parameter', () => {
    const cases: [typeof mapQuerySchema | typeof changesQuerySchema | typeof workloadQuerySchema, string, RegExp][] = [
      [mapQuerySchema, 'from=yesterday', /^Query parameter "from" must be an ISO 8601 time/],
      [mapQuerySchema, 'verdict=maybe', /^Query parameter "verdict" must be forwarded, dropped, error or audit/],
      [mapQuerySchema, 'namespace=Not_A_Name', /^Query parameter "namespace" must be a namespace name/],
      [mapQuerySchema, 'incident=abc', /^Query parameter "incident"/],
      [mapQuerySchema, 'from=2026-01-31T13:00:00Z&to=2026-01-31T12:00:00Z', /^Query parameter "from" must be before "to"/],
      [mapQuerySchema, 'at=2026-01-31T13:00:00Z&from=2026-01-31T12:00:00Z', /^Query parameter "at" replays a fixed five-minute window/],
      [changesQuerySchema, '', /^Query parameter "since" is required/],
      [workloadQuerySchema, '', /^Query parameter "key" is required/],
      [workloadQuerySchema, 'key=ip:1.2.3.4', /^Query parameter "key" must be a workload id/],
    ];
    for (const [schema, query, message] of cases) {
      const error = errorOf(() => parseQuery(schema, url(query)));
      expect(error).toBeInstanceOf(AppError);
      expect(error.status).toBe(400);
      expect(error.userMessage, query).toMatch(message);
    }
  });
});
