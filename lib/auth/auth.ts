// Sign-in with better-auth: local accounts (scrypt password hashes) and, when configured, OpenID
// Connect single sign-on (lib/auth/oidc.ts); database sessions in an httpOnly cookie; sign-in
// rate-limited per address and locked per account after repeated failures (lib/auth/lockout.ts).
// Every sign-in, failure, lockout and sign-out is audited (lib/auth/auth-events.ts).
import 'server-only';
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import { authDb } from '../db/client';
import { env, publicUrl } from '../env';
import { logger } from '../log';
import { afterAuthEndpoint, auditSsoUserCreated, beforeAuthEndpoint, syncSsoRole, validateSsoIdentity } from './auth-events';
import { currentSsoDecision, OIDC_PROVIDER_ID, oidcPlugin, oidcSettings } from './oidc';

const SESSION_HOURS = 12;

function createAuth() {
  const e = env();
  if (!e.CORDON_SECRET) throw new Error('CORDON_SECRET is not set (npm start generates one into the data folder)');
  const base = publicUrl();
  const sso = oidcSettings();
  return betterAuth({
    appName: 'Cordon',
    baseURL: base,
    secret: e.CORDON_SECRET,
    trustedOrigins: [base, `http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`],
    database: prismaAdapter(authDb, { provider: 'postgresql' }),
    telemetry: { enabled: false },
    // better-auth's own messages go to the JSON log; error objects only, never its other arguments.
    logger: {
      level: 'warn',
      log: (level, message, ...args) => logger[level]({ component: 'better-auth', err: args.find((a) => a instanceof Error) }, message),
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are created by an admin (Settings → Users), the demo seed or single sign-on,
      // never by sign-up.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'viewer', input: false },
        disabled: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
      // Single sign-on: refuses an identity whose groups map to no role (before any row is written).
      validateUserInfo: (data, ctx) => (sso ? validateSsoIdentity(sso, data, ctx) : undefined),
    },
    account: {
      // An SSO identity never joins an existing local account by email: a local account (an admin's
      // break-glass account, say) cannot be taken over through an IdP's email claim.
      accountLinking: { enabled: false, disableImplicitLinking: true },
      // Cordon keeps no IdP tokens: it calls no IdP API after sign-in.
      updateAccountOnSignIn: false,
    },
    session: {
      expiresIn: SESSION_HOURS * 3600,
      updateAge: 3600, // sliding expiry, refreshed at most hourly
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 120,
      customRules: {
        '/sign-in/email': { window: 60, max: 10 },
        // Starting single sign-on checks no credential (the IdP does); better-auth's default for
        // /sign-in/* (3 in 10 s) would refuse a few quick retries from behind one NAT.
        '/sign-in/social': { window: 60, max: 30 },
      },
    },
    onAPIError: { errorURL: `${base}/sign-in` },
    advanced: {
      useSecureCookies: e.CORDON_SECURE_COOKIES ?? base.startsWith('https://'),
      cookiePrefix: 'cordon',
      database: { generateId: () => crypto.randomUUID() },
    },
    hooks: {
      before: createAuthMiddleware(beforeAuthEndpoint),
      after: createAuthMiddleware(afterAuthEndpoint),
    },
    databaseHooks: {
      user: {
        create: {
          // A user created by single sign-on gets the role its groups map to.
          before: async (user) => {
            const decision = await currentSsoDecision();
            return decision?.role ? { data: { ...user, role: decision.role } } : { data: user };
          },
          after: auditSsoUserCreated,
        },
      },
      account: {
        create: {
          before: (account) =>
            Promise.resolve(
              account.providerId === OIDC_PROVIDER_ID
                ? { data: { ...account, accessToken: null, refreshToken: null, idToken: null } }
                : { data: account },
            ),
        },
      },
      session: {
        create: {
          before: async (session, ctx) => {
            // A disabled account cannot start a session, whatever its password or IdP says.
            const user = await authDb.user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (!user || user.disabled) {
              throw new APIError('FORBIDDEN', { message: 'This account is disabled.', code: 'account_disabled' });
            }
            if (ctx?.path === '/callback/:id') await syncSsoRole(session.userId, ctx);
            return { data: session };
          },
        },
      },
    },
    // nextCookies last: it forwards the cookies the hooks before it set.
    plugins: [...(sso ? [oidcPlugin(sso)] : []), nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { cordonAuth?: Auth };

export function auth(): Auth {
  return (globalForAuth.cordonAuth ??= createAuth());
}

/** For tests that change the sign-in configuration between files' cases. */
export function resetAuth(): void {
  globalForAuth.cordonAuth = undefined;
}
