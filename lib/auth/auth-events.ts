// What Cordon adds around better-auth's sign-in endpoints: the per-account lockout of password
// sign-in, the role policy of single sign-on, and an audit record for every sign-in, failure,
// lockout and sign-out. Called from the hooks configured in lib/auth/auth.ts.
import 'server-only';
import { APIError } from 'better-auth/api';
import { writeAudit } from '../audit/write-audit';
import { db } from '../db/client';
import { lockedUntil, recordFailedSignIn, recordRefusedSignIn, recordSignIn, type SignInRequestInfo } from './lockout';
import { currentSsoDecision, decideSsoRole, OIDC_PROVIDER_ID, rememberSsoDecision, type OidcSettings } from './oidc';

/** The parts of better-auth's endpoint context the hooks read. */
export interface AuthHookContext {
  path?: string;
  body?: unknown;
  params?: unknown;
  headers?: Headers;
  getSignedCookie?: (key: string, secret: string) => Promise<string | null | false>;
  context: {
    secret: string;
    authCookies: { sessionToken: { name: string } };
    returned?: unknown;
    responseHeaders?: Headers;
    newSession: { session: { id: string; userId: string }; user: { id: string; email: string } } | null;
    session?: { session: { id: string; userId: string }; user: { id: string; email: string } } | null;
  };
}

function requestInfo(ctx: AuthHookContext, email = ''): SignInRequestInfo {
  // The Cordon server sets x-forwarded-for from the socket unless it trusts a proxy in front.
  const ip = ctx.headers?.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
  return { email, ip, userAgent: ctx.headers?.get('user-agent')?.slice(0, 300) ?? null };
}

