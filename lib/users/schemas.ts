import { z } from 'zod';
import { ROLES } from '../auth/roles';

export const createUserSchema = z.object({
  email: z.email('Enter a valid email address').transform((value) => value.toLowerCase()),
  name: z.string().trim().min(1, 'Enter a name').max(120),
  role: z.enum(ROLES),
  password: z.string().min(12, 'Use at least 12 characters').max(256),
});

export type CreateUserInput = z.infer<typeof createUserSchema>;

export const setUserDisabledSchema = z.object({ userId: z.string().min(1).max(100), disabled: z.boolean() });
export type SetUserDisabledInput = z.infer<typeof setUserDisabledSchema>;

export const unlockUserSchema = z.object({ userId: z.string().min(1).max(100) });
