'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { verifyAuditLog } from '@/lib/audit/commands/verify-audit-log';
import { connectClusterFromKubeconfig, disconnectCluster } from '@/lib/clusters/commands/connect-cluster';
import { connectClusterSchema, disconnectClusterSchema } from '@/lib/clusters/schemas';
import { updateContainmentSettings } from '@/lib/containment/commands/update-settings';
import { containmentSettingsSchema } from '@/lib/containment/settings';
import { createNotificationTarget } from '@/lib/notify/commands/create-notification-target';
import { deleteNotificationTarget } from '@/lib/notify/commands/delete-notification-target';
import { sendTestNotification } from '@/lib/notify/commands/send-test-notification';
import { setNotificationTargetEnabled } from '@/lib/notify/commands/set-notification-target-enabled';
import { createNotificationTargetSchema, setTargetEnabledSchema, targetIdSchema } from '@/lib/notify/schemas';
import { createApiToken } from '@/lib/settings/commands/create-api-token';
import { revokeApiToken } from '@/lib/settings/commands/revoke-api-token';
import { createApiTokenSchema, revokeApiTokenSchema } from '@/lib/settings/schemas';
import { createUser } from '@/lib/users/commands/create-user';
import { setUserDisabled } from '@/lib/users/commands/set-user-disabled';
import { unlockUser } from '@/lib/users/commands/unlock-user';
import { createUserSchema, setUserDisabledSchema, unlockUserSchema } from '@/lib/users/schemas';

export const createUserAction = defineAction(
  { name: 'user.create', schema: createUserSchema, permission: 'admin.users' },
  async (input, { user, ip }) => {
    const created = await createUser(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return created;
  },
);

/** Disabling a user also ends their sessions. */
export const setUserDisabledAction = defineAction(
  { name: 'user.set_disabled', schema: setUserDisabledSchema, permission: 'admin.users' },
  async (input, { user, ip }) => {
    const result = await setUserDisabled(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return result;
  },
);

export const unlockUserAction = defineAction(
  { name: 'user.unlock', schema: unlockUserSchema, permission: 'admin.users' },
  async (input, { user, ip }) => {
    await unlockUser(input.userId, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
  },
);

export const createApiTokenAction = defineAction(
  { name: 'token.create', schema: createApiTokenSchema, permission: 'admin.tokens' },
  async (input, { user, ip }) => {
    const created = await createApiToken(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return created;
  },
);

export const revokeApiTokenAction = defineAction(
  { name: 'token.revoke', schema: revokeApiTokenSchema, permission: 'admin.tokens' },
  async (input, { user, ip }) => {
    await revokeApiToken(input.tokenId, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
  },
);

// ───────────── notification targets ─────────────

export const createNotificationTargetAction = defineAction(
  { name: 'notification_target.create', schema: createNotificationTargetSchema, permission: 'admin.notifications' },
  async (input, { user, ip }) => {
    const created = await createNotificationTarget(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return created;
  },
);

export const setNotificationTargetEnabledAction = defineAction(
  { name: 'notification_target.set_enabled', schema: setTargetEnabledSchema, permission: 'admin.notifications' },
  async (input, { user, ip }) => {
    await setNotificationTargetEnabled(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
  },
);

export const deleteNotificationTargetAction = defineAction(
  { name: 'notification_target.delete', schema: targetIdSchema, permission: 'admin.notifications' },
  async (input, { user, ip }) => {
    await deleteNotificationTarget(input.targetId, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
  },
);

/** Synchronous: waits for the target's answer (at most the 10 s send timeout) and returns it. */
export const sendTestNotificationAction = defineAction(
  { name: 'notification_target.test', schema: targetIdSchema, permission: 'admin.notifications' },
  async (input, { user, ip }) => {
    const result = await sendTestNotification(input.targetId, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return result;
  },
);

// ───────────── containment ─────────────

export const updateContainmentSettingsAction = defineAction(
  { name: 'settings.containment', schema: containmentSettingsSchema, permission: 'admin.settings' },
  async (input, { user, ip }) => {
    const saved = await updateContainmentSettings(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return saved;
  },
);

/** Recomputes the audit log's hash chain (as `npm run audit:verify` does) and records the check. */
export const verifyAuditLogAction = defineAction(
  { name: 'audit.verify', schema: z.object({}), permission: 'audit.read' },
  async (_input, { user, ip }) => verifyAuditLog({ type: 'user', id: user.id, label: user.email, ip }),
);

/** Connects a cluster from a pasted kubeconfig (checked against the API server first). */
export const connectClusterAction = defineAction(
  { name: 'cluster.connect', schema: connectClusterSchema, permission: 'admin.clusters' },
  async (input, { user, ip }) => {
    const connected = await connectClusterFromKubeconfig(input, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return connected;
  },
);

export const disconnectClusterAction = defineAction(
  { name: 'cluster.disconnect', schema: disconnectClusterSchema, permission: 'admin.clusters' },
  async (input, { user, ip }) => {
    await disconnectCluster(input.clusterId, { type: 'user', id: user.id, label: user.email, ip });
    revalidatePath('/settings');
    return { disconnected: true };
  },
);
