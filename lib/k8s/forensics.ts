// Evidence from a running workload: container logs and kubelet checkpoints. (Commands run inside
// a container are in exec.ts.)
import 'server-only';
import { type CallOptions, readCall, writeCall } from './call';
import type { ClusterConnection } from './connection';
import { K8sError, toK8sError } from './errors';

export const DEFAULT_LOG_LIMIT_BYTES = 1024 * 1024;

export interface PodLogOptions extends CallOptions {
  tailLines?: number;
  /** The previous (crashed or restarted) instance of the container. */
  previous?: boolean;
  /** Default 1 MiB; the server cuts the log there. */
  limitBytes?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

export interface PodLogDto {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text: string;
  bytes: number;
  /** The log reached `limitBytes`: older or newer lines may be missing. */
  truncated: boolean;
}

/**
 * A bounded, non-following read. (client-node's Log with follow leaves the aborted body stream
 * without an error listener, an uncaught AbortError; a plain GET of the log has no such path.)
 */
export async function readPodLogs(conn: ClusterConnection, namespace: string, pod: string, container: string, options: PodLogOptions = {}): Promise<PodLogDto> {
  const limitBytes = options.limitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
  const previous = options.previous === true;
  const text = await readCall(
    conn,
    `read ${previous ? 'previous ' : ''}log of ${namespace}/${pod}/${container}`,
    (o) =>
      conn.core.readNamespacedPodLog(
        { namespace, name: pod, container, previous, limitBytes, tailLines: options.tailLines, timestamps: options.timestamps, sinceSeconds: options.sinceSeconds },
        o,
      ),
    options,
  );
  const bytes = Buffer.byteLength(text, 'utf8');
  return { namespace, pod, container, previous, text, bytes, truncated: bytes >= limitBytes };
}

export interface CheckpointDto {
  node: string;
  namespace: string;
  pod: string;
  container: string;
  /** Archive paths on the node, e.g. /var/lib/kubelet/checkpoints/checkpoint-<pod>_<ns>-<container>-<time>.tar */
  archives: string[];
}

export const DEFAULT_CHECKPOINT_TIMEOUT_MS = 60_000;

/**
 * Kubelet checkpoint (ContainerCheckpoint) through the API server's node proxy. Needs `create` on
 * `nodes/proxy`. The archive holds the container's memory: treat it as secret evidence.
 */
export async function checkpointContainer(
  conn: ClusterConnection,
  node: string,
  namespace: string,
  pod: string,
  container: string,
  options: CallOptions = {},
): Promise<CheckpointDto> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECKPOINT_TIMEOUT_MS;
  const e = encodeURIComponent;
  const path = `/api/v1/nodes/${e(node)}/proxy/checkpoint/${e(namespace)}/${e(pod)}/${e(container)}`;
  const operation = `checkpoint ${namespace}/${pod}/${container} on node ${node}`;
  try {
    const response = await writeCall(
      conn,
      operation,
      // The kubelet's own timeout (seconds) a little inside ours, so it answers before we give up.
      (o) => conn.raw.request({ method: 'POST', path, query: { timeout: Math.max(1, Math.floor(timeoutMs / 1000) - 1) } }, o),
      { ...options, timeoutMs },
    );
    const body = JSON.parse(response.text) as { items?: unknown };
    const archives = Array.isArray(body.items) ? body.items.filter((i): i is string => typeof i === 'string') : [];
    return { node, namespace, pod, container, archives };
  } catch (err) {
    throw explainCheckpointError(toK8sError(err, operation), node);
  }
}

function explainCheckpointError(error: K8sError, node: string): K8sError {
  const kubelet = error.clusterMessage?.trim() ?? '';
  const rewrap = (message: string) =>
    new K8sError(error.kind, message, { status: error.status, reason: error.reason, clusterMessage: error.clusterMessage, causes: error.causes, operation: error.operation });
  if (error.kind === 'NotFound' && (kubelet === '' || kubelet === '404 page not found')) {
    return rewrap(
      `Node ${node} does not offer container checkpoints: its kubelet has no checkpoint API (ContainerCheckpoint feature gate off, or a container runtime without checkpoint support).`,
    );
  }
  if (error.kind === 'NotFound') return rewrap(`The kubelet on node ${node} could not find it: ${kubelet}`);
  if (error.kind === 'Forbidden') return rewrap(`Checkpoints need "create" on nodes/proxy, which Cordon's identity lacks here: ${kubelet}`);
  return error;
}
