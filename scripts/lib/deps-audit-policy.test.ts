import { describe, expect, it } from 'vitest';
import { evaluateAudit, type AuditReport } from './deps-audit-policy';

const advisory = (name: string, severity: string, id: number) => ({
  source: id,
  name,
  title: `${name} is vulnerable`,
  url: `https://github.com/advisories/GHSA-${id}`,
  severity,
  range: '<1.2.3',
});

// The shape `npm audit --json` prints (npm 7 and later): each vulnerable package, its advisories
// in `via`, and package names in `via` for transitive ones.
const report: AuditReport = {
  vulnerabilities: {
    a: { severity: 'critical', via: [advisory('a', 'critical', 1)] },
    b: { severity: 'high', via: [advisory('b', 'high', 2), 'a'] },
    c: { severity: 'moderate', via: [advisory('c', 'moderate', 3)] },
  },
};

describe('[SECURITY] dependency audit policy', () => {
  it('fails on high and critical advisories, notes the rest', () => {
    const result = evaluateAudit(report, [], '2026-11-23');
    expect(result.failing).toBe(2);
    expect(result.lines.filter((l) => l.endsWith('FAIL'))).toHaveLength(2);
    expect(result.lines.some((l) => l.startsWith('moderate') && l.endsWith('note'))).toBe(true);
  });

  it('accepts an allowlisted advisory until its expiry, then fails it again', () => {
    const allow = [{ url: 'https://github.com/advisories/GHSA-2', reason: 'not reachable: server-side only', expires: '2026-12-31' }];
    expect(evaluateAudit(report, allow, '2026-11-23').failing).toBe(1);
    const later = evaluateAudit(report, allow, '2027-01-01');
    expect(later.failing).toBe(2);
    expect(later.lines).toContain('the acceptance of https://github.com/advisories/GHSA-2 expired on 2026-12-31');
  });

  it('passes a clean report', () => {
    expect(evaluateAudit({ vulnerabilities: {} }, [], '2026-11-23')).toEqual({ failing: 0, lines: ['0 advisories in production dependencies; 0 high/critical not accepted'] });
  });
});
