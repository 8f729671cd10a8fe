import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import { K } from '../api/known-types.js';
import { ApiError, errors } from '../api/status.js';
import type { Pod, StoredObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import { SA_NAME_ANNOTATION, SA_TOKEN_TYPE } from '../server/authentication.js';
import { newJwtLikeToken } from '../util/ids.js';
import { authenticate, authorize, setAuditLevel } from '../server/pipeline.js';
import { RequestContext } from '../server/request-context.js';
import { parseRequestInfo } from '../server/request-info.js';
import { chooseProtocol } from './channel-protocol.js';
import { ExecSession } from './exec-session.js';
import type { ExecRequest } from './exec-session.js';
import { buildFilesystem } from './filesystem.js';
import type { ShellEnv } from './shell-env.js';
import { containerEnvironment } from './shell-env.js';

function rejectUpgrade(socket: Duplex, err: unknown, auditId?: string): void {
  const apiError = err instanceof ApiError ? err : errors.internal(String(err));
  const body = JSON.stringify(apiError.status);
  const audit = auditId ? `Audit-Id: ${auditId}\r\n` : '';
  socket.end(
    `HTTP/1.1 ${apiError.code} ${STATUS_CODES[apiError.code] ?? 'Error'}\r\nContent-Type: application/json\r\n${audit}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * pods/exec over WebSocket (channel.k8s.io v5/v4/...). Authorization needs both `get` and
 * `create` on pods/exec, as with AuthorizePodWebsocketUpgradeCreatePermission (default on since
 * 1.30). SPDY upgrades are answered with an error after the same checks: kubectl 1.30+ speaks
 * WebSocket first, and only falls back to SPDY when the WebSocket upgrade itself fails.
 */
export function createExecUpgradeHandler(sim: SimContext) {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => chooseProtocol(protocols) });
  wss.on('headers', (headers, req) => {
    const auditId = (req as { auditID?: string }).auditID;
    if (auditId) headers.push(`Audit-Id: ${auditId}`);
  });
  const sessions = new Set<ExecSession>();
  sim.streams.add(() => {
    for (const s of sessions) s.abort();
    wss.close();
  });

  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const info = parseRequestInfo(req.method ?? 'GET', url);
    const user = authenticate(sim, req, url, info);
    if (!user) {
      rejectUpgrade(socket, errors.unauthorized(), (req as { auditID?: string }).auditID);
      return;
    }
    const rc = new RequestContext(sim, req, undefined, url, info, user);
    (req as { auditID?: string }).auditID = rc.auditID;
    setAuditLevel(rc);
    try {
      if (!info.isResourceRequest || info.resource !== 'pods' || (info.subresource !== 'exec' && info.subresource !== 'attach')) throw errors.pathNotFound();
      authorize(rc, info.verb === 'create' ? [] : ['create']);
      const isWebSocket = String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
      const pod = sim.registry.get(K.Pod, info.namespace, info.name as string) as Pod;
      const request = parseExecRequest(url);
      const container = resolveContainer(pod, url.searchParams.get('container'));
      if (info.subresource === 'attach') throw errors.badRequest('attach is not supported by the simulator; use exec');
      if (!isWebSocket) throw errors.badRequest('unable to upgrade connection: the simulator serves exec over WebSocket (v5.channel.k8s.io) only');
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      if (!chooseProtocol(new Set(offered))) throw errors.badRequest(`unable to upgrade connection: none of the requested subprotocols ${JSON.stringify(offered)} is supported`);
      wss.handleUpgrade(req, socket, head, (ws) => {
        rc.started(101);
        const env = shellEnvFor(sim, pod, container, request.tty);
        sim.hooks.onExec?.(pod, container, request.argv, request.tty, user, rc.auditID);
        const session = new ExecSession(ws, ws.protocol, request, env, () => {
          sessions.delete(session);
          rc.responseCode = 101;
          rc.complete();
        });
        sessions.add(session);
        session.start();
      });
    } catch (err) {
      rc.fail(err);
      rejectUpgrade(socket, err, rc.auditID);
    }
  };
}

function parseExecRequest(url: URL): ExecRequest {
  const argv = url.searchParams.getAll('command');
  if (argv.length === 0) throw errors.badRequest('you must specify at least 1 command');
  const flag = (name: string) => url.searchParams.get(name) === 'true' || url.searchParams.get(name) === '1';
  const request = { argv, stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
  if (!request.stdin && !request.stdout && !request.stderr) throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return request;
}

function resolveContainer(pod: Pod, requested: string | null): string {
  const names = pod.spec.containers.map((c) => c.name);
  const name = requested || names[0];
  if (!name || !names.includes(name)) throw errors.badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
  const status = pod.status?.containerStatuses?.find((c) => c.name === name);
  if (pod.metadata.deletionTimestamp && !status?.state.running) throw errors.badRequest(`unable to upgrade connection: container not found ("${name}")`);
  if (!status?.state.running) throw errors.badRequest(`unable to upgrade connection: container not found ("${name}")`);
  return name;
}

function shellEnvFor(sim: SimContext, pod: Pod, containerName: string, tty: boolean): ShellEnv {
  const runtime = sim.runtime.container(pod, containerName);
  if (!runtime) throw errors.internal(`no runtime for container ${containerName}`);
  const spec = pod.spec.containers.find((c) => c.name === containerName);
  const runAs = (spec?.securityContext?.runAsUser ?? (pod.spec.securityContext as { runAsUser?: number } | undefined)?.runAsUser) as number | undefined;
  const base = runtime.profile.user;
  const user = runAs === undefined || runAs === base.uid ? base : runAs === 0 ? { name: 'root', uid: 0, gid: 0, home: '/root' } : { name: String(runAs), uid: runAs, gid: runAs, home: '/' };
  const serviceEnv: Record<string, string> = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_PORT: 'tcp://10.96.0.1:443' };
  const env = containerEnvironment(pod, runtime, serviceEnv);
  return {
    pod,
    container: runtime,
    runtimes: sim.runtime,
    user,
    cwd: runtime.profile.workdir,
    env,
    tty,
    now: Date.now(),
    fs: buildFilesystem(pod, runtime, serviceAccountToken(sim, pod)),
    network: (host, port, protocol) => sim.hooks.networkProbe?.(pod, host, port, protocol) ?? { verdict: 'allowed' },
  };
}

/**
 * The token mounted into the pod: its service account's legacy token Secret if it has one, else the
 * projected token the kubelet would have requested, bound to this pod (valid against the API).
 */
export function serviceAccountToken(sim: SimContext, pod: Pod): string | undefined {
  const saName = pod.spec.serviceAccountName ?? 'default';
  const secret = sim.store.list(K.Secret, pod.metadata.namespace).find((s: StoredObject) => s.type === SA_TOKEN_TYPE && s.metadata.annotations?.[SA_NAME_ANNOTATION] === saName);
  const data = secret?.data as Record<string, string> | undefined;
  if (data?.token) return Buffer.from(data.token, 'base64').toString('utf8');
  const sa = sim.store.get(K.ServiceAccount, pod.metadata.namespace, saName);
  if (!sa) return undefined;
  const runtime = sim.runtime.forPod(pod);
  if (runtime.projectedToken && runtime.projectedToken.expiresAt > Date.now()) return runtime.projectedToken.token;
  const expiresAt = Date.now() + 3607_000;
  const token = newJwtLikeToken({ aud: ['https://kubernetes.default.svc.cluster.local'], exp: Math.floor(expiresAt / 1000), iss: 'https://kubernetes.default.svc.cluster.local', sub: `system:serviceaccount:${pod.metadata.namespace}:${saName}`, 'kubernetes.io': { namespace: pod.metadata.namespace, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: saName, uid: sa.metadata.uid } } });
  sim.authenticator.issueBoundToken(token, { namespace: pod.metadata.namespace as string, serviceAccount: saName, serviceAccountUid: sa.metadata.uid, expiresAt, pod: { name: pod.metadata.name, uid: pod.metadata.uid } });
  runtime.projectedToken = { token, expiresAt };
  return token;
}
