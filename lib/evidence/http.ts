// Shared by the evidence and report route handlers that stream (and so cannot use jsonRoute).
import 'server-only';
import { NextResponse } from 'next/server';
import type { CurrentUser } from '../auth/session';
import { publicUrl } from '../env';
import { AppError } from '../errors';
import { crossSiteRefusalOf } from '../http/csrf';
import { logger } from '../log';
import type { EvidenceActor } from './custody';

export function errorResponse(error: unknown, request: Request): Response {
  if (error instanceof AppError) {
    return NextResponse.json({ error: error.code, message: error.userMessage }, { status: error.status, headers: { 'cache-control': 'no-store' } });
  }
  logger.error({ err: error, url: new URL(request.url).pathname }, 'route failed');
  return NextResponse.json({ error: 'internal', message: 'Something went wrong; it has been logged.' }, { status: 500 });
}

export function requestActor(user: CurrentUser, request: Request): EvidenceActor & { type: 'user'; id: string } {
  // The Cordon server sets x-forwarded-for from the socket unless it trusts a proxy in front.
  const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
  return { type: 'user', id: user.id, label: user.email, ip };
}

/**
 * State-changing requests must come from the console's own pages. The server already refuses
 * cross-site requests before Next.js (lib/server/request-handler.ts); this repeats the same check
 * (lib/http/csrf.ts) where the route handler runs, as defence in depth.
 */
export function assertSameOrigin(request: Request): void {
  if (crossSiteRefusalOf(request, new URL(publicUrl()).origin)) throw new AppError('forbidden', { userMessage: 'Cross-site request refused.' });
}

/** `attachment` with an ASCII fallback and the exact name (RFC 6266 / RFC 5987). */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const DOWNLOAD_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; sandbox",
} as const;
