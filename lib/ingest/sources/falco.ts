// Falco alerts as Falcosidekick's webhook output posts them (one JSON event), or Falco's own
// http_output (no uuid). Every output_fields key is kept.
import { z } from 'zod';
import type { Severity } from '../../db/generated/enums';
import { techniquesFromTags } from '../../mitre';
import { clip, contentId, emptyAlert, toDate, type NormalizedAlert } from '../normalized';

const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'] as const;

export const falcoEventSchema = z
  .object({
    uuid: z.string().min(1).max(200).optional(),
    output: z.string().max(65_536),
    priority: z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(PRIORITIES, { error: `must be one of ${PRIORITIES.join(', ')}` })),
    rule: z.string().min(1).max(512),
    time: z.iso.datetime({ offset: true, precision: undefined, error: 'must be an RFC 3339 time' }),
    output_fields: z.record(z.string(), z.unknown()).refine((fields) => Object.keys(fields).length > 0, 'must not be empty'),
    source: z.string().max(64).optional(),
    tags: z.array(z.string().max(128)).max(100).optional(),
    hostname: z.string().max(256).optional(),
  })
  .loose();

export type FalcoEvent = z.infer<typeof falcoEventSchema>;

const SEVERITY: Record<(typeof PRIORITIES)[number], Severity> = {
  emergency: 'critical',
  alert: 'critical',
  critical: 'critical',
  error: 'high',
  warning: 'medium',
  notice: 'low',
  informational: 'info',
  info: 'info',
  debug: 'info',
};

/** "13:44:05.478445995: Critical A shell was spawned … (user=root …)" → "A shell was spawned …" */
export function falcoTitle(output: string, rule: string): string {
  let text = output.replace(/^\d{2}:\d{2}:\d{2}\.\d+:\s*/, '');
  text = text.replace(/^(Emergency|Alert|Critical|Error|Warning|Notice|Informational|Info|Debug)\s+/i, '');
  const cut = text.search(/\s\(|\s\|\s/);
  if (cut > 0) text = text.slice(0, cut);
  return clip(text.trim(), 300) ?? rule;
}

function str(fields: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = clip(fields[key], 1_000);
    if (value !== null && value !== '<NA>') return value;
  }
  return null;
}

function port(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n < 65_536 ? n : null;
}

export function normalizeFalco(event: FalcoEvent, receivedAt: Date): NormalizedAlert {
  const f = event.output_fields;
  const sourceEventId = event.uuid ?? contentId(['falco', event.time, event.rule, event.output, event.hostname ?? null]);
  const alert = emptyAlert({
    source: 'falco',
    sourceEventId,
    rule: event.rule,
    title: falcoTitle(event.output, event.rule),
    severity: SEVERITY[event.priority],
    occurredAt: toDate(event.time, receivedAt),
    raw: event,
  });
  const isAudit = (event.source ?? '').startsWith('k8s_audit') || 'ka.verb' in f;
  const repository = str(f, 'container.image.repository');
  const tag = str(f, 'container.image.tag');

  alert.clusterName = str(f, 'k8s.cluster.name', 'cluster', 'k8s_cluster');
  alert.namespace = isAudit ? str(f, 'ka.target.namespace', 'k8s.ns.name') : str(f, 'k8s.ns.name', 'k8s_ns_name');
  alert.pod = isAudit
    ? f['ka.target.resource'] === 'pods'
      ? str(f, 'ka.target.name')
      : null
    : str(f, 'k8s.pod.name', 'k8s_pod_name');
  alert.container = str(f, 'container.name', 'container.id');
  alert.image = repository ? (tag ? `${repository}:${tag}` : repository) : null;
  // Falco's hostname is the node it runs on (usually FALCO_HOSTNAME=spec.nodeName), except for the
  // k8saudit plugin, which runs in a Deployment; and a DaemonSet pod name is not a node either.
  alert.node = isAudit
    ? null
    : (str(f, 'k8s.node.name', 'evt.hostname') ?? (event.hostname && !/^falco-[a-z0-9]{5}$/.test(event.hostname) ? event.hostname : null));
  alert.principal = isAudit ? str(f, 'ka.user.name') : null;
  alert.process = str(f, 'proc.cmdline', 'proc.name');
  alert.srcIp = str(f, 'fd.cip', 'fd.lip');
  alert.dstIp = str(f, 'fd.sip', 'fd.rip');
  alert.dstPort = port(f['fd.sport'] ?? f['fd.rport']);
  alert.dstName = str(f, 'fd.sip.name', 'fd.rip.name');
  alert.tags = event.tags ?? [];
  alert.techniques = techniquesFromTags(alert.tags);
  alert.fields = f; // every output_fields key, as sent (the full event is in raw)
  alert.detail = isAudit ? str(f, 'ka.uri', 'ka.verb') : (alert.process ?? str(f, 'fd.name'));
  return alert;
}
