import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions';

describe('[NOTES] mentions', () => {
  it('recognises IP addresses and pods as Kubernetes names them', () => {
    const found = findMentions('frontend pod shop/frontend-7c9d8bf6d4-x2k4q called 198.51.100.23 then data/postgres-0; see @api/checkout');
    expect(found.map((m) => [m.kind, m.value])).toEqual([
      ['pod', 'shop/frontend-7c9d8bf6d4-x2k4q'],
      ['ip', '198.51.100.23'],
      ['pod', 'data/postgres-0'],
      ['pod', 'api/checkout'],
    ]);
  });

  it('leaves ordinary slashes and numbers alone', () => {
    expect(findMentions('and/or 3/4 of 2026-11-23, version 1.2.3, 999.1.1.1')).toEqual([]);
  });
});
