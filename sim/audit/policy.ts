import type { UserInfo } from '../api/types.js';
import type { AuditLevel } from './types.js';

export interface AuditSubject {
  user: UserInfo | undefined;
  verb: string;
  isResourceRequest: boolean;
  resource?: string;
  subresource?: string;
  group?: string;
  /** Identities whose own read traffic is not worth auditing (the console's kubeconfig users). */
  quietReaders: ReadonlySet<string>;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);
const STREAMING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/** Control-plane components whose chatter a production audit policy drops or keeps at Metadata. */
export function isSystemIdentity(username: string): boolean {
  return (
    username.startsWith('system:node:') ||
    username.startsWith('system:kube-') ||
    username === 'system:apiserver' ||
    username.startsWith('system:serviceaccount:kube-system:')
  );
}

/**
 * The simulated API server's audit policy, in the spirit of the GKE/kubeadm examples:
 *  - non-resource URLs (discovery, health, openapi) and the console's own reads: None
 *  - Event writes and status updates by control-plane components: None
 *  - exec/attach/portforward: Metadata (ResponseStarted and ResponseComplete)
 *  - Secrets, ConfigMaps and TokenRequests at any verb: Metadata (never bodies)
 *  - any other write: Request (the request body is kept)
 *  - any other request by a non-system identity: Metadata
 *  - failed authentication: Metadata
 */
export function auditLevelFor(s: AuditSubject): AuditLevel {
  if (!s.isResourceRequest) return 'None';
  if (!s.user) return 'Metadata';
  const username = s.user.username;
  const isRead = READ_VERBS.has(s.verb);
  if (s.subresource && STREAMING_SUBRESOURCES.has(s.subresource)) return 'Metadata';
  if (isRead && s.quietReaders.has(username) && s.resource !== 'secrets') return 'None';
  if (s.resource === 'events' && s.group === '') return 'None';
  if (isSystemIdentity(username) && (s.subresource === 'status' || isRead)) return 'None';
  if (s.resource === 'secrets' || s.resource === 'configmaps' || s.subresource === 'token') return 'Metadata';
  if (!isRead) return isSystemIdentity(username) ? 'Metadata' : 'Request';
  return username.startsWith('system:') && !username.startsWith('system:serviceaccount:') && username !== 'system:anonymous' ? 'None' : 'Metadata';
}
