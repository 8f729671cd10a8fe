// Demo data for an empty database: the four demo accounts and a few incidents from real alert
// payloads (fixtures/, with their provenance). Runs at `npm start` when the
// database has no users, and by `npm run db:seed`.
import { createUser } from '../lib/users/commands/create-user';
import { db } from '../lib/db/client';
import { defaultDetectionConfig } from '../lib/ingest/settings';
import type { Role } from '../lib/auth/roles';
import { ROLES } from '../lib/auth/roles';
import type { Prisma } from '../lib/db/generated/client';

export const DEMO_DOMAIN = 'cordon.local';
export const DEMO_CLUSTER = 'demo';

export function demoCredentials(role: Role): { email: string; password: string } {
  return { email: `${role}@${DEMO_DOMAIN}`, password: `cordon-demo-${role}` };
}

const SEED_ACTOR = { type: 'system' as const, id: null, label: 'demo seed' };

export async function seedIfEmpty(options: { demo: boolean }): Promise<{ seeded: boolean }> {
  if ((await db.user.count()) > 0) return { seeded: false };
  if (!options.demo) return { seeded: false };
  for (const role of ROLES) {
    const { email, password } = demoCredentials(role);
    await createUser({ email, password, role, name: `Demo ${role}` }, SEED_ACTOR);
  }
  const cluster = await db.cluster.upsert({
    where: { name: DEMO_CLUSTER },
    create: { name: DEMO_CLUSTER, displayName: 'Demo cluster (simulator)', source: 'simulator' },
    update: {},
  });
  // The demo company's own registries are trusted; an image from anywhere else (the rogue
  // workload's registry.evil.example) is flagged on the map.
  await db.setting.upsert({
    where: { key: 'detection' },
    create: { key: 'detection', value: { trustedRegistries: [...defaultDetectionConfig().trustedRegistries, 'registry.shop.internal', 'ghcr.io/cordon-demo'] } },
    update: {},
  });
  for (const incident of demoIncidents(cluster.id, new Date())) {
    await createDemoIncident(incident);
  }
  return { seeded: true };
}

interface DemoIncident {
  incident: Prisma.IncidentUncheckedCreateInput;
  alerts: Omit<Prisma.AlertUncheckedCreateInput, 'incidentId'>[];
}

async function createDemoIncident({ incident, alerts }: DemoIncident): Promise<void> {
  await db.$transaction(async (tx) => {
    const created = await tx.incident.create({ data: incident });
    // The affected entities, as correlation links them for live alerts (lib/ingest/writer/correlate.ts).
    const first = alerts[0];
    const entities: { kind: 'namespace' | 'workload' | 'node'; key: string; name: string; namespace: string | null; isPrimary: boolean }[] = [];
    if (first?.namespace) entities.push({ kind: 'namespace', key: first.namespace, name: first.namespace, namespace: first.namespace, isPrimary: false });
    if (first?.namespace && first.workload && first.workloadKind) {
      entities.push({ kind: 'workload', key: `${first.namespace}/${first.workloadKind}/${first.workload}`, name: first.workload, namespace: first.namespace, isPrimary: true });
    }
    if (first?.node) entities.push({ kind: 'node', key: first.node, name: first.node, namespace: null, isPrimary: false });
    for (const { isPrimary, ...entity } of entities) {
      const row = await tx.entity.upsert({
        where: { clusterId_kind_key: { clusterId: incident.clusterId!, kind: entity.kind, key: entity.key } },
        create: { clusterId: incident.clusterId!, ...entity },
        update: {},
        select: { id: true },
      });
      await tx.incidentEntity.create({ data: { incidentId: created.id, entityId: row.id, isPrimary } });
    }
    for (const alert of alerts) {
      const row = await tx.alert.create({ data: { ...alert, incidentId: created.id } });
      await tx.timelineEntry.create({
        data: {
          incidentId: created.id,
          at: row.occurredAt,
          kind: 'alert',
          actorType: 'source',
          actorLabel: row.source,
          summary: row.title,
          groupKey: row.dedupKey,
          data: { alertId: row.id.toString(), rule: row.rule, severity: row.severity },
        },
      });
    }
  });
}

