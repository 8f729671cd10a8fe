import path from 'node:path';

export const ROLES = ['viewer', 'analyst', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The demo accounts created by the seed (prisma/seed.ts). */
export const credentials = (role: Role) => ({ email: `${role}@cordon.local`, password: `cordon-demo-${role}` });

export const storageState = (role: Role) => path.join(import.meta.dirname, '..', '.auth', `${role}.json`);
