import { describe, expect, it } from 'vitest';
import { matchesLabelSelector, matchesRequirements, parseLabelSelector } from './selectors.js';

const labels = { app: 'web', tier: 'front', env: 'prod' };
const matches = (text: string) => matchesRequirements(labels, parseLabelSelector(text));

describe('[SIM] label selectors', () => {
  it('parses and evaluates every operator', () => {
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier=front')).toBe(true);
    expect(matches('app!=web')).toBe(false);
    expect(matches('env in (prod, staging)')).toBe(true);
    expect(matches('env notin (prod)')).toBe(false);
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('!missing,app in (web)')).toBe(true);
    expect(matches('')).toBe(true);
  });

  it('rejects malformed selectors with 400', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(/unable to parse requirement/);
  });

  it('evaluates metav1.LabelSelector objects (empty matches all, missing matches none)', () => {
    expect(matchesLabelSelector(labels, {})).toBe(true);
    expect(matchesLabelSelector(labels, undefined)).toBe(false);
    expect(matchesLabelSelector(labels, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'x', operator: 'DoesNotExist' }] })).toBe(true);
    expect(matchesLabelSelector(labels, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] })).toBe(false);
  });
});
