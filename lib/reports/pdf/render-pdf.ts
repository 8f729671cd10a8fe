// The report as a PDF (no browser): the same sections as the Markdown, drawn with pdf-lib. All
// text is drawn as text, so titles and notes cannot change the document's structure.
import { formatDuration } from '../metrics';
import type { ReportModel } from '../types';
import { COLORS, PdfLayout } from './layout';

const time = (iso: string | null) => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : '—');

export async function renderReportPdf(model: ReportModel, options: { mapPng?: Uint8Array | null } = {}): Promise<Uint8Array> {
  const i = model.incident;
  const pdf = await PdfLayout.create();
  pdf.doc.setTitle(`Post-incident report: incident #${i.id}`);
  pdf.doc.setSubject(pdf.clean(i.title));
  pdf.doc.setProducer('Cordon');
  pdf.doc.setCreator('Cordon');
  pdf.doc.setCreationDate(new Date(model.generatedAt));

  pdf.text(`Post-incident report · incident #${i.id}`, { size: 9, color: COLORS.muted });
  pdf.text(i.title, { size: 17, font: 'bold' });
  pdf.gap(4);
  pdf.table(
    [
      { title: 'Severity', width: 0.14 },
      { title: 'Status', width: 0.2 },
      { title: 'Cluster', width: 0.22 },
      { title: 'Assignee', width: 0.28 },
      { title: 'Alerts', width: 0.16 },
    ],
    [[i.severity, `${i.status}${i.resolution ? ` (${i.resolution.replace('_', ' ')})` : ''}`, i.cluster ?? '—', i.assignee ?? '—', String(i.alertCount)]],
  );
  pdf.table(
    [
      { title: 'First alert', width: 0.2 },
      { title: 'Detected', width: 0.2 },
      { title: 'Contained', width: 0.2 },
      { title: 'Resolved', width: 0.2 },
      { title: 'Closed', width: 0.2 },
    ],
    [[time(i.firstSeenAt), time(i.detectedAt), time(i.containedAt), time(i.resolvedAt), time(i.closedAt)]],
  );

  pdf.heading('Summary');
  pdf.text(model.summary || 'Not written yet.', { color: model.summary ? COLORS.text : COLORS.muted });
  if (i.resolutionSummary) pdf.text(`Resolution: ${i.resolutionSummary}`, { color: COLORS.muted });

  pdf.heading('Impact');
  pdf.text(model.impact.text || 'No impact statement yet.', { color: model.impact.text ? COLORS.text : COLORS.muted });
  const lists: [string, string[]][] = [
    ['Namespaces', model.impact.namespaces],
    ['Workloads', model.impact.workloads],
    ['Nodes', model.impact.nodes],
    ['Identities', model.impact.identities],
    ['Images', model.impact.images],
  ];
  for (const [label, values] of lists) if (values.length) pdf.text(`${label}: ${values.join(', ')}`, { indent: 8 });

  pdf.heading('Response times');
  pdf.table(
    [
      { title: 'Measure', width: 0.28 },
      { title: 'Span', width: 0.3 },
      { title: 'Time', width: 0.14 },
      { title: 'Target', width: 0.14 },
      { title: 'Met', width: 0.14 },
    ],
    model.times.map((t) => [`${t.label} (${t.key.toUpperCase()})`, t.span, formatDuration(t.ms), formatDuration(t.targetMs), t.met === null ? '—' : t.met ? 'yes' : 'NO']),
    9,
  );

  if (options.mapPng) {
    pdf.heading('Network map');
    await pdf.image(options.mapPng);
    if (model.mapSnapshot) pdf.text(`Snapshot evidence ${model.mapSnapshot.evidenceId}, SHA-256 ${model.mapSnapshot.sha256}`, { size: 7.5, font: 'mono', color: COLORS.muted });
  }

  pdf.heading('Timeline of key events');
  if (model.timeline.length === 0) pdf.text('No events recorded.', { color: COLORS.muted });
  else
    pdf.table(
      [
        { title: 'Time', width: 0.19 },
        { title: 'Event', width: 0.14 },
        { title: 'By', width: 0.2 },
        { title: 'What', width: 0.47 },
      ],
      model.timeline.map((e) => [time(e.at), e.kind.replace('_', ' '), e.actor, e.summary]),
    );

  pdf.heading('Containment actions');
  if (model.actions.length === 0) pdf.text('No containment action was taken through Cordon.', { color: COLORS.muted });
  else
    pdf.table(
      [
        { title: 'Requested', width: 0.17 },
        { title: 'Action', width: 0.15 },
        { title: 'Target', width: 0.22 },
        { title: 'Outcome', width: 0.16 },
        { title: 'Requested by', width: 0.15 },
        { title: 'Approved by', width: 0.15 },
      ],
      model.actions.map((a) => [time(a.requestedAt), a.kind.replace(/_/g, ' '), a.target, a.error ? `${a.status}: ${a.error}` : a.status, a.requestedBy ?? '—', a.approvedBy ?? '—']),
    );

  pdf.heading('Evidence');
  if (model.evidence.length === 0) pdf.text('No evidence collected.', { color: COLORS.muted });
  else
    pdf.table(
      [
        { title: 'Collected', width: 0.17 },
        { title: 'Kind', width: 0.11 },
        { title: 'File', width: 0.22 },
        { title: 'SHA-256', width: 0.34, font: 'mono' },
        { title: 'Collector', width: 0.16 },
      ],
      model.evidence.map((e) => [time(e.collectedAt), e.kind.replace('_', ' '), e.filename, e.sha256, e.collector]),
      7.5,
    );

  pdf.heading('MITRE ATT&CK techniques');
  if (model.techniques.length === 0) pdf.text('None mapped.', { color: COLORS.muted });
  for (const t of model.techniques) pdf.text(`${t.id}${t.name ? ` ${t.name}` : ''}${t.tactics.length ? ` (${t.tactics.join(', ')})` : ''}`);

  pdf.heading('Root cause');
  pdf.text(model.rootCause || 'Not written yet.', { color: model.rootCause ? COLORS.text : COLORS.muted });
  pdf.heading('Lessons learned');
  pdf.text(model.lessonsLearned || 'Not written yet.', { color: model.lessonsLearned ? COLORS.text : COLORS.muted });
  pdf.heading('Follow-up items');
  if (model.followUps.length === 0) pdf.text('None.', { color: COLORS.muted });
  for (const f of model.followUps) pdf.text(`[${f.done ? 'x' : ' '}] ${f.text}${f.owner ? ` (owner: ${f.owner})` : ''}`, { color: f.done ? COLORS.muted : COLORS.text });

  pdf.gap(10);
  pdf.text(`Generated by Cordon at ${time(model.generatedAt)}${model.updatedBy ? `; last edited by ${model.updatedBy}` : ''}.`, { size: 8, color: COLORS.muted });
  pdf.footer(`Cordon · incident #${i.id} · post-incident report`);
  return await pdf.doc.save();
}
