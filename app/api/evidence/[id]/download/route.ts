import { Readable } from 'node:stream';
import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { evidenceBlobStore } from '@/lib/evidence/blobs';
import { recordEvidenceAccess } from '@/lib/evidence/commands/record-access';
import { findEvidenceBlob } from '@/lib/evidence/queries';
import { attachmentDisposition, DOWNLOAD_HEADERS, errorResponse, requestActor } from '@/lib/evidence/http';
import { evidenceIdSchema } from '@/lib/evidence/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * GET /api/evidence/<id>/download — the stored bytes, streamed, as an attachment (never rendered
 * by the browser), with their SHA-256 in X-Evidence-SHA256. Records a `downloaded` custody event.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requirePermission('evidence.read');
    const id = evidenceIdSchema.safeParse((await params).id);
    if (!id.success) throw new AppError('not_found', { userMessage: 'Evidence not found' });
    const row = await findEvidenceBlob(id.data);
    const stream = await evidenceBlobStore().get(row.sha256);
    if (!stream) throw new AppError('conflict', { userMessage: 'The stored blob is missing. Run verify to record it.' });
    try {
      await recordEvidenceAccess(row.id, 'downloaded', requestActor(user, request));
    } catch (error) {
      (stream).destroy();
      throw error;
    }
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        ...DOWNLOAD_HEADERS,
        'content-type': 'application/octet-stream',
        'content-length': String(row.size),
        'content-disposition': attachmentDisposition(row.filename),
        'x-evidence-sha256': row.sha256,
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
