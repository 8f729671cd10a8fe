import { z } from 'zod';

export const INGEST_SOURCES = ['falco', 'k8s_audit', 'alertmanager', 'flows'] as const;

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token (for example "falcosidekick prod-eu")').max(80),
  source: z.enum(INGEST_SOURCES),
  clusterId: z.string().min(1).nullable().optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const revokeApiTokenSchema = z.object({ tokenId: z.string().min(1) });
