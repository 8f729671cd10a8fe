// Detection and correlation settings (Settings → Detection, stored in the `setting` table under
// "detection"), merged over defaults and cached briefly: the ingest path reads them per batch.
import { z } from 'zod';
import type pg from 'pg';

export const indicatorSchema = z.object({
  value: z.string().min(1).max(253), // an IP address, a CIDR-less address, or a domain (suffix match)
  label: z.string().max(120).default('known-malicious destination'),
  techniques: z.array(z.string()).default([]),
});

export const detectionSettingsSchema = z.object({
  correlationWindowMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
  /** "Never seen before" rules only learn during the first minutes after a cluster is added. */
  learningMinutes: z.number().int().min(0).max(7 * 24 * 60).default(10),
  deployerIdentities: z
    .array(z.string().min(1))
    .default([
      'system:serviceaccount:ci:argocd',
      'system:serviceaccount:argocd:argocd-application-controller',
      'system:serviceaccount:flux-system:kustomize-controller',
      'system:serviceaccount:flux-system:helm-controller',
    ]),
  trustedIdentities: z.array(z.string().min(1)).default([]),
  /**
   * Image sources the map does not flag, as `imageSource()` names them ("docker.io/library",
   * "quay.io/cilium", "registry.example.com"); an entry also covers the paths below it.
   */
  trustedRegistries: z
    .array(z.string().min(1).max(253))
    .default([
      'docker.io/library',
      'registry.k8s.io',
      'quay.io/cilium',
      'quay.io/jetstack',
      'quay.io/prometheus',
      'quay.io/prometheuscommunity',
      'quay.io/argoproj',
      'docker.io/grafana',
      'docker.io/falcosecurity',
      'ghcr.io/actions',
    ]),
  maliciousIndicators: z.array(indicatorSchema).default([
    { value: 'pool.supportxmr.com', label: 'Monero mining pool', techniques: ['T1496.001'] },
    { value: 'xmr.pool.minergate.com', label: 'Monero mining pool', techniques: ['T1496.001'] },
    { value: 'pool.minexmr.com', label: 'Monero mining pool', techniques: ['T1496.001'] },
    { value: 'moneroocean.stream', label: 'Monero mining pool', techniques: ['T1496.001'] },
    { value: 'nanopool.org', label: 'cryptocurrency mining pool', techniques: ['T1496.001'] },
  ]),
});

export type DetectionConfig = z.infer<typeof detectionSettingsSchema>;

export interface IngestSettings extends DetectionConfig {
  /** Cluster id → the identity Cordon acts as there; its changes are not flagged. */
  clusterIdentities: string[];
}

const TTL_MS = 10_000;
let cached: { at: number; value: IngestSettings } | null = null;

export function defaultDetectionConfig(): DetectionConfig {
  return detectionSettingsSchema.parse({});
}

export async function loadIngestSettings(client: pg.Pool | pg.PoolClient): Promise<IngestSettings> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
  const [setting, identities] = await Promise.all([
    client.query<{ value: unknown }>(`SELECT value FROM setting WHERE key = 'detection'`),
    client.query<{ identity: string }>('SELECT identity FROM cluster WHERE identity IS NOT NULL'),
  ]);
  const parsed = detectionSettingsSchema.safeParse(setting.rows[0]?.value ?? {});
  const config = parsed.success ? parsed.data : defaultDetectionConfig();
  const envLearning = process.env.CORDON_BASELINE_LEARNING_MINUTES;
  const value: IngestSettings = {
    ...config,
    learningMinutes: envLearning !== undefined && /^\d+$/.test(envLearning) ? Number(envLearning) : config.learningMinutes,
    clusterIdentities: identities.rows.map((r) => r.identity),
  };
  cached = { at: Date.now(), value };
  return value;
}

export function invalidateIngestSettings(): void {
  cached = null;
}