function minutesAgo(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

function demoIncidents(clusterId: string, now: Date): DemoIncident[] {
  const shell = {
    uuid: '3d2c5e1a-7b0f-4c4e-9a7e-2f6b1d9c8e01',
    output:
      'Critical A shell was spawned in a container with an attached terminal (user=root k8s.ns=shop k8s.pod=frontend-7c9d8-x2k4q shell=sh parent=runc cmdline=sh -c clear; (bash || ash || sh))',
    priority: 'Critical',
    rule: 'Terminal shell in container',
    source: 'syscall',
    tags: ['container', 'mitre_execution', 'shell', 'T1059'],
    hostname: 'falco-xczjd',
    output_fields: {
      'container.id': 'ee97d9c4186f',
      'container.image.repository': 'docker.io/library/nginx',
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'frontend-7c9d8-x2k4q',
      'proc.cmdline': 'sh -c clear; (bash || ash || sh)',
      'proc.name': 'sh',
      'proc.pname': 'runc',
      'user.name': 'root',
    },
  };
  return [
    {
      incident: {
        title: 'Terminal shell in container — shop/frontend',
        severity: 'critical',
        status: 'new',
        phase: 'detection_analysis',
        clusterId,
        correlationKey: `${clusterId}|workload|shop/Deployment/frontend`,
        namespace: 'shop',
        workload: 'frontend',
        rules: ['Terminal shell in container'],
        techniques: ['T1059'],
        alertCount: 1,
        firstSeenAt: minutesAgo(now, 60 * 5),
        lastSeenAt: minutesAgo(now, 60 * 5),
        detectedAt: minutesAgo(now, 60 * 5),
      },
      alerts: [
        {
          source: 'falco',
          sourceEventId: shell.uuid,
          dedupKey: 'falco|Terminal shell in container|shop/frontend',
          rule: shell.rule,
          title: 'A shell was spawned in a container with an attached terminal',
          severity: 'critical',
          occurredAt: minutesAgo(now, 60 * 5),
          clusterId,
          namespace: 'shop',
          workloadKind: 'Deployment',
          workload: 'frontend',
          pod: 'frontend-7c9d8-x2k4q',
          container: 'ee97d9c4186f',
          image: 'docker.io/library/nginx',
          principal: 'root',
          process: 'sh -c clear; (bash || ash || sh)',
          techniques: ['T1059'],
          tags: shell.tags,
          fields: shell.output_fields,
          raw: shell,
        },
      ],
    },
    {
      incident: {
        title: 'Kubernetes exec into pod — data/postgres',
        severity: 'high',
        status: 'investigating',
        phase: 'detection_analysis',
        clusterId,
        correlationKey: `${clusterId}|workload|data/StatefulSet/postgres`,
        namespace: 'data',
        workload: 'postgres',
        principal: 'jane@contractor.example',
        rules: ['Exec into pod'],
        techniques: ['T1609'],
        alertCount: 1,
        firstSeenAt: minutesAgo(now, 60 * 9),
        lastSeenAt: minutesAgo(now, 60 * 9),
        detectedAt: minutesAgo(now, 60 * 9 - 1),
        acknowledgedAt: minutesAgo(now, 60 * 9 - 15),
      },
      alerts: [
        {
          source: 'k8s_audit',
          sourceEventId: '6b2b1f9a-5b0c-4a53-8c7e-1d0f4f5e9a10',
          dedupKey: 'k8s_audit|Exec into pod|data/postgres',
          rule: 'Exec into pod',
          title: 'jane@contractor.example ran an exec in data/postgres-0 (command: sh)',
          severity: 'high',
          occurredAt: minutesAgo(now, 60 * 9),
          clusterId,
          namespace: 'data',
          workloadKind: 'StatefulSet',
          workload: 'postgres',
          pod: 'postgres-0',
          principal: 'jane@contractor.example',
          techniques: ['T1609'],
          tags: ['k8s_audit', 'exec'],
          fields: { verb: 'create', subresource: 'exec', command: 'sh' },
          raw: {
            kind: 'Event',
            apiVersion: 'audit.k8s.io/v1',
            level: 'Request',
            auditID: '6b2b1f9a-5b0c-4a53-8c7e-1d0f4f5e9a10',
            stage: 'ResponseStarted',
            requestURI: '/api/v1/namespaces/data/pods/postgres-0/exec?command=sh&container=postgres&stdin=true&stdout=true&tty=true',
            verb: 'create',
            user: { username: 'jane@contractor.example', groups: ['system:authenticated'] },
            objectRef: { resource: 'pods', namespace: 'data', name: 'postgres-0', apiVersion: 'v1', subresource: 'exec' },
            responseStatus: { metadata: {}, code: 101 },
          },
        },
      ],
    },
    {
      incident: {
        title: 'KubePodCrashLooping — api/checkout',
        severity: 'medium',
        status: 'closed',
        phase: 'post_incident',
        clusterId,
        correlationKey: `${clusterId}|workload|api/Deployment/checkout`,
        namespace: 'api',
        workload: 'checkout',
        rules: ['KubePodCrashLooping'],
        techniques: [],
        alertCount: 1,
        firstSeenAt: minutesAgo(now, 60 * 26),
        lastSeenAt: minutesAgo(now, 60 * 26),
        detectedAt: minutesAgo(now, 60 * 26),
        acknowledgedAt: minutesAgo(now, 60 * 26 - 4),
        resolvedAt: minutesAgo(now, 60 * 25),
        closedAt: minutesAgo(now, 60 * 25),
        resolution: 'false_positive',
        resolutionSummary: 'Crash loop caused by a bad config rollout, not an attack; rolled back by the team.',
      },
      alerts: [
        {
          source: 'alertmanager',
          sourceEventId: 'a1f7c3d2e4b5f607|' + minutesAgo(now, 60 * 26).toISOString(),
          dedupKey: 'alertmanager|KubePodCrashLooping|api/checkout',
          rule: 'KubePodCrashLooping',
          title: 'Pod api/checkout-5f7b9c-k8s2p is crash looping',
          severity: 'medium',
          occurredAt: minutesAgo(now, 60 * 26),
          clusterId,
          namespace: 'api',
          workloadKind: 'Deployment',
          workload: 'checkout',
          pod: 'checkout-5f7b9c-k8s2p',
          techniques: [],
          tags: ['alertmanager'],
          fields: { alertname: 'KubePodCrashLooping', severity: 'warning' },
          raw: {
            status: 'firing',
            labels: { alertname: 'KubePodCrashLooping', namespace: 'api', pod: 'checkout-5f7b9c-k8s2p', severity: 'warning' },
            annotations: { summary: 'Pod is crash looping.' },
            startsAt: minutesAgo(now, 60 * 26).toISOString(),
            fingerprint: 'a1f7c3d2e4b5f607',
          },
        },
      ],
    },
  ];
}
