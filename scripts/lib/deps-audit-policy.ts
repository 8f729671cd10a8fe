// The dependency audit's policy (docs/security.md), apart from running npm, so it can be tested:
// high and critical advisories fail unless accepted in audit-allowlist.json until a date.
export interface Advisory {
  source?: number;
  name: string;
  title: string;
  url: string;
  severity: string;
  range: string;
}
export interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: (Advisory | string)[] }>;
  statusCode?: number;
  message?: string;
  error?: { code?: string; summary?: string };
}
export interface Allowed {
  url: string;
  reason: string;
  expires: string;
}


export function evaluateAudit(report: AuditReport, allowlist: Allowed[], today: string): { failing: number; lines: string[] } {
  const advisories = new Map<string, Advisory>();
  for (const entry of Object.values(report.vulnerabilities ?? {})) {
    for (const via of entry.via) if (typeof via === 'object') advisories.set(via.url, via);
  }
  const lines: string[] = [];
  let failing = 0;
  for (const advisory of advisories.values()) {
    const allowed = allowlist.find((a) => a.url === advisory.url);
    const serious = advisory.severity === 'high' || advisory.severity === 'critical';
    const accepted = allowed !== undefined && allowed.expires >= today;
    const verdict = !serious ? 'note' : accepted ? `accepted until ${allowed.expires}: ${allowed.reason}` : 'FAIL';
    if (serious && !accepted) failing += 1;
    lines.push(`${advisory.severity.padEnd(8)} ${advisory.name} ${advisory.range} — ${advisory.title} (${advisory.url}) — ${verdict}`);
  }
  for (const stale of allowlist.filter((a) => a.expires < today)) lines.push(`the acceptance of ${stale.url} expired on ${stale.expires}`);
  lines.push(`${advisories.size} advisories in production dependencies; ${failing} high/critical not accepted`);
  return { failing, lines };
}
