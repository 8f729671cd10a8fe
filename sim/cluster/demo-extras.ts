import type { KubeObject } from '../api/types.js';
import { opaqueSecret, tokenSecret } from './builders.js';
import { clusterRole, clusterRoleBinding, role, roleBinding } from './rbac-defaults.js';

/** Human identities with static tokens (a real cluster would use OIDC; tokens keep the demo simple). */
export const HUMAN_USERS = {
  platformEngineer: { username: 'j.smith@shop.example', groups: ['platform-engineers'] },
  contractor: { username: 'd.vasquez@contractor.example', groups: ['contractors'] },
} as const;

/** Everything around the workloads that makes the demo cluster look lived-in. */
export function demoExtras(): KubeObject[] {
  const objects: KubeObject[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'frontend', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-example-com-tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'frontend', port: { number: 80 } } } }] } }],
      },
    },
    pdb('shop', 'frontend', { minAvailable: 2 }),
    pdb('api', 'checkout', { minAvailable: 1 }),
    pdb('data', 'postgres', { minAvailable: 1 }),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'postgres-ingress', namespace: 'data', labels: { 'app.kubernetes.io/managed-by': 'argocd' } },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'api' } } }, { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres-exporter' } } }],
            ports: [{ protocol: 'TCP', port: 'postgres' }],
          },
        ],
      },
    },
    opaqueSecret('data', 'postgres-credentials', { POSTGRES_USER: 'shop', POSTGRES_PASSWORD: 'pg-7f3kQ9vZ2mW8', POSTGRES_DB: 'shop' }),
    opaqueSecret('api', 'payment-stripe', { STRIPE_SECRET_KEY: 'sk_live_51Demo0000000000000000000000' }),
    opaqueSecret('api', 'checkout-db', { DATABASE_URL: 'postgres://shop:pg-7f3kQ9vZ2mW8@postgres.data.svc.cluster.local:5432/shop' }),
    opaqueSecret('monitoring', 'grafana-admin', { 'admin-user': 'admin', 'admin-password': 'gr4fana-Adm1n' }),
    opaqueSecret('shop', 'session-secret', { SESSION_SECRET: 'c2Vzc2lvbi1zZWNyZXQtZGVtbw' }),
    { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'registry-pull', namespace: 'ci' }, stringData: { '.dockerconfigjson': JSON.stringify({ auths: { 'registry.shop.internal': { username: 'ci-bot', password: 'rg-9Hk2LmP4' } } }) } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'frontend-nginx', namespace: 'shop' }, data: { 'default.conf': 'server {\n  listen 80;\n  location / { proxy_pass http://storefront:3000; }\n}\n' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'checkout-config', namespace: 'api' }, data: { PAYMENT_URL: 'http://payment:8080', CURRENCY_URL: 'currency:7000' } },
    tokenSecret('ci', 'actions-runner'),
    tokenSecret('ci', 'argocd'),
    tokenSecret('monitoring', 'prometheus'),
    clusterRole('prometheus', [
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ], {}),
    clusterRoleBinding('prometheus', 'prometheus', [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }], {}),
    clusterRole('kube-state-metrics', [{ apiGroups: ['', 'apps', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: ['list', 'watch'] }], {}),
    clusterRoleBinding('kube-state-metrics', 'kube-state-metrics', [{ kind: 'ServiceAccount', name: 'kube-state-metrics', namespace: 'monitoring' }], {}),
    clusterRole('argocd-application-controller', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }], {}),
    clusterRoleBinding('argocd-application-controller', 'argocd-application-controller', [{ kind: 'ServiceAccount', name: 'argocd', namespace: 'ci' }], {}),
    // The CI runner may manage RBAC for preview environments: the misconfiguration rbac-escalation abuses.
    clusterRole('ci-rbac-manager', [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'rolebindings'], verbs: ['create', 'get', 'list'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
    ], {}),
    clusterRoleBinding('ci-rbac-manager', 'ci-rbac-manager', [{ kind: 'ServiceAccount', name: 'actions-runner', namespace: 'ci' }], {}),
    clusterRoleBinding('platform-engineers-edit', 'edit', [{ kind: 'Group', name: 'platform-engineers' }], {}),
    clusterRole('platform-node-reader', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }], {}),
    clusterRoleBinding('platform-engineers-nodes', 'platform-node-reader', [{ kind: 'Group', name: 'platform-engineers' }], {}),
    role('api', 'config-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]),
    roleBinding('api', 'checkout-config-reader', 'Role', 'config-reader', [{ kind: 'ServiceAccount', name: 'checkout', namespace: 'api' }]),
    // Granted "temporarily" during an incident months ago and never removed.
    role('api', 'pod-debugger', [
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
    ]),
    roleBinding('api', 'support-debug', 'Role', 'pod-debugger', [{ kind: 'User', name: HUMAN_USERS.contractor.username }]),
  ];
  return objects;
}

function pdb(namespace: string, app: string, budget: { minAvailable?: number; maxUnavailable?: number }): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: app, namespace }, spec: { ...budget, selector: { matchLabels: { 'app.kubernetes.io/name': app } } } };
}
