import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { maxUploadBytes } from '@/lib/evidence/blobs';
import { blobTooLarge } from '@/lib/evidence/blobs/blob-store';
import { assertSameOrigin, errorResponse, requestActor } from '@/lib/evidence/http';
import { UPLOAD_TYPES, uploadParamsSchema } from '@/lib/evidence/schemas';
import { storeEvidence } from '@/lib/evidence/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * POST /api/evidence?incidentId=&filename=&type=&description=… — uploads an outside artifact; the
 * request body is the file's bytes, streamed to the store (never held whole in memory) up to
 * CORDON_EVIDENCE_MAX_UPLOAD_MB. Analysts and above.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const user = await requirePermission('evidence.upload');
    assertSameOrigin(request);
    const parsed = uploadParamsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      return NextResponse.json({ error: 'bad_request', message: 'Some fields are not valid.', fieldErrors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
    }
    const max = maxUploadBytes();
    if (Number(request.headers.get('content-length') ?? 0) > max) throw blobTooLarge(max);
    if (!request.body) throw new AppError('bad_request', { userMessage: 'The request has no file.' });
    const p = parsed.data;
    const stored = await storeEvidence(
      {
        incidentId: p.incidentId,
        kind: 'upload',
        filename: p.filename,
        mediaType: p.mediaType ?? UPLOAD_TYPES[p.type].mediaType,
        description: p.description || UPLOAD_TYPES[p.type].label,
        source: { cluster: p.cluster, namespace: p.namespace, pod: p.pod, container: p.container, node: p.node },
        collector: { type: 'user', id: user.id, label: user.email },
      },
      Readable.fromWeb(request.body as NodeWebStream<Uint8Array>),
      { maxBytes: max, custody: 'uploaded', ip: requestActor(user, request).ip },
    );
    return NextResponse.json(stored, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
