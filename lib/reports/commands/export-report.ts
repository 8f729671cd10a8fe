import 'server-only';
import { createHash } from 'node:crypto';
import { writeAudit } from '../../audit/write-audit';
import { db } from '../../db/client';
import { notFound } from '../../errors';
import { evidenceBlobStore } from '../../evidence/blobs';
import { auditActor, type EvidenceActor } from '../../evidence/custody';
import { storeEvidence } from '../../evidence/store';
import { logger } from '../../log';
import { renderReportMarkdown } from '../markdown';
import { loadReportModel } from '../model';
import { renderReportPdf } from '../pdf/render-pdf';
import type { ExportFormat } from '../schemas';
import { MAX_SNAPSHOT_BYTES } from './attach-map-snapshot';

export interface ReportExport {
  filename: string;
  mediaType: string;
  content: Buffer;
  sha256: string;
  evidenceId: string;
}

/**
 * Renders the report as PDF or Markdown, keeps the rendered file as evidence (kind
 * `report_export`: what was handed out, with its hash) and audits the export.
 */
export async function exportReport(incidentId: number, format: ExportFormat, actor: EvidenceActor & { type: 'user'; id: string }): Promise<ReportExport> {
  const model = await loadReportModel(incidentId);
  if (!model) throw notFound(`Incident ${incidentId}`);
  const content =
    format === 'pdf'
      ? Buffer.from(await renderReportPdf(model, { mapPng: model.mapSnapshot ? await readSnapshot(model.mapSnapshot.sha256) : null }))
      : Buffer.from(renderReportMarkdown(model), 'utf8');
  const stamp = model.generatedAt.replace(/[-:]/g, '').replace(/\..*/, 'Z');
  const filename = `incident-${incidentId}-report-${stamp}.${format}`;
  const mediaType = format === 'pdf' ? 'application/pdf' : 'text/markdown';
  const stored = await storeEvidence(
    { incidentId, kind: 'report_export', filename, mediaType, description: `Post-incident report exported as ${format === 'pdf' ? 'PDF' : 'Markdown'}`, source: {}, collector: actor },
    content,
    { ip: actor.ip, details: { format } },
  );
  await db.$transaction((tx) =>
    writeAudit(tx, auditActor(actor), { action: 'report.export', targetType: 'incident', targetId: incidentId, details: { format, evidenceId: stored.id, sha256: stored.sha256, size: stored.size } }),
  );
  return { filename, mediaType, content, sha256: createHash('sha256').update(content).digest('hex'), evidenceId: stored.id };
}

/** The snapshot's bytes if they still match their hash; a tampered image is left out of the PDF. */
async function readSnapshot(sha256: string): Promise<Buffer | null> {
  const stream = await evidenceBlobStore().get(sha256);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SNAPSHOT_BYTES) return null;
    chunks.push(chunk);
  }
  const png = Buffer.concat(chunks);
  if (createHash('sha256').update(png).digest('hex') !== sha256) {
    logger.warn({ sha256 }, 'map snapshot failed its integrity check; left out of the report');
    return null;
  }
  return png;
}
