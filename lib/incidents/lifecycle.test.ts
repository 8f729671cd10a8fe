import { describe, expect, it } from 'vitest';
import { checkTransition, timestampsFor } from './lifecycle';

const none = { acknowledgedAt: null, containedAt: null, eradicatedAt: null, recoveredAt: null, resolvedAt: null, closedAt: null };

describe('[LIFECYCLE] NIST SP 800-61 transitions', () => {
  it('moves forward through the phases', () => {
    expect(checkTransition('new', { to: 'acknowledged' })).toEqual({ ok: true, phase: 'detection_analysis' });
    expect(checkTransition('investigating', { to: 'contained' })).toEqual({ ok: true, phase: 'containment' });
    expect(checkTransition('contained', { to: 'contained', phase: 'eradication' })).toMatchObject({ ok: false });
    expect(checkTransition('contained', { to: 'resolved' })).toEqual({ ok: true, phase: 'recovery' });
  });

  it('loops back to analysis when containment reveals more, and reopens closed incidents', () => {
    expect(checkTransition('contained', { to: 'investigating' })).toEqual({ ok: true, phase: 'detection_analysis' });
    expect(checkTransition('closed', { to: 'investigating' })).toMatchObject({ ok: true });
  });

  it('refuses moves that skip the lifecycle', () => {
    expect(checkTransition('closed', { to: 'new' })).toMatchObject({ ok: false });
    expect(checkTransition('resolved', { to: 'contained' })).toMatchObject({ ok: false });
    expect(checkTransition('new', { to: 'new' })).toMatchObject({ ok: false });
  });

  it('requires a resolution and a summary to close', () => {
    expect(checkTransition('investigating', { to: 'closed' })).toMatchObject({ ok: false });
    expect(JSON.stringify(checkTransition('investigating', { to: 'closed' }))).toMatch(/resolution/);
    expect(checkTransition('investigating', { to: 'closed', resolution: 'false_positive', summary: '  ' })).toMatchObject({ ok: false });
    expect(checkTransition('investigating', { to: 'closed', resolution: 'false_positive', summary: 'benign cron' })).toEqual({
      ok: true,
      phase: 'post_incident',
    });
  });

  it('rejects a phase that does not fit the status', () => {
    expect(checkTransition('new', { to: 'acknowledged', phase: 'recovery' })).toMatchObject({ ok: false });
  });

  it('sets first-time timestamps once and keeps them', () => {
    const t1 = new Date('2026-01-01T00:00:00Z');
    const t2 = new Date('2026-01-01T01:00:00Z');
    expect(timestampsFor(none, 'contained', 'containment', t1)).toEqual({ acknowledgedAt: t1, containedAt: t1 });
    const after = { ...none, acknowledgedAt: t1, containedAt: t1 };
    expect(timestampsFor(after, 'closed', 'post_incident', t2)).toEqual({ resolvedAt: t2, closedAt: t2 });
    expect(timestampsFor({ ...after, closedAt: t2 }, 'investigating', 'detection_analysis', t2)).toEqual({ closedAt: null });
  });
});
