import { deleteObject } from '../api/deletion.js';
import { K } from '../api/known-types.js';
import { RESOURCE_TYPES } from '../api/resources.js';
import type { StoredObject } from '../api/types.js';
import type { SimContext } from '../context.js';
import { SA_NAME_ANNOTATION, SA_TOKEN_TYPE, SA_UID_ANNOTATION } from '../server/authentication.js';
import { newJwtLikeToken } from '../util/ids.js';
import { clone } from '../util/json.js';
import { creationTime, internalWrite, keyOf } from './controller-kit.js';
import { splitKey, WorkQueue } from './work-queue.js';

const ROOT_CA = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIT2Fm1NSk3dQwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNTExMjAxMjAwMDBaFw0zNTExMTgxMjA1MDBaMBUx\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Namespace housekeeping: every namespace gets a `default` ServiceAccount and the
 * `kube-root-ca.crt` ConfigMap; a deleted namespace empties itself and then disappears.
 */
export function startNamespaceController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue('namespace-controller', reconcile, onError);
  sim.store.subscribe(K.Namespace, (e) => {
    if (e.type !== 'DELETED') queue.add(e.object.metadata.name);
  });
  // Content removal must run before the namespace is checked again, so run synchronously on creation.
  sim.store.subscribe(K.Namespace, (e) => {
    if (e.type === 'ADDED') ensureDefaults(e.object);
  });

  function ensureDefaults(ns: StoredObject): void {
    const name = ns.metadata.name;
    const ctx = internalWrite(sim, 'namespace-controller');
    const created = creationTime(sim) ?? ns.metadata.creationTimestamp;
    if (!sim.store.get(K.ServiceAccount, name, 'default')) {
      sim.registry.create(K.ServiceAccount, name, { metadata: { name: 'default' } }, ctx, { creationTimestamp: created });
    }
    if (!sim.store.get(K.ConfigMap, name, 'kube-root-ca.crt')) {
      sim.registry.create(K.ConfigMap, name, { metadata: { name: 'kube-root-ca.crt', annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }, data: { 'ca.crt': ROOT_CA } }, ctx, { creationTimestamp: created });
    }
  }

  function reconcile(name: string): void {
    const ns = sim.store.get(K.Namespace, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const ctx = internalWrite(sim, 'namespace-controller');
    let remaining = 0;
    for (const type of RESOURCE_TYPES) {
      if (!type.namespaced || type.verbs.length === 1) continue;
      for (const obj of sim.store.list(type, name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) deleteObject(sim.registry, type, name, obj.metadata.name, { propagationPolicy: 'Background' }, ctx);
      }
    }
    if (remaining > 0) {
      sim.clock.after(500, () => queue.add(name));
      return;
    }
    sim.store.remove(K.Namespace, undefined, name);
  }
  return queue;
}

/**
 * The legacy token controller: Secrets of type service-account-token get `token`, `ca.crt` and
 * `namespace`; when a ServiceAccount is deleted its token Secrets are deleted with it.
 */
export function startTokenController(sim: SimContext, onError: (n: string, k: string, e: unknown) => void): WorkQueue {
  const queue = new WorkQueue('serviceaccount-token-controller', reconcile, onError);
  sim.store.subscribe(K.Secret, (e) => {
    if (e.type !== 'DELETED' && e.object.type === SA_TOKEN_TYPE) queue.add(keyOf(e.object));
  });
  sim.store.subscribe(K.ServiceAccount, (e) => {
    if (e.type !== 'DELETED') return;
    for (const s of sim.store.list(K.Secret, e.object.metadata.namespace)) {
      if (s.type === SA_TOKEN_TYPE && s.metadata.annotations?.[SA_NAME_ANNOTATION] === e.object.metadata.name) queue.add(`delete:${keyOf(s)}`);
    }
  });

  function reconcile(key: string): void {
    if (key.startsWith('delete:')) {
      const [namespace, name] = splitKey(key.slice('delete:'.length));
      if (sim.store.get(K.Secret, namespace, name)) deleteObject(sim.registry, K.Secret, namespace, name, {}, internalWrite(sim, 'serviceaccount-token-controller'));
      return;
    }
    const [namespace, name] = splitKey(key);
    const secret = sim.store.get(K.Secret, namespace, name);
    if (!secret || !namespace) return;
    const saName = secret.metadata.annotations?.[SA_NAME_ANNOTATION];
    const sa = saName ? sim.store.get(K.ServiceAccount, namespace, saName) : undefined;
    if (!sa || !saName) return;
    const data = (secret.data ?? {}) as Record<string, string>;
    if (data.token && secret.metadata.annotations?.[SA_UID_ANNOTATION] === sa.metadata.uid) return;
    const next = clone(secret);
    next.metadata.annotations = { ...next.metadata.annotations, [SA_UID_ANNOTATION]: sa.metadata.uid };
    const token = newJwtLikeToken({ iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': namespace, 'kubernetes.io/serviceaccount/secret.name': name, 'kubernetes.io/serviceaccount/service-account.name': saName, 'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid, sub: `system:serviceaccount:${namespace}:${saName}` });
    next.data = { ...data, token: b64(token), 'ca.crt': b64(ROOT_CA), namespace: b64(namespace) };
    sim.store.update(K.Secret, next);
  }
  return queue;
}
