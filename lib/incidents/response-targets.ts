import 'server-only';
import { z } from 'zod';
import { db } from '../db/client';
import type { Severity } from '../db/generated/enums';

// Minutes to acknowledge a new incident, per severity (Settings → Response targets).
export const responseTargetsSchema = z.object({
  critical: z.number().int().min(1).default(15),
  high: z.number().int().min(1).default(60),
  medium: z.number().int().min(1).default(240),
  low: z.number().int().min(1).default(1440),
  info: z.number().int().min(1).default(4320),
});

let cached: { at: number; value: Record<Severity, number> } | null = null;

export async function responseTargets(): Promise<Record<Severity, number>> {
  if (cached && Date.now() - cached.at < 30_000) return cached.value;
  const row = await db.setting.findUnique({ where: { key: 'response_targets' } });
  const parsed = responseTargetsSchema.safeParse(row?.value ?? {});
  const value = parsed.success ? parsed.data : responseTargetsSchema.parse({});
  cached = { at: Date.now(), value };
  return value;
}
