import { describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { useTestDatabase } from '../test/database';
import { loadDashboard, weekStarts } from './dashboard';

describe('[REPORTS] manager dashboard aggregates', () => {
  useTestDatabase();

  it('weeks start on Monday (UTC), oldest first', () => {
    expect(weekStarts(3, new Date('2026-03-05T12:00:00Z'))).toEqual(['2026-02-16', '2026-02-23', '2026-03-02']);
  });

  it('aggregates 10,000 incidents by week, severity, technique, times and namespace in SQL', async () => {
    const now = new Date('2026-03-05T12:00:00Z');
    // i = 0..9999 spread over 8 weeks; every incident detected 2 min after its first alert.
    await db.$executeRaw`
      INSERT INTO incident (title, severity, status, "correlationKey", namespace, techniques, "firstSeenAt", "lastSeenAt", "detectedAt",
                            "containedAt", "resolvedAt", "closedAt", "updatedAt")
      SELECT 'bulk ' || i,
             (ARRAY['critical','high','medium','low','info'])[1 + i % 5]::"Severity",
             (CASE WHEN i % 4 = 0 THEN 'closed' ELSE 'investigating' END)::"IncidentStatus",
             'bulk|' || i, 'ns-' || (i % 12), CASE WHEN i % 2 = 0 THEN ARRAY['T1059'] ELSE ARRAY['T1059', 'T1609'] END,
             d - interval '2 minutes', d, d,
             CASE WHEN i % 2 = 0 THEN d + interval '30 minutes' END,
             CASE WHEN i % 4 = 0 THEN d + interval '3 hours' END,
             CASE WHEN i % 4 = 0 THEN d + interval '4 hours' END,
             d
        FROM generate_series(0, 9999) AS i, LATERAL (SELECT ${now}::timestamp - (i % 56) * interval '1 day' - interval '1 hour' AS d) AS t`;

    const dashboard = await loadDashboard({ weeks: 12, now });
    expect(dashboard.total).toBe(10_000);
    const severities = Object.values(dashboard.bySeverity).flatMap((s) => Object.values(s));
    expect(severities.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Object.values(dashboard.bySeverity).reduce((a, s) => a + s.critical, 0)).toBe(2_000);
    expect({ open: dashboard.open, closed: dashboard.closed }).toEqual({ open: 7_500, closed: 2_500 });
    expect(dashboard.byTechnique.map((t) => [t.technique, t.total])).toEqual([['T1059', 10_000], ['T1609', 5_000]]);
    expect(dashboard.namespaces).toHaveLength(10);
    expect(dashboard.namespaces[0]).toMatchObject({ incidents: 834 });
    const weeksWithData = Object.values(dashboard.times);
    expect(weeksWithData.length).toBeGreaterThanOrEqual(8);
    for (const week of weeksWithData) {
      expect(week.mttd).toBeCloseTo(120, 5);
      expect(week.mttc).toBeCloseTo(1_800, 5);
      if (week.resolved > 0) expect(week.mttr).toBeCloseTo(10_800, 5);
      else expect(week.mttr).toBeNull();
    }
    const flow = Object.values(dashboard.flow);
    expect(flow.reduce((a, f) => a + f.opened, 0)).toBe(10_000);
    expect(flow.reduce((a, f) => a + f.closed, 0)).toBe(2_500);
  });
});
