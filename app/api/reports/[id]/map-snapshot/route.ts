import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { NextResponse } from 'next/server';
import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { assertSameOrigin, errorResponse, requestActor } from '@/lib/evidence/http';
import { incidentIdSchema } from '@/lib/incidents/schemas';
import { attachMapSnapshot, MAX_SNAPSHOT_BYTES } from '@/lib/reports/commands/attach-map-snapshot';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** POST /api/reports/<incident id>/map-snapshot — body: a PNG of the map (≤ 20 MiB); analysts and above. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requirePermission('report.edit');
    assertSameOrigin(request);
    const id = incidentIdSchema.safeParse((await params).id);
    if (!id.success) throw new AppError('bad_request', { userMessage: 'Give an incident id.' });
    const tooLarge = new AppError('bad_request', { status: 413, userMessage: 'The map snapshot is larger than 20 MiB.' });
    if (Number(request.headers.get('content-length') ?? 0) > MAX_SNAPSHOT_BYTES) throw tooLarge;
    const chunks: Buffer[] = [];
    let size = 0;
    if (!request.body) throw new AppError('bad_request', { userMessage: 'The request has no image.' });
    for await (const chunk of Readable.fromWeb(request.body as NodeWebStream<Uint8Array>) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_SNAPSHOT_BYTES) throw tooLarge;
      chunks.push(chunk);
    }
    const actor = requestActor(user, request);
    const stored = await attachMapSnapshot(id.data, Buffer.concat(chunks), { type: 'user', id: user.id, label: user.email }, { ip: actor.ip });
    return NextResponse.json(stored, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, request);
  }
}