function bodyEmail(ctx: AuthHookContext): string {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

function isProviderCallback(ctx: { path?: string; params?: unknown }): boolean {
  return ctx.path === '/callback/:id' && (ctx.params as { id?: unknown } | undefined)?.id === OIDC_PROVIDER_ID;
}

/** Before an endpoint runs: a locked account's password is not even checked; sign-out is audited. */
export async function beforeAuthEndpoint(ctx: AuthHookContext): Promise<void> {
  if (ctx.path === '/sign-out') return await auditSignOut(ctx);
  if (ctx.path !== '/sign-in/email') return;
  const info = requestInfo(ctx, bodyEmail(ctx));
  const lock = await lockedUntil(info.email);
  if (!lock) return;
  await recordRefusedSignIn(info, lock.userId, 'locked', { lockedUntil: lock.until.toISOString() });
  const minutes = Math.max(1, Math.ceil((lock.until.getTime() - Date.now()) / 60_000));
  throw new APIError('LOCKED', {
    code: 'account_locked',
    message: `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to unlock it.`,
  });
}

/** After an endpoint ran: audit the outcome, count password failures. */
export async function afterAuthEndpoint(ctx: AuthHookContext): Promise<void> {
  if (ctx.path === '/sign-in/email') await afterPasswordSignIn(ctx);
  else if (isProviderCallback(ctx)) await afterSsoCallback(ctx);
}

async function afterPasswordSignIn(ctx: AuthHookContext): Promise<void> {
  const info = requestInfo(ctx, bodyEmail(ctx));
  const created = ctx.context.newSession;
  if (created) {
    await recordSignIn(info, created.user, created.session, 'password');
    return;
  }
  const returned = ctx.context.returned;
  if (!(returned instanceof APIError)) return;
  if (returned.statusCode === 401) {
    await recordFailedSignIn(info, 'bad_credentials');
  } else if (returned.body?.code === 'account_disabled') {
    const user = await db.user.findUnique({ where: { email: info.email }, select: { id: true } });
    await recordRefusedSignIn(info, user?.id ?? null, 'disabled');
  }
}

async function afterSsoCallback(ctx: AuthHookContext): Promise<void> {
  const decision = await currentSsoDecision();
  const info = requestInfo(ctx, decision?.email ?? '');
  const created = ctx.context.newSession;
  if (created) {
    await recordSignIn(info, created.user, created.session, 'oidc', { groups: decision?.groups, role: decision?.role });
    return;
  }
  const location = ctx.context.responseHeaders?.get('location') ?? '';
  let reason = 'unknown';
  try {
    reason = new URL(location, 'http://cordon.invalid').searchParams.get('error') ?? reason;
  } catch {
    // not a URL: keep "unknown"
  }
  const user = info.email ? await db.user.findUnique({ where: { email: info.email }, select: { id: true } }) : null;
  await db.$transaction((tx) =>
    writeAudit(tx, { type: 'user', id: user?.id ?? null, label: info.email || '(unknown identity)', ip: info.ip }, {
      action: 'auth.sign_in',
      outcome: reason === 'no_role' || reason === 'account_disabled' || reason === 'account_not_linked' ? 'denied' : 'failed',
      targetType: user ? 'user' : undefined,
      targetId: user?.id,
      details: {
        method: 'oidc',
        reason,
        subject: decision?.subject,
        groups: decision?.groups,
        sessionsEnded: decision?.sessionsEnded,
        userAgent: info.userAgent,
      },
    }),
  );
}

/**
 * better-auth's `validateUserInfo` for the OIDC provider: runs before a user is created or an
 * existing one signs in, with the verified profile. Refuses an identity whose groups map to no
 * role; a known user refused this way also loses the sessions they still have.
 */
export async function validateSsoIdentity(
  settings: OidcSettings,
  data: { user: { id?: unknown }; source: { action: string; method: string; oauth?: { providerId: string; profile?: Record<string, unknown> } } },
  ctx: unknown,
): Promise<void | { error: string; errorDescription?: string }> {
  void ctx;
  if (data.source.method !== 'oauth' || data.source.oauth?.providerId !== OIDC_PROVIDER_ID) return;
  if (data.source.action === 'link-account') {
    return { error: 'account_not_linked', errorDescription: 'A local account already uses this email.' };
  }
  const decision = decideSsoRole(settings, data.source.oauth.profile ?? {});
  await rememberSsoDecision(decision);
  if (decision.role) return;
  if (data.source.action === 'sign-in' && typeof data.user.id === 'string') {
    const ended = await db.session.deleteMany({ where: { userId: data.user.id } });
    await rememberSsoDecision({ ...decision, sessionsEnded: ended.count });
  }
  return { error: 'no_role', errorDescription: 'Your identity provider account is in no group that has a Cordon role.' };
}

/**
 * Before an SSO session is created: the user's role becomes the one their groups map to now, so a
 * change in the IdP takes effect at the next sign-in (and for every session they have). Fails
 * closed: a session on the OIDC callback without a decision from this request is refused.
 */
export async function syncSsoRole(userId: string, ctx: { path?: string; params?: unknown }): Promise<void> {
  if (!isProviderCallback(ctx)) return;
  const decision = await currentSsoDecision();
  if (!decision?.role) {
    throw new APIError('FORBIDDEN', { code: 'no_role', message: 'Your identity provider account is in no group that has a Cordon role.' });
  }
  const role = decision.role;
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user || user.role === role) return;
    await tx.user.update({ where: { id: userId }, data: { role } });
    await writeAudit(tx, { type: 'system', id: null, label: 'single sign-on' }, {
      action: 'user.role_sync',
      targetType: 'user',
      targetId: userId,
      details: { email: user.email, from: user.role, to: role, groups: decision.groups },
    });
  });
}

/** A user created by single sign-on, audited with the groups that gave the role. */
export async function auditSsoUserCreated(user: { id: string; email: string; role?: unknown }): Promise<void> {
  const decision = await currentSsoDecision();
  if (!decision) return;
  await db.$transaction((tx) =>
    writeAudit(tx, { type: 'system', id: null, label: 'single sign-on' }, {
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, role: user.role, via: 'oidc', subject: decision.subject, groups: decision.groups },
    }),
  );
}

async function auditSignOut(ctx: AuthHookContext): Promise<void> {
  const token = await ctx.getSignedCookie?.(ctx.context.authCookies.sessionToken.name, ctx.context.secret);
  if (!token) return;
  const session = await db.session.findUnique({ where: { token }, select: { id: true, user: { select: { id: true, email: true } } } });
  if (!session) return;
  const info = requestInfo(ctx, session.user.email);
  await db.$transaction((tx) =>
    writeAudit(tx, { type: 'user', id: session.user.id, label: session.user.email, ip: info.ip }, {
      action: 'auth.sign_out',
      targetType: 'session',
      targetId: session.id,
      details: { userAgent: info.userAgent },
    }),
  );
}
