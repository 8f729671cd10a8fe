// deploy/ rendered with the machine's kubectl (skipped without it): the pod's hardening, probes,
// replicas and disruption budget, and the RBAC of each overlay held to the containment catalog.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../lib/containment/catalog';
import { ACTION_KINDS } from '../lib/containment/schemas';
import { OTHER_RESPONDER_RIGHTS, REVIEW_RIGHTS, STEP_RIGHTS } from './rights';
import { boundRules, composeOverlay, find, grants, hasKubectl, type KubeObject, namedRights, READ_VERBS, render, rightKey } from './test-support';

interface Container {
  name: string;
  image: string;
  command?: string[];
  securityContext?: Record<string, unknown>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}
interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  securityContext: Record<string, unknown>;
  initContainers: Container[];
  containers: Container[];
  volumes: { name: string; emptyDir?: unknown; persistentVolumeClaim?: { claimName: string } }[];
}

const SA = { namespace: 'cordon', name: 'cordon' };
const podSpec = (objects: KubeObject[]) => (find(objects, 'Deployment', 'cordon').spec as { template: { spec: PodSpec } }).template.spec;
const catalogChecks = () => ACTION_KINDS.flatMap((kind) => CATALOG[kind].access.map((access) => ({ kind, access })));

describe.skipIf(!hasKubectl)('[DEPLOY] kustomize manifests', () => {
  const rendered: Record<'base' | 'readonly' | 'responder' | 'example' | 'checkpoint', KubeObject[]> = { base: [], readonly: [], responder: [], example: [], checkpoint: [] };
  let composed = '';

  beforeAll(async () => {
    composed = await composeOverlay('overlays/responder', ['components/kubelet-checkpoint']);
    [rendered.base, rendered.readonly, rendered.responder, rendered.example, rendered.checkpoint] = await Promise.all([
      render('base'),
      render('overlays/readonly'),
      render('overlays/responder'),
      render('examples/production'),
      render(composed),
    ]);
  });
  afterAll(async () => {
    await rm(composed, { recursive: true, force: true });
  });

  it('runs two replicas with a disruption budget that lets one go at a time, and a Service on the pods', () => {
    for (const objects of Object.values(rendered)) {
      const deployment = find(objects, 'Deployment', 'cordon') as KubeObject & { spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } } };
      expect(deployment.metadata.namespace).toBe('cordon');
      expect(deployment.spec.replicas).toBe(2);
      const labels = deployment.spec.template.metadata.labels;
      const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
      expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
      const pdb = find(objects, 'PodDisruptionBudget', 'cordon').spec as { maxUnavailable: number; selector: { matchLabels: Record<string, string> } };
      expect(pdb.maxUnavailable).toBe(1);
      expect(selects(pdb.selector.matchLabels)).toBe(true);
      expect(selects((find(objects, 'Service', 'cordon').spec as { selector: Record<string, string> }).selector)).toBe(true);
      expect(selects((find(objects, 'NetworkPolicy', 'cordon').spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector.matchLabels)).toBe(true);
    }
  });

  it('hardens every container: non-root, no privilege escalation, no capabilities, read-only root, RuntimeDefault seccomp, requests and limits', () => {
    for (const objects of Object.values(rendered)) {
      const spec = podSpec(objects);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of [...spec.initContainers, ...spec.containers]) {
        expect(container.securityContext, container.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } });
        expect(container.resources?.requests?.cpu, container.name).toBeTruthy();
        expect(container.resources?.requests?.memory, container.name).toBeTruthy();
        expect(container.resources?.limits?.memory, container.name).toBeTruthy();
      }
    }
  });

  it('mounts writable volumes only for scratch, the Next.js cache and (with the component) evidence; the data folder stays read-only', () => {
    const writable = (objects: KubeObject[]) => {
      const console = podSpec(objects).containers.find((c) => c.name === 'console')!;
      return (console.volumeMounts ?? []).map((m) => m.mountPath).sort();
    };
    expect(writable(rendered.responder)).toEqual(['/app/.next/cache', '/tmp']);
    expect(writable(rendered.example)).toEqual(['/app/.next/cache', '/tmp', '/var/lib/cordon/evidence']);
    const volumes = podSpec(rendered.example).volumes;
    expect(volumes.find((v) => v.name === 'evidence')?.persistentVolumeClaim?.claimName).toBe('cordon-evidence');
    expect(volumes.filter((v) => v.name !== 'evidence').every((v) => v.emptyDir !== undefined)).toBe(true);
    expect(find(rendered.example, 'PersistentVolumeClaim', 'cordon-evidence').spec).toMatchObject({ accessModes: ['ReadWriteMany'] });
    const config = (objects: KubeObject[]) => find(objects, 'ConfigMap').data as Record<string, string>;
    expect(config(rendered.example)).toMatchObject({ CORDON_DATA_DIR: '/var/lib/cordon', CORDON_EVIDENCE_DIR: '/var/lib/cordon/evidence' });
    expect(config(rendered.responder).CORDON_EVIDENCE_DIR).toBeUndefined();
  });

  it('probes readiness on /api/health (503 while the database is down) and liveness on /api/health/live', () => {
    const console = podSpec(rendered.responder).containers.find((c) => c.name === 'console')!;
    expect(console.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(console.readinessProbe?.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(console.livenessProbe?.httpGet).toEqual({ path: '/api/health/live', port: 'http' });
    expect(console.startupProbe?.httpGet).toEqual({ path: '/api/health/live', port: 'http' });
    expect((find(rendered.responder, 'ConfigMap').data as Record<string, string>).PORT).toBe('3000');
  });

  it('takes secrets from the Secret, migrates in an init container, and starts the production entry', () => {
    const spec = podSpec(rendered.responder);
    const [migrate] = spec.initContainers;
    expect(migrate?.command).toEqual(['node', '--import', 'tsx', 'scripts/db/migrate.ts']);
    expect(migrate?.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'cordon-secrets', key: 'DATABASE_URL' } } }]);
    const console = spec.containers.find((c) => c.name === 'console')!;
    expect(console.command).toBeUndefined(); // the image's CMD: scripts/serve.ts (Dockerfile)
    expect(console.envFrom?.some((e) => e.secretRef?.name === 'cordon-secrets')).toBe(true);
    // No secret value written into a manifest.
    const literal = [...(console.env ?? []), ...(migrate?.env ?? [])].filter((e) => e.value !== undefined).map((e) => e.name);
    expect(literal.filter((name) => /SECRET|KEY|PASSWORD|DATABASE_URL|TOKEN/.test(name))).toEqual([]);
    const config = find(rendered.responder, 'ConfigMap').data as Record<string, string>;
    expect(Object.keys(config).filter((name) => /SECRET|KEY|PASSWORD|DATABASE_URL|TOKEN/.test(name))).toEqual([]);
    expect(config).toMatchObject({ HOST: '0.0.0.0', CORDON_SIMULATOR: 'off', CORDON_DEMO: 'false' });
    expect(rendered.responder.some((o) => o.kind === 'Secret')).toBe(false);
  });

  it('gives the base no identity in the cluster; the overlays mount the token of the account they bind', () => {
    expect(podSpec(rendered.base).automountServiceAccountToken).toBe(false);
    expect(rendered.base.some((o) => o.kind.includes('Role'))).toBe(false);
    for (const objects of [rendered.readonly, rendered.responder]) {
      expect(podSpec(objects).serviceAccountName).toBe(SA.name);
      expect(podSpec(objects).automountServiceAccountToken).toBe(true);
    }
  });

  it('read-only: reads only, no Secrets, no wildcard, no escalate/impersonate/bind; the reviews are its only "create"', () => {
    const roles = rendered.readonly.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
    expect(roles.map((role) => role.metadata.name)).toEqual(['cordon-reader']);
    const rules = boundRules(rendered.readonly, SA);
    const reviews = new Set(REVIEW_RIGHTS.map(rightKey));
    for (const key of namedRights(rules)) {
      const [, resource, verb] = key.split('|');
      expect(key).not.toContain('*');
      expect(resource === 'secrets' || resource === 'configmaps', key).toBe(false);
      expect(READ_VERBS.has(verb!) || reviews.has(key), `not a read: ${key}`).toBe(true);
    }
    // Every write the catalog checks for is refused; its reads (plans, evidence) are granted.
    for (const { kind, access } of catalogChecks()) {
      expect(grants(rules, access), `${kind}: ${rightKey(access)}`).toBe(READ_VERBS.has(access.verb));
    }
  });

  it('responder: every right the catalog checks and every write its steps make, and nothing else', () => {
    const rules = boundRules(rendered.responder, SA);
    for (const { kind, access } of catalogChecks()) expect(grants(rules, access), `${kind}: ${rightKey(access)}`).toBe(true);
    const needed = [...Object.values(STEP_RIGHTS).flat(), ...OTHER_RESPONDER_RIGHTS];
    for (const right of needed) expect(grants(rules, right), rightKey(right)).toBe(true);

    const reader = namedRights(boundRules(rendered.readonly, SA));
    const neededKeys = new Set(needed.map(rightKey));
    const added = [...namedRights(rules)].filter((key) => !reader.has(key));
    expect(added.filter((key) => !neededKeys.has(key)), 'granted but not needed').toEqual([]);
    expect(added.filter((key) => key.includes('*') || /\|(escalate|impersonate)$/.test(key))).toEqual([]);
    // Secrets: listed (for token Secrets of a revoked account) and deleted; never get or watch.
    expect(added.filter((key) => key.startsWith('|secrets|')).sort()).toEqual(['|secrets|delete', '|secrets|list']);
    // "bind" only on roles, in its own ClusterRole so it can be narrowed or dropped.
    const bindRole = find(rendered.responder, 'ClusterRole', 'cordon-responder-bind');
    expect(bindRole.rules).toEqual([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'clusterroles'], verbs: ['bind'] }]);
    // Kubelet checkpoints (nodes/proxy) only with the component.
    expect(grants(rules, { verb: 'create', group: '', resource: 'nodes', subresource: 'proxy' })).toBe(false);
    expect(grants(boundRules(rendered.checkpoint, SA), { verb: 'create', group: '', resource: 'nodes', subresource: 'proxy' })).toBe(true);
  });

  it('binds the roles to the console\'s own service account only', () => {
    for (const binding of rendered.checkpoint.filter((o) => o.kind === 'ClusterRoleBinding')) {
      expect(binding.subjects, binding.metadata.name).toEqual([{ kind: 'ServiceAccount', name: SA.name, namespace: SA.namespace }]);
    }
  });
});
