import { hashString } from '../util/random.js';

/** One synthetic log line for a container of a given image, deterministic in (seed, index). */
export type LineFormatter = (index: number, timeMs: number, seed: number, context: LineContext) => string;

export interface LineContext {
  podName: string;
  namespace: string;
  podIp: string;
  peerIps: string[];
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;
const PATHS = ['/', '/api/products', '/api/products/OLJCESPC7Z', '/api/cart', '/api/checkout', '/static/js/main.3f9a1c.js', '/healthz', '/api/recommendations', '/api/currency/convert', '/favicon.ico'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 'kube-probe/1.32', 'Go-http-client/1.1'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clf(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

const nginx: LineFormatter = (i, t, seed, ctx) => {
  const h = hashString(`${seed}:${i}`);
  const path = pick(PATHS, h);
  const status = h % 53 === 0 ? 404 : h % 97 === 0 ? 502 : 200;
  return `${pick(ctx.peerIps.length ? ctx.peerIps : ['10.244.0.1'], h >>> 3)} - - [${clf(t)}] "GET ${path} HTTP/1.1" ${status} ${200 + (h % 9000)} "-" "${pick(AGENTS, h >>> 5)}" "-"`;
};

const nodeJson: LineFormatter = (i, t, seed, ctx) => {
  const h = hashString(`${seed}:${i}`);
  const url = pick(PATHS, h);
  return JSON.stringify({ level: 30, time: t, pid: 1, hostname: ctx.podName, req: { method: h % 5 === 0 ? 'POST' : 'GET', url }, res: { statusCode: h % 71 === 0 ? 500 : 200 }, responseTime: h % 180, msg: 'request completed' });
};

const python: LineFormatter = (i, _t, seed, ctx) => {
  const h = hashString(`${seed}:${i}`);
  return `INFO:     ${pick(ctx.peerIps.length ? ctx.peerIps : ['10.244.0.1'], h)}:${30000 + (h % 30000)} - "GET ${pick(PATHS, h >>> 2)} HTTP/1.1" 200 OK`;
};

const java: LineFormatter = (i, t, seed) => {
  const h = hashString(`${seed}:${i}`);
  const order = (h % 0xffffff).toString(16);
  return `${new Date(t).toISOString()}  INFO 1 --- [checkout] [nio-8080-exec-${1 + (h % 9)}] c.s.checkout.web.CheckoutController      : order ${order} placed, total=${(h % 40000) / 100} EUR, took ${20 + (h % 200)} ms`;
};

const postgres: LineFormatter = (i, t, seed) => {
  const h = hashString(`${seed}:${i}`);
  if (h % 7 === 0) return `${sqlTime(t)} [${30 + (h % 40)}] LOG:  checkpoint starting: time`;
  if (h % 7 === 1) return `${sqlTime(t)} [${30 + (h % 40)}] LOG:  checkpoint complete: wrote ${h % 60} buffers (0.${h % 9}%); 0 WAL file(s) added, 0 removed, 0 recycled; write=${(h % 5000) / 1000} s, sync=0.002 s, total=${(h % 5100) / 1000} s`;
  return `${sqlTime(t)} [${100 + (h % 200)}] LOG:  duration: ${(h % 900) / 10} ms  statement: SELECT id, sku, quantity FROM cart_items WHERE cart_id = $1`;
};

const redis: LineFormatter = (i, t, seed) => {
  const d = new Date(t);
  const h = hashString(`${seed}:${i}`);
  const stamp = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
  return h % 2 === 0 ? `1:M ${stamp} * ${100 + (h % 900)} changes in 300 seconds. Saving...` : `1:M ${stamp} * Background saving terminated with success`;
};

const coredns: LineFormatter = (i, _t, seed, ctx) => {
  const h = hashString(`${seed}:${i}`);
  const names = ['catalog.api.svc.cluster.local.', 'cart.api.svc.cluster.local.', 'postgres.data.svc.cluster.local.', 'api.stripe.com.', 'redis.data.svc.cluster.local.'];
  return `[INFO] ${pick(ctx.peerIps.length ? ctx.peerIps : ['10.244.1.4'], h)}:${30000 + (h % 30000)} - ${h % 65535} "A IN ${pick(names, h >>> 4)} udp 55 false 512" NOERROR qr,aa,rd 112 0.000${100 + (h % 800)}s`;
};

const cilium: LineFormatter = (i, t, seed) => {
  const h = hashString(`${seed}:${i}`);
  const msgs = ['Policy imported via API, recalculating...', 'Regenerating endpoint', 'Rewrote endpoint BPF program', 'Completed endpoint regeneration', 'Conntrack garbage collector interval recalculated'];
  return `time="${new Date(t).toISOString()}" level=info msg="${pick(msgs, h)}" subsys=daemon`;
};

const generic: LineFormatter = (i, t, seed) => {
  const h = hashString(`${seed}:${i}`);
  return `time="${new Date(t).toISOString()}" level=info msg="${pick(['handled request', 'reconciled', 'health check ok', 'metrics scraped'], h)}" duration=${h % 300}ms`;
};

export function formatterForImage(image: string): LineFormatter {
  const name = image.split('@')[0]?.split(':')[0]?.split('/').pop() ?? '';
  if (name.includes('nginx')) return nginx;
  if (name.includes('postgres')) return postgres;
  if (name.includes('redis')) return redis;
  if (name.includes('coredns')) return coredns;
  if (name.includes('cilium') || name.includes('hubble')) return cilium;
  if (name.includes('checkout') || name.includes('java') || name.includes('kafka')) return java;
  if (name.includes('python') || name.includes('recommend') || name.includes('user') || name.includes('worker')) return python;
  if (image.includes('registry.k8s.io') || name.includes('prometheus') || name.includes('grafana') || name.includes('alertmanager') || name.includes('runner')) return generic;
  return nodeJson;
}
