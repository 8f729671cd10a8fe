// Evidence capture from pods, before anything destructive happens to them: manifests with status
// (the pod and its owners), container logs (current and previous), events, and live forensics run
// inside each container (processes, connections, listening ports, environment with values
// redacted, recently changed files); a kubelet checkpoint where the cluster allows it. Every
// artifact goes to the evidence store with its SHA-256 and a custody record.
import 'server-only';
import { storeEvidence, type EvidenceCollector } from '../evidence/store';
import type { EvidenceKind } from '../db/generated/enums';
import {
  checkpointContainer,
  execInPod,
  getManifest,
  getOwnerChain,
  getPod,
  isK8sError,
  listEvents,
  readPodLogs,
  type ClusterConnection,
} from '../k8s';

export interface CaptureContext {
  conn: ClusterConnection;
  clusterName: string;
  incidentId: number | null;
  actionId: string;
  collector: EvidenceCollector;
  checkpoint?: boolean;
}

export interface CaptureResult {
  items: { id: string; kind: EvidenceKind; filename: string; sha256: string; size: number }[];
  /** What could not be captured, with the cluster's reason (nothing is silently skipped). */
  problems: string[];
}

const FORENSICS: { kind: EvidenceKind; name: string; command: string; description: string }[] = [
  { kind: 'process_list', name: 'processes', command: 'ps aux 2>/dev/null || ps -ef', description: 'process list' },
  { kind: 'connections', name: 'connections', command: 'ss -tunap 2>/dev/null || netstat -tunap', description: 'open network connections' },
  { kind: 'listening_ports', name: 'listening', command: 'ss -tulnp 2>/dev/null || netstat -tulnp', description: 'listening ports' },
  // Values are redacted in the container, before anything leaves it.
  { kind: 'environment', name: 'environment', command: "env | sed 's/=.*/=[redacted]/'", description: 'environment variable names (values redacted)' },
  { kind: 'file_changes', name: 'recent-files', command: 'find / -xdev -type f -mmin -120 2>/dev/null | head -500', description: 'files changed in the last 2 hours' },
];

export async function capturePodEvidence(context: CaptureContext, namespace: string, podName: string): Promise<CaptureResult> {
  const result: CaptureResult = { items: [], problems: [] };
  const { conn } = context;
  const save = async (kind: EvidenceKind, filename: string, mediaType: string, description: string, content: string | Buffer, container?: string) => {
    const stored = await storeEvidence(
      {
        incidentId: context.incidentId,
        actionId: context.actionId,
        kind,
        filename,
        mediaType,
        description,
        source: { cluster: context.clusterName, namespace, pod: podName, container, node: pod?.nodeName ?? undefined },
        collector: context.collector,
      },
      content,
    );
    result.items.push({ id: stored.id, kind, filename, sha256: stored.sha256, size: stored.size });
  };
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      result.problems.push(`${what}: ${isK8sError(error) ? (error.clusterMessage ?? error.message) : error instanceof Error ? error.message : String(error)}`);
    }
  };

  let pod: Awaited<ReturnType<typeof getPod>> | null = null;
  await attempt(`pod ${namespace}/${podName}`, async () => {
    pod = await getPod(conn, namespace, podName);
  });
  if (!pod) return result;
  const current = pod as Awaited<ReturnType<typeof getPod>>;
  const base = `${namespace}_${podName}`;

  await attempt('pod manifest', async () => {
    const manifests = [await getManifest(conn, { apiVersion: 'v1', kind: 'Pod', namespace, name: podName })];
    for (const owner of await getOwnerChain(conn, current)) {
      if (owner.found) manifests.push(await getManifest(conn, { apiVersion: owner.apiVersion, kind: owner.kind, namespace: owner.namespace, name: owner.name }));
    }
    await save('manifest', `${base}.manifests.json`, 'application/json', `manifests with status: pod and ${manifests.length - 1} owner(s)`, JSON.stringify(manifests, null, 2));
  });
  await attempt('events', async () => {
    const events = await listEvents(conn, { namespace, involvedObject: { kind: 'Pod', name: podName } });
    await save('events', `${base}.events.json`, 'application/json', `${events.length} event(s) of the pod`, JSON.stringify(events, null, 2));
  });

  for (const container of current.containers) {
    for (const previous of [false, true]) {
      if (previous && container.restartCount === 0) continue;
      await attempt(`${previous ? 'previous ' : ''}logs of ${container.name}`, async () => {
        const logs = await readPodLogs(conn, namespace, podName, container.name, { previous, timestamps: true });
        await save(
          'logs',
          `${base}.${container.name}${previous ? '.previous' : ''}.log`,
          'text/plain; charset=utf-8',
          `${previous ? 'previous container ' : ''}logs of ${container.name} (${logs.bytes} bytes${logs.truncated ? ', truncated' : ''})`,
          logs.text,
          container.name,
        );
      });
    }
    if (current.phase !== 'Running') continue;
    for (const probe of FORENSICS) {
      await attempt(`${probe.description} in ${container.name}`, async () => {
        const output = await execInPod(conn, namespace, podName, container.name, ['sh', '-c', probe.command], { timeoutMs: 15_000, maxOutputBytes: 512 * 1024 });
        const text = `$ ${probe.command}\n# exit ${output.exitCode ?? '?'}${output.truncated ? ' (output truncated)' : ''}\n${output.stdout}${output.stderr ? `\n# stderr\n${output.stderr}` : ''}`;
        await save(probe.kind, `${base}.${container.name}.${probe.name}.txt`, 'text/plain; charset=utf-8', `${probe.description} in ${container.name}`, text, container.name);
      });
    }
    if (context.checkpoint && current.nodeName) {
      await attempt(`checkpoint of ${container.name}`, async () => {
        const checkpoint = await checkpointContainer(conn, current.nodeName!, namespace, podName, container.name);
        await save(
          'checkpoint',
          `${base}.${container.name}.checkpoint.json`,
          'application/json',
          `kubelet checkpoint of ${container.name}: archive(s) on node ${checkpoint.node}`,
          JSON.stringify(checkpoint, null, 2),
          container.name,
        );
      });
    }
  }
  return result;
}
