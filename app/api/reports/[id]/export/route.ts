import { requirePermission } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { attachmentDisposition, DOWNLOAD_HEADERS, errorResponse, requestActor } from '@/lib/evidence/http';
import { incidentIdSchema } from '@/lib/incidents/schemas';
import { exportReport } from '@/lib/reports/commands/export-report';
import { exportFormatSchema } from '@/lib/reports/schemas';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET /api/reports/<incident id>/export?format=pdf|md — the report as an attachment; kept as evidence and audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requirePermission('report.read');
    const id = incidentIdSchema.safeParse((await params).id);
    const format = exportFormatSchema.safeParse(new URL(request.url).searchParams.get('format') ?? 'pdf');
    if (!id.success || !format.success) throw new AppError('bad_request', { userMessage: 'Give an incident id and ?format=pdf or md.' });
    const file = await exportReport(id.data, format.data, requestActor(user, request));
    return new Response(new Uint8Array(file.content), {
      headers: {
        ...DOWNLOAD_HEADERS,
        'content-type': format.data === 'pdf' ? 'application/pdf' : 'text/markdown; charset=utf-8',
        'content-length': String(file.content.length),
        'content-disposition': attachmentDisposition(file.filename),
        'x-evidence-sha256': file.sha256,
        'x-evidence-id': file.evidenceId,
      },
    });
  } catch (error) {
    return errorResponse(error, request);
  }
}
