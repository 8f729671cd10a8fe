'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { revokeSession } from '@/lib/sessions/commands/revoke-session';
import { signOutEverywhere } from '@/lib/sessions/commands/sign-out-everywhere';
import { revokeSessionSchema, signOutEverywhereSchema } from '@/lib/sessions/schemas';

export const revokeSessionAction = defineAction(
  { name: 'session.revoke', schema: revokeSessionSchema, permission: 'account.sessions' },
  async (input, { user, ip }) => {
    await revokeSession(input, user, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/account');
  },
);

export const signOutEverywhereAction = defineAction(
  { name: 'auth.sign_out_everywhere', schema: signOutEverywhereSchema, permission: 'account.sessions' },
  async (_input, { user, ip }) => await signOutEverywhere(user.id, { type: 'user', id: user.id, label: user.email, ip }),
);
