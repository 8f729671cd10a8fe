import type { Pod } from '../api/types.js';
import { hashString } from '../util/random.js';
import type { FalcoRule } from './rules.js';

/** A Falco event as Falcosidekick forwards it (uuid added by Falcosidekick). */
export interface FalcoEvent {
  uuid: string;
  output: string;
  priority: string;
  rule: string;
  time: string;
  output_fields: Record<string, string | number | null>;
  source: string;
  tags: string[];
  hostname: string;
}

function falcoTime(ms: number, salt: string): { iso: string; clock: string; nanos: bigint } {
  const whole = Math.floor(ms);
  const extra = hashString(salt) % 1_000_000;
  const iso = new Date(whole).toISOString().replace(/Z$/, `${String(extra).padStart(6, '0')}Z`);
  const clock = iso.slice(11, 29);
  return { iso, clock, nanos: BigInt(whole) * 1_000_000n + BigInt(extra) };
}

function imageParts(image: string): { repository: string; tag: string } {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(':');
  if (colon > base.lastIndexOf('/')) return { repository: base.slice(0, colon), tag: base.slice(colon + 1) };
  return { repository: base, tag: 'latest' };
}

export interface ProcessFields {
  'proc.name': string;
  'proc.cmdline': string;
  'proc.exepath'?: string;
  'proc.pname'?: string;
  'proc.pid'?: number;
  'proc.tty'?: number;
  'user.name'?: string;
  'user.uid'?: number;
  'evt.type'?: string;
  [field: string]: string | number | null | undefined;
}

/**
 * A syscall-source event for a container, with the container/k8s fields the container plugin adds
 * (Falco ≥ 0.41 appends them to the output too).
 */
export function syscallEvent(rule: FalcoRule, pod: Pod, containerName: string, fields: ProcessFields, uuid: string, timeMs = Date.now()): FalcoEvent {
  const spec = pod.spec.containers.find((c) => c.name === containerName) ?? pod.spec.containers[0];
  const status = pod.status?.containerStatuses?.find((c) => c.name === (spec?.name ?? containerName));
  const containerId = (status?.containerID ?? '').replace(/^containerd:\/\//, '').slice(0, 12) || hashString(pod.metadata.uid).toString(16).padStart(12, '0').slice(0, 12);
  const { repository, tag } = imageParts(spec?.image ?? '');
  const t = falcoTime(timeMs, uuid);
  const all: Record<string, string | number | null> = {
    'container.id': containerId,
    'container.name': spec?.name ?? containerName,
    'container.image.repository': repository,
    'container.image.tag': tag,
    'evt.time': Number(t.nanos),
    'evt.type': fields['evt.type'] ?? 'execve',
    'k8s.ns.name': pod.metadata.namespace ?? null,
    'k8s.pod.name': pod.metadata.name,
    'proc.tty': 0,
    'user.loginuid': -1,
    'user.name': 'root',
    'user.uid': 0,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = v;
  const shown = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${outputName(k)}=${v}`)
    .join(' ');
  const suffix = `container_id=${containerId} container_name=${all['container.name']} container_image_repository=${repository} container_image_tag=${tag} k8s_pod_name=${pod.metadata.name} k8s_ns_name=${pod.metadata.namespace}`;
  return {
    uuid,
    output: `${t.clock}: ${rule.priority} ${rule.message} | ${shown} ${suffix}`,
    priority: rule.priority,
    rule: rule.rule,
    time: t.iso,
    output_fields: all,
    source: 'syscall',
    tags: [...rule.tags].sort(),
    hostname: pod.spec.nodeName ?? 'unknown',
  };
}

/** The output label Falco rules use for a field (`proc.cmdline` → `command`, …). */
function outputName(field: string): string {
  const names: Record<string, string> = {
    'proc.cmdline': 'command', 'proc.name': 'process', 'proc.exepath': 'proc_exepath', 'proc.pname': 'parent', 'proc.tty': 'terminal', 'user.name': 'user', 'user.uid': 'user_uid',
    'evt.type': 'evt_type', 'fd.name': 'connection', 'fd.rip': 'ip', 'fd.rport': 'rport', 'fd.lport': 'lport', 'fd.l4proto': 'fd_proto', 'fd.sip': 'fd.sip',
  };
  return names[field] ?? field.replace(/\./g, '_');
}

/** A k8s_audit-source event (what the Falco k8saudit plugin raises from an audit event). */
export function k8sAuditEvent(rule: FalcoRule, details: string, fields: Record<string, string | number | null>, uuid: string, hostname: string, timeMs = Date.now()): FalcoEvent {
  const t = falcoTime(timeMs, uuid);
  return {
    uuid,
    output: `${t.clock}: ${rule.priority} ${rule.message} (${details})`,
    priority: rule.priority,
    rule: rule.rule,
    time: t.iso,
    output_fields: { 'evt.time': Number(t.nanos), ...fields },
    source: 'k8s_audit',
    tags: [...rule.tags],
    hostname,
  };
}
