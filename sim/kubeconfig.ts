import YAML from 'yaml';

export interface KubeconfigUser {
  name: string;
  token: string;
}

/**
 * A kubeconfig for the simulator: HTTPS with the simulator's own CA inlined. (Over plain HTTP,
 * kubectl/client-go never sends the token, and @kubernetes/client-node 2.x refuses an http://
 * server unless insecure-skip-tls-verify is set.)
 */
export function buildKubeconfig(serverUrl: string, caPem: string, users: KubeconfigUser[], current: string): string {
  const cluster = 'cordon-sim';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: cluster, cluster: { server: serverUrl, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: users.map((u) => ({ name: u.name === 'admin' ? 'cordon-sim' : `cordon-sim-${u.name}`, context: { cluster, user: u.name, namespace: 'default' } })),
    'current-context': current === 'admin' ? 'cordon-sim' : `cordon-sim-${current}`,
  });
}
