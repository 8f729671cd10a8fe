import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { verifyAuditChain } from '../audit/verify-chain';
import { db } from '../db/client';
import { useEvidenceDir } from '../evidence/test-helpers';
import { storeEvidence } from '../evidence/store';
import { useTestDatabase } from '../test/database';
import { createTestIncident, createTestUser, testActor, uniqueSuffix } from '../test/factories';
import { attachMapSnapshot } from './commands/attach-map-snapshot';
import { exportReport } from './commands/export-report';
import { updateReport } from './commands/update-report';
import { loadReportModel } from './model';
import { testPng } from './test-png';

/** The text drawn on the pages (standard fonts: hex strings of WinAnsi codes), and whether an image is embedded. */
async function readPdf(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  let text = '';
  let images = 0;
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    if (object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) images += 1;
    if (object.dict.has(PDFName.of('Subtype'))) continue;
    const content = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
    for (const match of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) text += `${Buffer.from(match[1]!, 'hex').toString('latin1')}\n`;
  }
  return { doc, text, images };
}

describe('[REPORTS] post-incident report', () => {
  useTestDatabase();
  useEvidenceDir();

  async function closedIncident() {
    const analyst = await createTestUser('analyst');
    const cluster = await db.cluster.create({ data: { name: `c-${uniqueSuffix()}`, displayName: 'Prod EU', source: 'simulator' } });
    const t0 = new Date('2026-03-01T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const incident = await createTestIncident({
      title: 'Shell in <b>web</b> [click](https://evil.example)',
      clusterId: cluster.id,
      namespace: 'shop',
      techniques: ['T1059'],
      status: 'closed',
      resolution: 'resolved',
      resolutionSummary: 'Image rebuilt',
      firstSeenAt: at(0),
      detectedAt: at(5),
      containedAt: at(95),
      resolvedAt: at(300),
      closedAt: at(310),
      alertCount: 2,
    });
    await db.alert.create({
      data: { source: 'falco', sourceEventId: uniqueSuffix(), dedupKey: 'k', rule: 'Terminal shell', title: 'Terminal shell in web', severity: 'critical', occurredAt: at(0), raw: {}, incidentId: incident.id },
    });
    await db.timelineEntry.createMany({
      data: [
        { incidentId: incident.id, at: at(0), kind: 'alert', actorType: 'source', actorLabel: 'falco', summary: 'Terminal shell in web ×40' },
        { incidentId: incident.id, at: at(20), kind: 'status_change', actorType: 'user', actorLabel: analyst.email, summary: 'Status new → acknowledged' },
      ],
    });
    await db.containmentAction.create({
      data: { idempotencyKey: uniqueSuffix(), incidentId: incident.id, clusterId: cluster.id, kind: 'isolate_pod', target: { kind: 'Pod', namespace: 'shop', name: 'web-1' }, status: 'succeeded', requestedById: analyst.id, requestedAt: at(90) },
    });
    await storeEvidence(
      { incidentId: incident.id, kind: 'manifest', filename: 'web-1.yaml', mediaType: 'application/yaml', description: 'before isolation', source: { namespace: 'shop', pod: 'web-1' }, collector: { type: 'system', id: null, label: 'containment' } },
      'kind: Pod\n',
    );
    return { analyst, incident };
  }

  it('builds the model: key events only, response times against targets, actions by whom, evidence with hashes', async () => {
    const { analyst, incident } = await closedIncident();
    const saved = await updateReport(
      { incidentId: incident.id, summary: 'A shell was opened in web.', impact: 'No customer data read.', rootCause: 'Debug image in prod', lessonsLearned: 'Pin images', followUps: [{ text: 'Add admission policy', owner: 'platform', done: false }] },
      { ...testActor(analyst), type: 'user' },
    );
    expect(saved.changed).toEqual(['summary', 'impact', 'rootCause', 'lessonsLearned', 'followUps']);
    expect(await db.auditLog.count({ where: { action: 'report.edit', targetId: String(incident.id) } })).toBe(1);

    const model = (await loadReportModel(incident.id))!;
    expect(model.times.map((t) => [t.key, t.ms! / 60_000, t.met])).toEqual([['mttd', 5, true], ['mttc', 90, false], ['mttr', 295, true]]);
    const kinds = model.timeline.map((e) => e.kind);
    expect(kinds).toContain('first alert');
    expect(kinds).toContain('status_change');
    expect(kinds).toContain('evidence');
    expect(kinds).toContain('report');
    expect(kinds).not.toContain('alert');
    expect(model.actions).toMatchObject([{ kind: 'isolate_pod', target: 'Pod shop/web-1', status: 'succeeded', requestedBy: analyst.email }]);
    expect(model.evidence).toHaveLength(1);
    expect(model.impact.namespaces).toEqual(['shop']);
    expect(model.techniques[0]).toMatchObject({ id: 'T1059' });
    expect(model.followUps).toEqual([{ text: 'Add admission policy', owner: 'platform', done: false }]);
    expect(model.updatedBy).toBe(analyst.email);
  });

  it('exports a PDF that parses, carries the text and the map snapshot, and Markdown with escaped titles; both kept as evidence', async () => {
    const { analyst, incident } = await closedIncident();
    await attachMapSnapshot(incident.id, testPng(), { type: 'user', id: analyst.id, label: analyst.email });
    await expect(attachMapSnapshot(incident.id, Buffer.from('GIF89a not a png at all'), { type: 'user', id: analyst.id, label: analyst.email })).rejects.toMatchObject({ code: 'bad_request' });
    const actor = { ...testActor(analyst), type: 'user' as const };

    const pdf = await exportReport(incident.id, 'pdf', actor);
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const parsed = await readPdf(pdf.content);
    expect(parsed.doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.doc.getTitle()).toBe(`Post-incident report: incident #${incident.id}`);
    expect(parsed.images).toBe(1);
    expect(parsed.text).toContain('Shell in <b>web</b> [click](https://evil.example)');
    expect(parsed.text).toContain('Time to contain (MTTC)');
    expect(parsed.text).toContain('isolate pod');
    const model = (await loadReportModel(incident.id))!;
    expect(parsed.text.replace(/\n/g, '')).toContain(model.evidence.find((e) => e.kind === 'manifest')!.sha256);

    const md = await exportReport(incident.id, 'md', actor);
    const text = md.content.toString('utf8');
    expect(text).toContain(`# Post-incident report: incident #${incident.id}`);
    expect(text).toContain('**Shell in \\<b\\>web\\</b\\> \\[click\\]\\(hxxps://evil.example\\)**');
    expect(text).toContain('| Time to contain (MTTC) | detected → contained | 90 min | 60 min | **no** |');
    expect(text).toContain('## Follow-up items');

    const exports = await db.evidence.findMany({ where: { incidentId: incident.id, kind: 'report_export' } });
    expect(exports.map((e) => e.mediaType).sort()).toEqual(['application/pdf', 'text/markdown']);
    expect(exports.find((e) => e.mediaType === 'application/pdf')?.sha256).toBe(pdf.sha256);
    expect(await db.auditLog.count({ where: { action: 'report.export', targetId: String(incident.id) } })).toBe(2);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
