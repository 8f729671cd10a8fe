// Response-time targets the report measures against (Settings key `report_targets`, minutes).
import 'server-only';
import { z } from 'zod';
import { db } from '../db/client';

export const reportTargetsSchema = z.object({
  mttd: z.coerce.number().int().min(1).max(525_600).default(15),
  mttc: z.coerce.number().int().min(1).max(525_600).default(60),
  mttr: z.coerce.number().int().min(1).max(525_600).default(1_440),
});
export type ReportTargets = z.infer<typeof reportTargetsSchema>;

export const REPORT_TARGETS_KEY = 'report_targets';

export async function reportTargets(): Promise<ReportTargets> {
  const row = await db.setting.findUnique({ where: { key: REPORT_TARGETS_KEY } });
  const parsed = reportTargetsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : reportTargetsSchema.parse({});
}
