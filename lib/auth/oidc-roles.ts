// From identity-provider groups to a Cordon role. Pure: shared by the environment check at
// start-up and by the sign-in path, which applies it on every single sign-on.
import { isRole, ROLES, type Role } from './roles';

export type RoleMap = ReadonlyMap<string, Role>;

/**
 * Parses `CORDON_OIDC_ROLE_MAP`: comma-separated `group=role` pairs, e.g.
 * `sec-admins=admin,sec-responders=responder`. The last `=` splits a pair, so group names may
 * contain `=` (some directories' distinguished names do) but not commas. Group names are
 * compared exactly, case included, as identity providers send them.
 */
export function parseRoleMap(text: string): { ok: true; map: RoleMap } | { ok: false; error: string } {
  const map = new Map<string, Role>();
  for (const raw of text.split(',')) {
    const pair = raw.trim();
    if (pair === '') continue;
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, Math.max(at, 0)).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || group === '') return { ok: false, error: `"${pair}" is not group=role` };
    if (!isRole(role)) return { ok: false, error: `"${role}" in "${pair}" is not a role (${ROLES.join(', ')})` };
    if (map.has(group) && map.get(group) !== role) return { ok: false, error: `group "${group}" is mapped twice` };
    map.set(group, role);
  }
  return { ok: true, map };
}

/**
 * The group names in a claim. `path` may be dotted for nested claims (Keycloak's
 * `realm_access.roles`); the value may be an array of strings or one string.
 */
export function groupsFromClaims(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, responder: 2, admin: 3 };

/**
 * The highest role any of the groups maps to; otherwise the default role, or null (refuse)
 * when there is none.
 */
export function resolveRole(groups: readonly string[], map: RoleMap, defaultRole: Role | null): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    const role = map.get(group);
    if (role && (best === null || RANK[role] > RANK[best])) best = role;
  }
  return best ?? defaultRole;
}
