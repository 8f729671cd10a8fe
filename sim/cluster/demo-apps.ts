import type { AppWorkload } from './app-model.js';

const KS = 'kube-system';

/** The demo cluster: an online shop over several namespaces plus the platform around it. */
export const DEMO_WORKLOADS: AppWorkload[] = [
  { namespace: KS, name: 'coredns', kind: 'Deployment', image: 'registry.k8s.io/coredns/coredns:v1.11.3', replicas: 2, port: 53, portName: 'dns', protocol: 'UDP', service: 'ClusterIP', serviceAccount: 'coredns', component: 'dns', cpu: '100m', memory: '70Mi', external: [] },
  { namespace: KS, name: 'cilium', kind: 'DaemonSet', image: 'quay.io/cilium/cilium:v1.16.3', port: 4240, portName: 'health', service: false, hostNetwork: true, everyNode: true, serviceAccount: 'cilium', component: 'agent', cpu: '100m', memory: '300Mi' },
  { namespace: KS, name: 'cilium-operator', kind: 'Deployment', image: 'quay.io/cilium/operator-generic:v1.16.3', replicas: 1, port: 9963, service: false, hostNetwork: true, serviceAccount: 'cilium-operator', component: 'operator' },
  { namespace: KS, name: 'hubble-relay', kind: 'Deployment', image: 'quay.io/cilium/hubble-relay:v1.16.3', replicas: 1, port: 4245, portName: 'grpc', serviceAccount: 'hubble-relay', component: 'relay', calls: [] },
  { namespace: KS, name: 'hubble-ui', kind: 'Deployment', image: 'quay.io/cilium/hubble-ui:v0.13.1', replicas: 1, port: 8081, serviceAccount: 'hubble-ui', calls: ['kube-system/hubble-relay'] },
  { namespace: KS, name: 'kube-proxy', kind: 'DaemonSet', image: 'registry.k8s.io/kube-proxy:v1.32.4', service: false, hostNetwork: true, everyNode: true, serviceAccount: 'kube-proxy' },
  { namespace: KS, name: 'metrics-server', kind: 'Deployment', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', replicas: 1, port: 10250, portName: 'https', serviceAccount: 'metrics-server' },

  { namespace: 'ingress-nginx', name: 'ingress-nginx-controller', kind: 'Deployment', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3', replicas: 2, port: 80, portName: 'http', service: 'LoadBalancer', serviceAccount: 'ingress-nginx', component: 'controller', calls: ['shop/frontend'] },
  { namespace: 'cert-manager', name: 'cert-manager', kind: 'Deployment', image: 'quay.io/jetstack/cert-manager-controller:v1.16.1', replicas: 1, port: 9402, serviceAccount: 'cert-manager', component: 'controller' },
  { namespace: 'cert-manager', name: 'cert-manager-webhook', kind: 'Deployment', image: 'quay.io/jetstack/cert-manager-webhook:v1.16.1', replicas: 1, port: 10250, serviceAccount: 'cert-manager-webhook', component: 'webhook' },
  { namespace: 'cert-manager', name: 'cert-manager-cainjector', kind: 'Deployment', image: 'quay.io/jetstack/cert-manager-cainjector:v1.16.1', replicas: 1, service: false, serviceAccount: 'cert-manager-cainjector', component: 'cainjector' },

  { namespace: 'shop', name: 'frontend', kind: 'Deployment', image: 'docker.io/library/nginx:1.27', replicas: 3, port: 80, portName: 'http', servicePort: 80, service: 'LoadBalancer', calls: ['shop/storefront', 'shop/ad-service'], external: ['cdn.jsdelivr.net'], component: 'web', version: '1.27.3', cpu: '100m', memory: '64Mi' },
  { namespace: 'shop', name: 'storefront', kind: 'Deployment', image: 'ghcr.io/cordon-demo/storefront:2.4.1', replicas: 2, port: 3000, portName: 'http', calls: ['api/catalog', 'api/cart', 'api/checkout', 'api/user', 'shop/recommendation', 'api/currency', 'api/reviews'], component: 'bff', version: '2.4.1', cpu: '200m', memory: '256Mi' },
  { namespace: 'shop', name: 'recommendation', kind: 'Deployment', image: 'ghcr.io/cordon-demo/recommendation:1.8.0', replicas: 1, port: 8080, portName: 'http', calls: ['api/catalog'], component: 'recommendation', version: '1.8.0', restarts: 3, cpu: '100m', memory: '220Mi' },
  { namespace: 'shop', name: 'ad-service', kind: 'Deployment', image: 'ghcr.io/cordon-demo/ad-service:1.3.2', replicas: 1, port: 9555, portName: 'grpc', component: 'ads', version: '1.3.2' },
  { namespace: 'shop', name: 'loadgenerator', kind: 'Deployment', image: 'ghcr.io/cordon-demo/loadgenerator:1.2.0', replicas: 1, service: false, calls: ['shop/frontend'], component: 'loadgen' },

  { namespace: 'api', name: 'catalog', kind: 'Deployment', image: 'registry.shop.internal/api/catalog:3.2.0', replicas: 2, port: 8080, portName: 'http', calls: ['data/postgres', 'data/redis', 'api/search'], version: '3.2.0', cpu: '150m', memory: '128Mi' },
  { namespace: 'api', name: 'cart', kind: 'Deployment', image: 'registry.shop.internal/api/cart:2.9.4', replicas: 2, port: 8080, portName: 'http', calls: ['data/redis'], version: '2.9.4' },
  { namespace: 'api', name: 'checkout', kind: 'Deployment', image: 'registry.shop.internal/api/checkout:4.1.0', replicas: 2, port: 8080, portName: 'http', calls: ['api/payment', 'api/cart', 'api/user', 'api/currency', 'api/shipping', 'data/rabbitmq'], version: '4.1.0', cpu: '300m', memory: '512Mi' },
  { namespace: 'api', name: 'payment', kind: 'Deployment', image: 'registry.shop.internal/api/payment:1.12.3', replicas: 2, port: 8080, portName: 'http', calls: ['data/postgres'], external: ['api.stripe.com'], version: '1.12.3' },
  { namespace: 'api', name: 'user', kind: 'Deployment', image: 'registry.shop.internal/api/user:2.0.7', replicas: 2, port: 8080, portName: 'http', calls: ['data/postgres', 'data/redis'], version: '2.0.7' },
  { namespace: 'api', name: 'currency', kind: 'Deployment', image: 'ghcr.io/cordon-demo/currency:1.0.9', replicas: 1, port: 7000, portName: 'grpc', external: ['api.exchangerate.host'], version: '1.0.9' },
  { namespace: 'api', name: 'shipping', kind: 'Deployment', image: 'ghcr.io/cordon-demo/shipping:1.4.0', replicas: 1, port: 50051, portName: 'grpc', version: '1.4.0' },
  { namespace: 'api', name: 'email', kind: 'Deployment', image: 'ghcr.io/cordon-demo/email-worker:0.9.2', replicas: 1, port: 8080, calls: ['data/rabbitmq'], external: ['smtp.sendgrid.net'], version: '0.9.2' },
  { namespace: 'api', name: 'reviews', kind: 'Deployment', image: 'registry.shop.internal/api/reviews:1.1.0', replicas: 1, port: 8080, portName: 'http', calls: ['data/postgres'], version: '1.1.0' },
  { namespace: 'api', name: 'search', kind: 'Deployment', image: 'registry.shop.internal/api/search-java:2.2.1', replicas: 1, port: 8080, portName: 'http', calls: ['data/elasticsearch'], version: '2.2.1' },

  { namespace: 'data', name: 'postgres', kind: 'StatefulSet', image: 'docker.io/library/postgres:16.4', replicas: 1, port: 5432, portName: 'postgres', service: 'ClusterIP', component: 'database', cpu: '500m', memory: '1Gi' },
  { namespace: 'data', name: 'redis', kind: 'StatefulSet', image: 'docker.io/library/redis:7.4-alpine', replicas: 1, port: 6379, portName: 'redis', component: 'cache', cpu: '100m', memory: '256Mi' },
  { namespace: 'data', name: 'rabbitmq', kind: 'StatefulSet', image: 'docker.io/library/rabbitmq:3.13-management', replicas: 1, port: 5672, portName: 'amqp', component: 'queue' },
  { namespace: 'data', name: 'elasticsearch', kind: 'StatefulSet', image: 'docker.io/library/elasticsearch:8.15.3', replicas: 1, port: 9200, portName: 'http', component: 'search', memory: '2Gi' },
  { namespace: 'data', name: 'postgres-exporter', kind: 'Deployment', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', replicas: 1, port: 9187, portName: 'metrics', calls: ['data/postgres'] },

  { namespace: 'monitoring', name: 'prometheus', kind: 'StatefulSet', image: 'quay.io/prometheus/prometheus:v2.54.1', replicas: 1, port: 9090, portName: 'web', calls: ['monitoring/node-exporter', 'monitoring/kube-state-metrics', 'data/postgres-exporter', 'api/catalog', 'api/checkout', 'shop/storefront', 'ingress-nginx/ingress-nginx-controller'], component: 'server', memory: '2Gi' },
  { namespace: 'monitoring', name: 'alertmanager', kind: 'StatefulSet', image: 'quay.io/prometheus/alertmanager:v0.27.0', replicas: 1, port: 9093, portName: 'web', external: ['hooks.slack.com'] },
  { namespace: 'monitoring', name: 'grafana', kind: 'Deployment', image: 'docker.io/grafana/grafana:11.2.0', replicas: 1, port: 3000, portName: 'http', calls: ['monitoring/prometheus', 'monitoring/loki'] },
  { namespace: 'monitoring', name: 'kube-state-metrics', kind: 'Deployment', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', replicas: 1, port: 8080, portName: 'http-metrics' },
  { namespace: 'monitoring', name: 'node-exporter', kind: 'DaemonSet', image: 'quay.io/prometheus/node-exporter:v1.8.2', port: 9100, portName: 'metrics', hostNetwork: true, everyNode: true },
  { namespace: 'monitoring', name: 'loki', kind: 'StatefulSet', image: 'docker.io/grafana/loki:3.2.1', replicas: 1, port: 3100, portName: 'http' },
  { namespace: 'monitoring', name: 'promtail', kind: 'DaemonSet', image: 'docker.io/grafana/promtail:3.2.1', port: 9080, everyNode: true, calls: ['monitoring/loki'] },

  { namespace: 'falco', name: 'falco', kind: 'DaemonSet', image: 'docker.io/falcosecurity/falco:0.39.2', port: 8765, everyNode: true, calls: ['falco/falcosidekick'], component: 'falco' },
  { namespace: 'falco', name: 'falcosidekick', kind: 'Deployment', image: 'docker.io/falcosecurity/falcosidekick:2.29.0', replicas: 2, port: 2801, portName: 'http', external: ['hooks.slack.com'] },
  { namespace: 'falco', name: 'falco-k8saudit', kind: 'Deployment', image: 'docker.io/falcosecurity/falco:0.39.2', replicas: 1, port: 9765, portName: 'k8s-audit', calls: ['falco/falcosidekick'] },

  { namespace: 'ci', name: 'argocd-server', kind: 'Deployment', image: 'quay.io/argoproj/argocd:v2.12.4', replicas: 1, port: 8080, portName: 'http', calls: ['ci/argocd-repo-server', 'ci/argocd-redis'], serviceAccount: 'argocd-server', command: ['argocd-server'] },
  { namespace: 'ci', name: 'argocd-repo-server', kind: 'Deployment', image: 'quay.io/argoproj/argocd:v2.12.4', replicas: 1, port: 8081, external: ['github.com'], serviceAccount: 'argocd-repo-server', command: ['argocd-repo-server'] },
  { namespace: 'ci', name: 'argocd-application-controller', kind: 'StatefulSet', image: 'quay.io/argoproj/argocd:v2.12.4', replicas: 1, port: 8082, calls: ['ci/argocd-repo-server', 'ci/argocd-redis'], serviceAccount: 'argocd', command: ['argocd-application-controller'] },
  { namespace: 'ci', name: 'argocd-redis', kind: 'Deployment', image: 'docker.io/library/redis:7.4-alpine', replicas: 1, port: 6379, portName: 'redis', serviceAccount: 'argocd-redis' },
  { namespace: 'ci', name: 'actions-runner', kind: 'Deployment', image: 'ghcr.io/actions/actions-runner:2.320.0', replicas: 2, service: false, external: ['github.com', 'registry.shop.internal'], serviceAccount: 'actions-runner' },
];

export const DEMO_NAMESPACES: Record<string, Record<string, string>> = {
  'kube-system': {},
  'ingress-nginx': { 'app.kubernetes.io/name': 'ingress-nginx' },
  'cert-manager': {},
  shop: { team: 'storefront', 'pod-security.kubernetes.io/enforce': 'baseline' },
  api: { team: 'backend', 'pod-security.kubernetes.io/enforce': 'baseline' },
  data: { team: 'platform-data', 'pod-security.kubernetes.io/enforce': 'baseline' },
  monitoring: { team: 'sre' },
  falco: { team: 'security' },
  ci: { team: 'platform' },
};
