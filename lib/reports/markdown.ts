// The report as Markdown (pure). Every piece of text that comes from outside — incident and alert
// titles, rule names, notes, analyst-written sections — is escaped so it reads as text and cannot
// add structure (headings, links, images, HTML, tables) to the document.
import { formatDuration } from './metrics';
import type { ReportModel } from './types';

/** Backslash-escapes CommonMark/GFM punctuation; line-start constructs are neutralised too. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_{}[\]()<>#!|~&^$]/g, '\\$&')
    .replace(/^([ \t]*)([-+])/gm, '$1\\$2') // bullet list, thematic break, setext underline
    .replace(/^(\s*)(\d+)([.)])/gm, '$1$2\\$3') // ordered list
    .replace(/^([ \t]*)=/gm, '$1\\=') // setext heading underline
    .replace(/^[ \t]+/gm, ''); // indented code block
}

/**
 * GFM turns bare URLs and e-mail addresses into links after escapes are resolved, so untrusted
 * text is defanged the way incident reports write indicators: hxxps://, www[.], user[@]host.
 */
export function defang(text: string): string {
  return text
    .replace(/\bh(tt)(ps?:\/\/)/gi, (_m, _tt: string, rest: string) => `hxxp${rest.slice(1)}`)
    .replace(/\b(ftp|file|javascript|data|mailto|xmpp|vbscript):/gi, '$1[:]')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}[.]`)
    .replace(/([\w.+-])@([\w-]+\.)/g, '$1[@]$2');
}

/** Inline text: one line. */
export function inline(text: string | null | undefined): string {
  return escapeMarkdown(defang((text ?? '').replace(/\s*\n\s*/g, ' ').trim()));
}

/** Cordon's own values (user e-mails, cluster names): escaped, not defanged. */
function own(text: string | null | undefined): string {
  return escapeMarkdown((text ?? '').replace(/\s*\n\s*/g, ' ').trim()) || '—';
}

/** Free text kept as paragraphs and line breaks. */
export function block(text: string | null | undefined, empty = '_Not written yet._'): string {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return empty;
  return trimmed
    .split(/\n\s*\n/)
    .map((paragraph) => escapeMarkdown(defang(paragraph.trim())).split('\n').join('  \n'))
    .join('\n\n');
}

function cell(text: string | null | undefined): string {
  return inline(text) || '—';
}

function code(text: string): string {
  // Hashes and ids only (hex, cuid); the check keeps a stray backtick from opening a code span.
  return /^[\w.:-]+$/.test(text) ? `\`${text}\`` : inline(text);
}

const time = (iso: string | null) => (iso ? `${iso.replace('T', ' ').slice(0, 19)} UTC` : '—');

export function renderReportMarkdown(model: ReportModel): string {
  const i = model.incident;
  const out: string[] = [];
  out.push(`# Post-incident report: incident #${i.id}`, '', `**${inline(i.title)}**`, '');
  out.push(
    '| | |',
    '| --- | --- |',
    `| Severity | ${i.severity} |`,
    `| Status | ${i.status}${i.resolution ? ` (${i.resolution.replace('_', ' ')})` : ''} |`,
    `| Cluster | ${own(i.cluster)} |`,
    `| Assignee | ${own(i.assignee)} |`,
    `| Alerts | ${i.alertCount} |`,
    `| First alert | ${time(i.firstSeenAt)} |`,
    `| Detected | ${time(i.detectedAt)} |`,
    `| Contained | ${time(i.containedAt)} |`,
    `| Resolved | ${time(i.resolvedAt)} |`,
    `| Closed | ${time(i.closedAt)} |`,
    '',
  );
  out.push('## Summary', '', block(model.summary), '');
  if (i.resolutionSummary) out.push(`Resolution: ${inline(i.resolutionSummary)}`, '');

  out.push('## Impact', '', block(model.impact.text, '_No impact statement yet._'), '');
  const lists: [string, string[]][] = [
    ['Namespaces', model.impact.namespaces],
    ['Workloads', model.impact.workloads],
    ['Nodes', model.impact.nodes],
    ['Identities', model.impact.identities],
    ['Images', model.impact.images],
  ];
  for (const [label, values] of lists) if (values.length) out.push(`- **${label}:** ${values.map(inline).join(', ')}`);
  out.push('');

  out.push('## Response times', '', '| Measure | Span | Time | Target | Met |', '| --- | --- | --- | --- | --- |');
  for (const t of model.times) {
    out.push(`| ${t.label} (${t.key.toUpperCase()}) | ${inline(t.span)} | ${formatDuration(t.ms)} | ${formatDuration(t.targetMs)} | ${t.met === null ? '—' : t.met ? 'yes' : '**no**'} |`);
  }
  out.push('');

  out.push('## Timeline of key events', '');
  if (model.timeline.length === 0) out.push('_No events recorded._');
  else {
    out.push('| Time | Event | By | What |', '| --- | --- | --- | --- |');
    for (const e of model.timeline) out.push(`| ${time(e.at)} | ${cell(e.kind.replace('_', ' '))} | ${cell(e.actor)} | ${cell(e.summary)} |`);
  }
  out.push('');

  out.push('## Containment actions', '');
  if (model.actions.length === 0) out.push('_No containment action was taken through Cordon._');
  else {
    out.push('| Requested | Action | Target | Outcome | Requested by | Approved by |', '| --- | --- | --- | --- | --- | --- |');
    for (const a of model.actions) {
      out.push(`| ${time(a.requestedAt)} | ${cell(a.kind.replace(/_/g, ' '))} | ${cell(a.target)} | ${cell(a.status)}${a.error ? `: ${inline(a.error)}` : ''} | ${own(a.requestedBy)} | ${own(a.approvedBy)} |`);
    }
  }
  out.push('');

  out.push('## Evidence', '');
  if (model.evidence.length === 0) out.push('_No evidence collected._');
  else {
    out.push('| Collected | Kind | File | SHA-256 | Collector |', '| --- | --- | --- | --- | --- |');
    for (const e of model.evidence) out.push(`| ${time(e.collectedAt)} | ${cell(e.kind.replace('_', ' '))} | ${cell(e.filename)} | ${code(e.sha256)} | ${own(e.collector)} |`);
  }
  out.push('');

  out.push('## MITRE ATT&CK techniques', '');
  if (model.techniques.length === 0) out.push('_None mapped._');
  for (const t of model.techniques) out.push(`- ${code(t.id)}${t.name ? ` ${inline(t.name)}` : ''}${t.tactics.length ? ` (${t.tactics.map(inline).join(', ')})` : ''}`);
  out.push('');

  out.push('## Root cause', '', block(model.rootCause), '');
  out.push('## Lessons learned', '', block(model.lessonsLearned), '');
  out.push('## Follow-up items', '');
  if (model.followUps.length === 0) out.push('_None._');
  for (const f of model.followUps) out.push(`- [${f.done ? 'x' : ' '}] ${inline(f.text)}${f.owner ? ` (owner: ${inline(f.owner)})` : ''}`);
  out.push('');
  if (model.mapSnapshot) out.push(`Map snapshot: evidence ${code(model.mapSnapshot.evidenceId)}, SHA-256 ${code(model.mapSnapshot.sha256)}`, '');
  out.push('---', '', `_Generated by Cordon at ${time(model.generatedAt)}${model.updatedBy ? `; last edited by ${own(model.updatedBy)}` : ''}._`, '');
  return out.join('\n');
}
