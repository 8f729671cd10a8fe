import { K } from '../../api/known-types.js';
import type { ResourceType } from '../../api/resources.js';
import { ApiError } from '../../api/status.js';
import type { Pod } from '../../api/types.js';
import { rfc3339 } from '../../util/time.js';
import type { RequestContext } from '../request-context.js';

/** Kubelet answers are plain text, not Status objects, and the API server proxy passes them through. */
function kubeletError(code: number, text: string): ApiError {
  return new ApiError({ message: text, reason: code === 404 ? 'NotFound' : 'InternalError', code }, { contentType: 'text/plain; charset=utf-8', text });
}

/**
 * nodes/{node}/proxy/...: the kubelet API through the API server. Serves `healthz` and the
 * checkpoint API (`POST checkpoint/{namespace}/{pod}/{container}`); with the ContainerCheckpoint
 * feature off the kubelet has no such route and answers "404 page not found" like a Go mux.
 */
export function handleNodeProxy(rc: RequestContext, _type: ResourceType): void {
  const node = rc.sim.registry.get(K.Node, undefined, rc.info.name as string);
  const [first, namespace, podName, container] = rc.info.rest;
  const method = rc.req.method ?? 'GET';
  if (first === 'healthz' && method === 'GET') {
    rc.responseCode = 200;
    rc.res?.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
    rc.complete();
    return;
  }
  if (first !== 'checkpoint' || method !== 'POST' || !rc.sim.options.checkpointApi || !namespace || !podName || !container) {
    throw kubeletError(404, '404 page not found\n');
  }
  const pod = rc.sim.store.get(K.Pod, namespace, podName) as Pod | undefined;
  if (!pod || pod.spec.nodeName !== node.metadata.name) throw kubeletError(404, 'pod does not exist');
  if (!pod.spec.containers.some((c) => c.name === container)) throw kubeletError(404, `container ${container} does not exist`);
  const path = `/var/lib/kubelet/checkpoints/checkpoint-${podName}_${namespace}-${container}-${rfc3339()}.tar`;
  rc.sim.checkpoints.push({ node: node.metadata.name, namespace, pod: podName, container, path, time: rfc3339() });
  rc.respond(200, { items: [path] });
}
