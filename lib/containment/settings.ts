import 'server-only';
import { z } from 'zod';
import { db } from '../db/client';

// Settings → Containment (the `setting` row "containment").
export const containmentSettingsSchema = z.object({
  /** Destructive actions wait for a second responder's approval. */
  requireSecondApprover: z.boolean().default(false),
});
export type ContainmentSettings = z.infer<typeof containmentSettingsSchema>;

export async function containmentSettings(): Promise<ContainmentSettings> {
  const row = await db.setting.findUnique({ where: { key: 'containment' } });
  const parsed = containmentSettingsSchema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : containmentSettingsSchema.parse({});
}
