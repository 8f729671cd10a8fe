// Builds JSON route handlers the same way: session → permission → handler → JSON, with AppError
// mapped to its status and anything else logged and answered as a generic 500.
import 'server-only';
import { NextResponse } from 'next/server';
import { requirePermission, type CurrentUser } from '../auth/session';
import type { Permission } from '../auth/roles';
import { AppError } from '../errors';
import { logger } from '../log';

export function jsonRoute(permission: Permission, handler: (request: Request, user: CurrentUser) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    try {
      const user = await requirePermission(permission);
      return NextResponse.json(await handler(request, user), { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      if (error instanceof AppError) {
        return NextResponse.json({ error: error.code, message: error.userMessage }, { status: error.status });
      }
      logger.error({ err: error, url: request.url }, 'route failed');
      return NextResponse.json({ error: 'internal', message: 'Something went wrong; it has been logged.' }, { status: 500 });
    }
  };
}
