// The simulator the e2e console runs (its kubeconfig is in the data folder): reads its state
// through its Kubernetes API, as a second opinion on what the console says it did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { query } from './db';

function access() {
  const kubeconfig = readFileSync(path.join(process.env.CORDON_E2E_DATA_DIR!, 'sim', 'kubeconfig'), 'utf8');
  // The simulator serves plain HTTP on the same port as HTTPS (docs/simulator.md).
  const server = /server: (https:\/\/[^\s]+)/.exec(kubeconfig)![1]!.replace('https://', 'http://');
  const token = /token: (\S+)/.exec(kubeconfig)![1]!;
  return { server, token };
}

export async function simGet<T>(apiPath: string): Promise<{ status: number; body: T }> {
  const { server, token } = access();
  const response = await fetch(`${server}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

export async function simPost(apiPath: string): Promise<number> {
  const { server, token } = access();
  return (await fetch(`${server}${apiPath}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status;
}

interface PodList {
  items: { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string } }[];
}

export async function runningPod(namespace: string, app: string): Promise<string> {
  const { body } = await simGet<PodList>(`/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`app.kubernetes.io/name=${app}`)}`);
  const pod = body.items.find((p) => !p.metadata.deletionTimestamp);
  if (!pod) throw new Error(`no running ${app} pod in ${namespace}`);
  return pod.metadata.name;
}

export async function demoClusterId(): Promise<string> {
  const [row] = await query<{ id: string }>(`SELECT id FROM cluster WHERE name = 'demo'`);
  if (!row) throw new Error('the demo cluster is not registered');
  return row.id;
}
