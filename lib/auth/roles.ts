// Roles and what each may do. Roles are ordered: each includes everything below it.
// Pure data, shared by server checks and by the UI (which only uses it to explain, never to guard).
export const ROLES = ['viewer', 'analyst', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, responder: 2, admin: 3 };

export const PERMISSIONS = {
  'incident.read': 'viewer',
  'report.read': 'viewer',
  'map.read': 'viewer',
  'evidence.read': 'viewer',
  'account.sessions': 'viewer', // one's own sessions: list, revoke, sign out everywhere
  'incident.triage': 'analyst', // status, phase, assignment, merge, bulk close
  'incident.note': 'analyst',
  'report.edit': 'analyst',
  'evidence.upload': 'analyst',
  'evidence.export': 'analyst',
  'containment.execute': 'responder',
  'containment.approve': 'responder',
  'admin.users': 'admin',
  'admin.clusters': 'admin',
  'admin.tokens': 'admin',
  'admin.settings': 'admin',
  'admin.notifications': 'admin',
  'audit.read': 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Unknown role strings get no permissions at all. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  if (!isRole(role)) return false;
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

export function minimumRole(permission: Permission): Role {
  return PERMISSIONS[permission];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'reads incidents, the map and reports',
  analyst: 'triages incidents: status, assignment, notes, reports',
  responder: 'runs containment actions against clusters',
  admin: 'manages users, clusters, ingest tokens and settings',
};
