import { z } from 'zod';

export const revokeSessionSchema = z.object({ sessionId: z.string().min(1).max(100) });
export type RevokeSessionInput = z.infer<typeof revokeSessionSchema>;

export const signOutEverywhereSchema = z.object({});
