import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from '../env';
import { groupsFromClaims, parseRoleMap, resolveRole } from './oidc-roles';

describe('[AUTH][SSO] group → role mapping', () => {
  const map = (text: string) => {
    const parsed = parseRoleMap(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.map;
  };

  it('parses group=role pairs, with spaces, "=" inside group names and empty items', () => {
    expect([...map(' sec-admins = admin, sec-responders=responder,,team=sec=analyst ')]).toEqual([
      ['sec-admins', 'admin'],
      ['sec-responders', 'responder'],
      ['team=sec', 'analyst'],
    ]);
  });

  it.each([
    ['sec-admins', '"sec-admins" is not group=role'],
    ['=admin', '"=admin" is not group=role'],
    ['ops=root', '"root" in "ops=root" is not a role (viewer, analyst, responder, admin)'],
    ['ops=admin,ops=viewer', 'group "ops" is mapped twice'],
  ])('refuses %s', (text, error) => {
    expect(parseRoleMap(text)).toEqual({ ok: false, error });
  });

  it('reads groups from flat, nested and single-string claims', () => {
    expect(groupsFromClaims({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFromClaims({ realm_access: { roles: ['sec-admins'] } }, 'realm_access.roles')).toEqual(['sec-admins']);
    expect(groupsFromClaims({ roles: 'Cordon.Admin' }, 'roles')).toEqual(['Cordon.Admin']);
    expect(groupsFromClaims({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(groupsFromClaims({}, 'a.b.c')).toEqual([]);
  });

  it('takes the highest mapped role, then the default, else refuses', () => {
    const roles = map('sec-admins=admin,sec-responders=responder,sec-analysts=analyst');
    expect(resolveRole(['sec-analysts', 'sec-admins', 'other'], roles, null)).toBe('admin');
    expect(resolveRole(['sec-analysts', 'SEC-ADMINS'], roles, null)).toBe('analyst'); // exact names
    expect(resolveRole(['marketing'], roles, null)).toBeNull();
    expect(resolveRole([], roles, 'viewer')).toBe('viewer');
    expect(resolveRole(['sec-analysts'], roles, 'responder')).toBe('analyst'); // a mapped group wins over the default
  });
});

describe('[AUTH][SSO] configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  const withEnv = (vars: Record<string, string>) => {
    Object.assign(process.env, vars);
    resetEnvCache();
    return () => env();
  };

  it('needs a client id and at least one way to get a role', () => {
    expect(withEnv({ CORDON_OIDC_ISSUER: 'https://idp.example/realms/sec' })).toThrow(
      /CORDON_OIDC_CLIENT_ID: required when CORDON_OIDC_ISSUER is set[\s\S]*CORDON_OIDC_ROLE_MAP: map at least one group/,
    );
  });

  it('names a bad role map', () => {
    expect(withEnv({ CORDON_OIDC_ISSUER: 'https://idp.example', CORDON_OIDC_CLIENT_ID: 'cordon', CORDON_OIDC_ROLE_MAP: 'ops=root' })).toThrow(
      /CORDON_OIDC_ROLE_MAP: "root" in "ops=root" is not a role/,
    );
  });

  it('accepts a default role alone, and leaves single sign-on off without an issuer', () => {
    expect(withEnv({ CORDON_OIDC_ISSUER: 'https://idp.example', CORDON_OIDC_CLIENT_ID: 'cordon', CORDON_OIDC_DEFAULT_ROLE: 'viewer' })()).toMatchObject({
      CORDON_OIDC_DEFAULT_ROLE: 'viewer',
      CORDON_OIDC_GROUPS_CLAIM: 'groups',
      CORDON_OIDC_SCOPES: 'openid email profile',
    });
    delete process.env.CORDON_OIDC_ISSUER;
    expect(withEnv({ CORDON_OIDC_ROLE_MAP: '' })().CORDON_OIDC_ISSUER).toBeUndefined();
  });
});
