import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, type Permission } from './roles';
import { safeNextPath } from './safe-next';

describe('[AUTH] roles', () => {
  it('orders roles so each includes the ones below', () => {
    const matrix = Object.fromEntries(
      ROLES.map((role) => [role, (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p)).length]),
    );
    expect(matrix.viewer).toBeLessThan(matrix.analyst!);
    expect(matrix.analyst).toBeLessThan(matrix.responder!);
    expect(matrix.responder).toBeLessThan(matrix.admin!);
  });

  it.each([
    ['viewer', 'incident.read', true],
    ['viewer', 'incident.triage', false],
    ['analyst', 'incident.triage', true],
    ['analyst', 'containment.execute', false],
    ['responder', 'containment.execute', true],
    ['responder', 'admin.users', false],
    ['admin', 'admin.tokens', true],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('gives unknown or missing roles nothing', () => {
    expect(can('superuser', 'incident.read')).toBe(false);
    expect(can(undefined, 'incident.read')).toBe(false);
    expect(can('Admin', 'admin.users')).toBe(false);
  });
});

describe('[AUTH] post-sign-in redirect', () => {
  it.each([
    ['/i/42', '/i/42'],
    ['/incidents?status=new', '/incidents?status=new'],
    ['//evil.example/x', '/incidents'],
    ['/\\evil.example', '/incidents'],
    ['https://evil.example', '/incidents'],
    ['/ok\r\nSet-Cookie: x', '/incidents'],
    [undefined, '/incidents'],
  ])('%s → %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
