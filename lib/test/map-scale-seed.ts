// Test support: the map's data at the size of the simulator's large profile, seeded with
// set-based SQL (150 namespaces × 20 Deployments with ReplicaSets, pods and Services, Ingresses,
// wide bindings, 15,000 edges with a per-minute bucket for each minute of the last hour, 300 open
// incidents, 20 isolations).
import { pgPool } from '../db/pool';

export const SCALE = { namespaces: 150, perNamespace: 20, edges: 15_000 } as const;

export async function seedMapAtScale(clusterId: string): Promise<void> {
  const NAMESPACES = SCALE.namespaces;
  const PER_NAMESPACE = SCALE.perNamespace;
  const EDGES = SCALE.edges;
  const sql = (text: string, params: unknown[] = []) => pgPool().query(text, params);
  await sql(`INSERT INTO cluster (id, name, "displayName", source, "createdAt", "updatedAt") VALUES ($1, 'scale', 'Scale', 'simulator', now() - interval '2 days', now())`, [clusterId]);
  // Namespaces, Deployments, ReplicaSets, pods, Services (one LoadBalancer per namespace), Ingresses, bindings.
  await sql(
    `WITH ns AS (SELECT n, 'team-' || lpad(n::text, 3, '0') AS name FROM generate_series(1, $2::int) n),
          w AS (SELECT ns.n, ns.name AS namespace, j, 'svc-' || lpad(j::text, 2, '0') AS name FROM ns, generate_series(1, $3::int) j)
     INSERT INTO cluster_object (id, "clusterId", kind, namespace, name, uid, labels, summary, "ownerKind", "ownerName", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'Namespace', '', name, null, '{}', '{"created":"2026-01-01T00:00:00Z","phase":"Active"}', null, null, now() FROM ns
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'Deployment', namespace, name, null, jsonb_build_object('app', name),
            jsonb_build_object('created', '2026-01-01T00:00:00Z', 'replicas', 1, 'ready', 1, 'serviceAccountName', name,
              'images', jsonb_build_array('registry.shop.internal/' || namespace || '/' || name || ':1.0'), 'privileged', j = 7, 'hostNetwork', false, 'hostPID', false,
              'selector', jsonb_build_object('app', name), 'templateLabels', jsonb_build_object('app', name)), null, null, now() FROM w
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'ReplicaSet', namespace, name || '-5d8f9c7b6', null, jsonb_build_object('app', name),
            jsonb_build_object('created', '2026-01-01T00:00:00Z', 'replicas', 1, 'ready', 1, 'images', '[]'::jsonb, 'selector', '{}'::jsonb, 'templateLabels', '{}'::jsonb),
            'Deployment', name, now() FROM w
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'Pod', namespace, name || '-5d8f9c7b6-x2k4q', null, jsonb_build_object('app', name),
            jsonb_build_object('created', '2026-01-01T00:00:00Z', 'nodeName', 'node-' || (j % 30), 'phase', 'Running', 'podIP', '10.0.' || n || '.' || j,
              'restarts', 0, 'ready', true, 'images', '[]'::jsonb, 'serviceAccountName', name), 'ReplicaSet', name || '-5d8f9c7b6', now() FROM w
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'Service', namespace, name, null, '{}',
            jsonb_build_object('type', CASE WHEN j = 1 THEN 'LoadBalancer' ELSE 'ClusterIP' END, 'selector', jsonb_build_object('app', name),
              'ports', '[]'::jsonb, 'externalIPs', '[]'::jsonb, 'loadBalancer', '[]'::jsonb), null, null, now() FROM w
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'Ingress', name, 'web', null, '{}',
            jsonb_build_object('hosts', jsonb_build_array(name || '.example.com'), 'backends', jsonb_build_array('svc-02'), 'tls', true), null, null, now() FROM ns
     UNION ALL
     SELECT gen_random_uuid()::text, $1, 'ClusterRoleBinding', '', 'admin-' || name, null, '{}',
            jsonb_build_object('roleRef', jsonb_build_object('kind', 'ClusterRole', 'name', 'cluster-admin'),
              'subjects', jsonb_build_array(jsonb_build_object('kind', 'ServiceAccount', 'name', 'svc-03', 'namespace', name))), null, null, now() FROM ns WHERE n % 10 = 0`,
    [clusterId, NAMESPACES, PER_NAMESPACE],
  );
  // 15,000 edges: each workload calls five others (two in its namespace, three elsewhere), each
  // edge with a per-minute bucket for every minute of the last hour (900,000 buckets).
  await sql(
    `INSERT INTO flow ("clusterId", "srcKey", "srcNamespace", "srcName", "dstKey", "dstNamespace", "dstName", port, protocol, verdict, count, "firstSeenAt", "lastSeenAt")
     SELECT $1, s.ns || '/Deployment/' || s.name, s.ns, s.name, d.ns || '/Deployment/' || d.name, d.ns, d.name, 8080, 'TCP',
            (CASE WHEN k = 5 THEN 'dropped' ELSE 'forwarded' END)::"FlowVerdict", 600,
            (now() AT TIME ZONE 'UTC') - interval '1 day', (now() AT TIME ZONE 'UTC') - (k || ' seconds')::interval
       FROM generate_series(0, $2::int - 1) i,
            LATERAL (SELECT 'team-' || lpad((1 + (i / 100) % 150)::text, 3, '0') AS ns, 'svc-' || lpad((1 + (i / 5) % 20)::text, 2, '0') AS name, 1 + i % 5 AS k) s,
            LATERAL (SELECT 'team-' || lpad((1 + ((i / 100) + CASE WHEN k <= 2 THEN 0 ELSE k * 7 END) % 150)::text, 3, '0') AS ns,
                            'svc-' || lpad((1 + ((i / 5) + k) % 20)::text, 2, '0') AS name) d
     ON CONFLICT DO NOTHING`,
    [clusterId, EDGES],
  );
  await sql(
    `INSERT INTO flow_window ("flowId", "bucketStart", count)
     SELECT f.id, date_trunc('minute', now() AT TIME ZONE 'UTC') - (m || ' minutes')::interval, 10
       FROM flow f, generate_series(0, 59) m WHERE f."clusterId" = $1`,
    [clusterId],
  );
  // 300 open incidents on workloads, with their namespace and pod entities; 20 isolations.
  await sql(
    `WITH i AS (
       INSERT INTO incident (title, severity, status, "correlationKey", "clusterId", namespace, workload, "firstSeenAt", "lastSeenAt", "updatedAt")
       SELECT 'incident ' || n, (ARRAY['low','medium','high','critical'])[1 + n % 4]::"Severity", 'new', 'k' || n, $1,
              'team-' || lpad((1 + n % 150)::text, 3, '0'), 'svc-' || lpad((1 + n % 20)::text, 2, '0'), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
         FROM generate_series(1, 300) n RETURNING id, namespace, workload),
     e AS (
       INSERT INTO entity (id, "clusterId", kind, key, name, namespace)
       SELECT DISTINCT ON (kind, key) gen_random_uuid()::text, $1, kind::"EntityKind", key, name, namespace FROM (
         SELECT 'workload' AS kind, namespace || '/Deployment/' || workload AS key, workload AS name, namespace FROM i
         UNION ALL SELECT 'namespace', namespace, namespace, namespace FROM i
         UNION ALL SELECT 'pod', namespace || '/' || workload || '-5d8f9c7b6-x2k4q', workload || '-5d8f9c7b6-x2k4q', namespace FROM i) x
       RETURNING id, kind, key, namespace)
     INSERT INTO incident_entity ("incidentId", "entityId")
     SELECT i.id, e.id FROM i JOIN e ON e.namespace = i.namespace
      AND (e.kind = 'namespace' OR e.key IN (i.namespace || '/Deployment/' || i.workload, i.namespace || '/' || i.workload || '-5d8f9c7b6-x2k4q'))`,
    [clusterId],
  );
  await sql(
    `INSERT INTO containment_action (id, "idempotencyKey", "clusterId", kind, target, status, "finishedAt")
     SELECT gen_random_uuid()::text, 'scale-' || n, $1, 'isolate_workload',
            jsonb_build_object('kind', 'workload', 'workloadKind', 'Deployment', 'namespace', 'team-' || lpad(n::text, 3, '0'), 'name', 'svc-05'),
            'succeeded', now() AT TIME ZONE 'UTC'
       FROM generate_series(1, 20) n`,
    [clusterId],
  );
  await sql('ANALYZE');
}
