// Builds every server action the same way, so none can forget a step:
// authenticate → validate (zod) → authorise → run the command → typed result.
// A denied attempt is itself audited and changes nothing else.
import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import { getCurrentUser, type CurrentUser } from '../auth/session';
import { can, minimumRole, type Permission } from '../auth/roles';
import { db } from '../db/client';
import { AppError, type AppErrorCode } from '../errors';
import { logger } from '../log';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };

export interface ActionContext {
  user: CurrentUser;
  ip: string | null;
}

export function defineAction<S extends z.ZodType, T>(
  options: { name: string; schema: S; permission: Permission },
  handler: (input: z.output<S>, context: ActionContext) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' };
    const ip = await clientIp();

    if (!can(user.role, options.permission)) {
      await db.$transaction((tx) =>
        writeAudit(
          tx,
          { type: 'user', id: user.id, label: user.email, ip },
          { action: options.name, outcome: 'denied', details: { role: user.role, permission: options.permission } },
        ),
      );
      return {
        ok: false,
        code: 'forbidden',
        message: `This needs the ${minimumRole(options.permission)} role; you are signed in as ${user.role}.`,
      };
    }

    const parsed = options.schema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'bad_request',
        message: 'Some fields are not valid.',
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      };
    }

    try {
      return { ok: true, data: await handler(parsed.data, { user, ip }) };
    } catch (error) {
      if (error instanceof AppError) {
        return { ok: false, code: error.code, message: error.userMessage };
      }
      logger.error({ err: error, action: options.name, userId: user.id }, 'server action failed');
      throw error;
    }
  };
}

async function clientIp(): Promise<string | null> {
  // The Cordon server sets x-forwarded-for from the socket unless it trusts a proxy in front.
  const forwarded = (await headers()).get('x-forwarded-for');
  return forwarded?.split(',')[0]?.trim() || null;
}
