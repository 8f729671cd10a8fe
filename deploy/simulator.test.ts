// The overlays applied with the machine's kubectl to the cluster simulator (skipped without
// kubectl): a server-side dry run of each, a real server-side apply of the responder console, and
// the rights the console then reports for itself (SelfSubjectAccessReview, lib/containment/rights.ts)
// under its own service-account token, compared with what the rendered roles grant.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { registerCluster } from '../lib/clusters/commands/register-cluster';
import { CATALOG } from '../lib/containment/catalog';
import { catalogRights } from '../lib/containment/rights';
import { ACTION_KINDS } from '../lib/containment/schemas';
import { connectCluster, isK8sError, removeSubjectFromBinding } from '../lib/k8s';
import { startTestCluster, waitFor, type TestCluster } from '../lib/k8s/testing';
import { useTestDatabase } from '../lib/test/database';
import { boundRules, DEPLOY_DIR, find, grants, hasKubectl, kubectl, type KubeObject, render } from './test-support';

const SA = { namespace: 'cordon', name: 'cordon' };
const ACTOR = { type: 'system' as const, id: null, label: 'deploy test' };

describe.skipIf(!hasKubectl)('[DEPLOY] overlays applied to the simulator', () => {
  useTestDatabase();
  let t: TestCluster;
  let dir = '';
  let kubeconfigPath = '';
  const k = async (...args: string[]) => (await kubectl(['--kubeconfig', kubeconfigPath, ...args])).stdout;
  const overlay = (name: string) => path.join(DEPLOY_DIR, name);

  beforeAll(async () => {
    t = await startTestCluster();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-deploy-'));
    kubeconfigPath = path.join(dir, 'kubeconfig');
    await t.sim.writeKubeconfig(kubeconfigPath);
    // A dry run creates nothing, so the namespaced objects of a dry run need the namespace to
    // exist already (a real API server answers the same NotFound). Create it for real first.
    const namespace = find(await render('base'), 'Namespace', 'cordon');
    await kubectl(['--kubeconfig', kubeconfigPath, 'apply', '-f', '-'], { input: YAML.stringify(namespace) });
  });
  afterAll(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['base', 'overlays/readonly', 'overlays/responder', 'examples/production'])('%s: a server-side dry run admits every object and stores none', async (name) => {
    const objects = await render(name);
    const out = await k('apply', '-k', overlay(name), '--dry-run=server');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(objects.length);
    expect(lines.every((line) => line.endsWith('(server dry run)')), out).toBe(true);
    expect(t.sim.store.get('Deployment', 'cordon', 'cordon')).toBeUndefined();
    expect(t.sim.store.get('ClusterRole', undefined, 'cordon-reader')).toBeUndefined();
  });

  it('responder: a server-side apply runs two ready replicas under the disruption budget', async () => {
    const out = await k('apply', '-k', overlay('overlays/responder'), '--server-side');
    expect(out).toContain('deployment.apps/cordon serverside-applied');
    await waitFor(() => (t.sim.store.get('Deployment', 'cordon', 'cordon')?.status as { readyReplicas?: number } | undefined)?.readyReplicas === 2, 'two ready replicas');
    const pods = JSON.parse(await k('get', 'pods', '-n', 'cordon', '-l', 'app.kubernetes.io/name=cordon', '-o', 'json')) as { items: { spec: { serviceAccountName: string; automountServiceAccountToken?: boolean } }[] };
    expect(pods.items).toHaveLength(2);
    expect(pods.items.every((pod) => pod.spec.serviceAccountName === 'cordon' && pod.spec.automountServiceAccountToken === true)).toBe(true);
    await waitFor(() => (t.sim.store.get('PodDisruptionBudget', 'cordon', 'cordon')?.status as { disruptionsAllowed?: number } | undefined)?.disruptionsAllowed === 1, 'one disruption allowed');
    // Applying again changes nothing.
    const before = t.sim.store.get('Deployment', 'cordon', 'cordon')?.metadata.resourceVersion;
    await k('apply', '-k', overlay('overlays/responder'), '--server-side');
    expect(t.sim.store.get('Deployment', 'cordon', 'cordon')?.metadata.resourceVersion).toBe(before);
  });

  /** A kubeconfig with a fresh token of the console's service account (TokenRequest). */
  async function consoleKubeconfig(): Promise<string> {
    const request = await t.admin.core.createNamespacedServiceAccountToken({ namespace: SA.namespace, name: SA.name, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
    return t.kubeconfigWithToken(request.status?.token ?? '');
  }

  async function rightsAs(clusterName: string): Promise<Record<string, boolean>> {
    const kubeconfig = await consoleKubeconfig();
    const { id } = await registerCluster({ name: clusterName, displayName: clusterName, source: 'kubeconfig', server: t.sim.url, kubeconfig }, ACTOR);
    const rights = await catalogRights(id, 'shop');
    return Object.fromEntries(rights.map((right) => [right.kind, right.allowed]));
  }

  const expectedFrom = (objects: KubeObject[]) => {
    const rules = boundRules(objects, SA);
    return Object.fromEntries(ACTION_KINDS.map((kind) => [kind, CATALOG[kind].access.every((access) => grants(rules, access))]));
  };

  it('responder: the console reports exactly the catalog actions the rendered roles allow — all of them', async () => {
    const expected = expectedFrom(await render('overlays/responder'));
    expect(Object.values(expected).every(Boolean)).toBe(true);
    expect(await rightsAs('deploy-responder')).toEqual(expected);
  });

  it('responder: "bind" is what lets it take the account out of a binding to a role it does not hold', async () => {
    const shared = {
      metadata: { name: 'shared-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [
        { kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' },
        { kind: 'User', name: 'ops@shop.example', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    };
    await t.admin.rbac.createClusterRoleBinding({ body: shared });
    const conn = connectCluster({ kubeconfig: await consoleKubeconfig() });
    const subject = { kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' };
    await expect(removeSubjectFromBinding(conn, 'ClusterRoleBinding', null, 'shared-admin', subject, { dryRun: true })).resolves.toBeTruthy();

    await k('delete', 'clusterrolebinding', 'cordon-responder-bind');
    const refused = await removeSubjectFromBinding(conn, 'ClusterRoleBinding', null, 'shared-admin', subject, { dryRun: true }).catch((error: unknown) => error);
    expect(isK8sError(refused, 'Forbidden')).toBe(true);
    expect((refused as Error).message).toContain('attempting to grant RBAC permissions not currently held');
  });

  it('read-only: with only the reader bound, the console reports no catalog action as allowed', async () => {
    await k('delete', 'clusterrolebinding', 'cordon-responder');
    const expected = expectedFrom(await render('overlays/readonly'));
    expect(Object.values(expected).some(Boolean)).toBe(false);
    expect(await rightsAs('deploy-readonly')).toEqual(expected);
  });
});
