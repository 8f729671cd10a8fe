import { K } from '../api/known-types.js';
import type { StoredObject, UserInfo } from '../api/types.js';
import type { ObjectStore } from '../store/object-store.js';
import { objectKey } from '../store/object-store.js';

export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

export type AuthenticationResult = { kind: 'user'; user: UserInfo } | { kind: 'anonymous' } | { kind: 'invalid' };

interface BoundToken {
  namespace: string;
  serviceAccount: string;
  serviceAccountUid: string;
  expiresAt: number;
  pod?: { name: string; uid: string };
}

export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  const user: UserInfo = {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
  if (uid) user.uid = uid;
  return user;
}

/**
 * Bearer-token authentication: static tokens (admin, read-only, scenario users), legacy
 * service-account token Secrets, and TokenRequest tokens. A service-account token stops working
 * the moment its Secret or its ServiceAccount is deleted (401), which is how revocation works.
 */
export class Authenticator {
  private readonly secretTokens = new Map<string, string>();
  private readonly boundTokens = new Map<string, BoundToken>();

  constructor(
    private readonly store: ObjectStore,
    private readonly staticTokens: Map<string, UserInfo>,
  ) {
    store.subscribe(K.Secret, (event) => {
      const secret = event.object;
      if (secret.type !== SA_TOKEN_TYPE) return;
      const key = objectKey(secret.metadata.namespace, secret.metadata.name);
      for (const [token, owner] of this.secretTokens) if (owner === key) this.secretTokens.delete(token);
      if (event.type !== 'DELETED') {
        const token = decodedToken(secret);
        if (token) this.secretTokens.set(token, key);
      }
    });
  }

  addStaticToken(token: string, user: UserInfo): void {
    this.staticTokens.set(token, user);
  }

  issueBoundToken(token: string, binding: BoundToken): void {
    this.boundTokens.set(token, binding);
  }

  authenticate(authorization: string | undefined): AuthenticationResult {
    if (!authorization) return { kind: 'anonymous' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: 'invalid' };
    const token = match[1] as string;
    const staticUser = this.staticTokens.get(token);
    if (staticUser) return { kind: 'user', user: { ...staticUser, groups: withAuthenticated(staticUser.groups) } };
    const secretKey = this.secretTokens.get(token);
    if (secretKey) return this.fromSecret(secretKey);
    const bound = this.boundTokens.get(token);
    if (bound) return this.fromBoundToken(token, bound);
    return { kind: 'invalid' };
  }

  private fromSecret(secretKey: string): AuthenticationResult {
    const [namespace, name] = secretKey.split('/') as [string, string];
    const secret = this.store.get(K.Secret, namespace, name);
    if (!secret) return { kind: 'invalid' };
    const saName = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
    const sa = saName ? this.store.get(K.ServiceAccount, namespace, saName) : undefined;
    if (!sa || !saName) return { kind: 'invalid' };
    const expectedUid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
    if (expectedUid && expectedUid !== sa.metadata.uid) return { kind: 'invalid' };
    return { kind: 'user', user: serviceAccountUser(namespace, saName, sa.metadata.uid) };
  }

  private fromBoundToken(token: string, bound: BoundToken): AuthenticationResult {
    const sa = this.store.get(K.ServiceAccount, bound.namespace, bound.serviceAccount);
    const podGone = bound.pod && this.store.get(K.Pod, bound.namespace, bound.pod.name)?.metadata.uid !== bound.pod.uid;
    if (!sa || sa.metadata.uid !== bound.serviceAccountUid || podGone || Date.now() > bound.expiresAt) {
      this.boundTokens.delete(token);
      return { kind: 'invalid' };
    }
    const user = serviceAccountUser(bound.namespace, bound.serviceAccount, sa.metadata.uid);
    if (bound.pod) {
      user.extra = {
        'authentication.kubernetes.io/pod-name': [bound.pod.name],
        'authentication.kubernetes.io/pod-uid': [bound.pod.uid],
      };
    }
    return { kind: 'user', user };
  }
}

function withAuthenticated(groups: string[]): string[] {
  return groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated'];
}

function decodedToken(secret: StoredObject): string | undefined {
  const data = secret.data as Record<string, string> | undefined;
  const encoded = data?.token;
  return encoded ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
