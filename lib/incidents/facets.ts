import 'server-only';
import { pgPool } from '../db/pool';

// The distinct namespaces, rules and techniques scan every incident (unnest of two arrays): about
// 50 ms of database CPU on 10,000 incidents, for every queue page. They only fill the filter
// dropdowns, so they are kept for a short while per process (and refreshed in the background once
// stale); clusters and users stay live.
const DISTINCT_TTL_MS = 30_000;

interface DistinctValues {
  namespaces: string[];
  rules: string[];
  techniques: string[];
}

let cached: { at: number; value: DistinctValues } | null = null;
let loading: Promise<DistinctValues> | null = null;

async function loadDistinct(): Promise<DistinctValues> {
  const [namespaces, rules, techniques] = await Promise.all([
    pgPool().query<{ v: string }>(`SELECT DISTINCT namespace AS v FROM incident WHERE namespace IS NOT NULL ORDER BY 1 LIMIT 500`),
    pgPool().query<{ v: string }>(`SELECT v FROM (SELECT DISTINCT unnest(rules) AS v FROM incident) r ORDER BY 1 LIMIT 500`),
    pgPool().query<{ v: string }>(`SELECT v FROM (SELECT DISTINCT unnest(techniques) AS v FROM incident) t ORDER BY 1 LIMIT 300`),
  ]);
  return { namespaces: namespaces.rows.map((r) => r.v), rules: rules.rows.map((r) => r.v), techniques: techniques.rows.map((r) => r.v) };
}

function refresh(): Promise<DistinctValues> {
  loading ??= loadDistinct()
    .then((value) => {
      cached = { at: Date.now(), value };
      return value;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

async function distinctValues(): Promise<DistinctValues> {
  if (!cached) return await refresh();
  if (Date.now() - cached.at > DISTINCT_TTL_MS) refresh().catch(() => undefined); // stale: serve it, refresh behind
  return cached.value;
}

/** Forgets the cached values (tests). */
export function resetQueueFacetsCache(): void {
  cached = null;
}

/** The values the queue's filter controls offer: what exists in the data, most recent first. */
export async function loadQueueFacets() {
  const [clusters, users, distinct] = await Promise.all([
    pgPool().query<{ name: string; displayName: string }>(`SELECT name, "displayName" FROM cluster ORDER BY name ASC`),
    pgPool().query<{ id: string; email: string; name: string }>(
      `SELECT id, email, name FROM "user" WHERE disabled = false AND role <> 'viewer' ORDER BY email ASC`,
    ),
    distinctValues(),
  ]);
  return {
    clusters: clusters.rows,
    users: users.rows,
    namespaces: distinct.namespaces,
    rules: distinct.rules,
    techniques: distinct.techniques,
  };
}

export type QueueFacets = Awaited<ReturnType<typeof loadQueueFacets>>;
