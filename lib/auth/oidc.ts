// OpenID Connect single sign-on through better-auth's generic OAuth plugin: discovery from the
// issuer's well-known document, authorization code flow with PKCE, state and nonce, ID tokens
// verified against the issuer's JWKS. Cordon adds the parts that are policy: the role comes from
// the IdP's groups on every sign-in (lib/auth/oidc-roles.ts), and a user none of whose groups
// maps to a role is refused.
import 'server-only';
import { defineRequestState } from '@better-auth/core/context';
import type { OAuth2Tokens } from 'better-auth';
import { genericOAuth, type GenericOAuthUserInfo } from 'better-auth/plugins/generic-oauth';
import { env } from '../env';
import { logger } from '../log';
import { groupsFromClaims, parseRoleMap, resolveRole, type RoleMap } from './oidc-roles';
import type { Role } from './roles';

/** The provider id in better-auth; the IdP redirects back to /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  name: string;
  scopes: string[];
  groupsClaim: string;
  roleMap: RoleMap;
  defaultRole: Role | null;
}

/** The configured identity provider, or null when single sign-on is off. */
export function oidcSettings(): OidcSettings | null {
  const e = env();
  if (!e.CORDON_OIDC_ISSUER || !e.CORDON_OIDC_CLIENT_ID) return null;
  const map = parseRoleMap(e.CORDON_OIDC_ROLE_MAP);
  if (!map.ok) throw new Error(`CORDON_OIDC_ROLE_MAP: ${map.error}`); // env() has refused this already
  return {
    issuer: e.CORDON_OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: e.CORDON_OIDC_CLIENT_ID,
    clientSecret: e.CORDON_OIDC_CLIENT_SECRET,
    name: e.CORDON_OIDC_NAME,
    scopes: e.CORDON_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean),
    groupsClaim: e.CORDON_OIDC_GROUPS_CLAIM,
    roleMap: map.map,
    defaultRole: e.CORDON_OIDC_DEFAULT_ROLE === 'none' ? null : e.CORDON_OIDC_DEFAULT_ROLE,
  };
}

/** What this sign-in's identity maps to; kept for the rest of the request (see auth.ts). */
export interface SsoDecision {
  email: string;
  subject: string;
  groups: string[];
  role: Role | null;
  /** Sessions ended because this known user's groups no longer map to a role. */
  sessionsEnded?: number;
}

const decisionState = defineRequestState<SsoDecision | null>(() => null);

export async function rememberSsoDecision(decision: SsoDecision): Promise<void> {
  await decisionState.set(decision);
}

/** The decision taken earlier in this request, or null (also outside a better-auth request). */
export async function currentSsoDecision(): Promise<SsoDecision | null> {
  try {
    return await decisionState.get();
  } catch {
    return null;
  }
}

export function decideSsoRole(settings: OidcSettings, profile: Record<string, unknown>): SsoDecision {
  const groups = groupsFromClaims(profile, settings.groupsClaim);
  return {
    email: typeof profile.email === 'string' ? profile.email.toLowerCase() : '',
    subject: typeof profile.sub === 'string' ? profile.sub : '',
    groups,
    role: resolveRole(groups, settings.roleMap, settings.defaultRole),
  };
}

export function oidcPlugin(settings: OidcSettings) {
  const discovery = discoveryDocument(settings.issuer);
  return genericOAuth({
    config: [
      {
        providerId: OIDC_PROVIDER_ID,
        name: settings.name,
        discoveryUrl: `${settings.issuer}/.well-known/openid-configuration`,
        // No provider without the issuer's JWKS: ID tokens are always verified (signature,
        // issuer, audience, nonce).
        requireIdTokenVerification: true,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        scopes: settings.scopes,
        pkce: true,
        // Signing out of Cordon ends the Cordon session only, not the IdP's.
        disableProviderLogout: true,
        getUserInfo: (tokens) => userProfile(settings, tokens, discovery),
      },
    ],
  });
}

/**
 * The profile is the ID token's claims (better-auth has verified the token before this runs),
 * completed from the userinfo endpoint when the ID token lacks the email or the groups claim:
 * identity providers differ in which claims they put where.
 */
async function userProfile(settings: OidcSettings, tokens: OAuth2Tokens, discovery: () => Promise<DiscoveryDocument>): Promise<GenericOAuthUserInfo | null> {
  if (!tokens.idToken) return null;
  const claims = jwtPayload(tokens.idToken);
  if (!claims || typeof claims.sub !== 'string') return null;
  if (typeof claims.iss !== 'string' || claims.iss.replace(/\/+$/, '') !== settings.issuer) {
    logger.warn({ iss: claims.iss, expected: settings.issuer }, 'sso: ID token from another issuer refused');
    return null;
  }
  let profile: Record<string, unknown> = claims;
  const missing = typeof claims.email !== 'string' || groupsFromClaims(claims, settings.groupsClaim).length === 0;
  if (missing && tokens.accessToken) {
    const info = await userinfo(tokens.accessToken, discovery).catch((error: unknown) => {
      logger.warn({ err: error }, 'sso: userinfo request failed; using the ID token claims alone');
      return null;
    });
    // The ID token's claims win; userinfo only fills gaps, and only for the same subject.
    if (info && info.sub === claims.sub) profile = { ...info, ...claims };
  }
  const email = typeof profile.email === 'string' ? profile.email : undefined;
  const name = [profile.name, profile.preferred_username, email].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return {
    ...profile,
    id: claims.sub,
    sub: claims.sub,
    email,
    name: name ?? claims.sub,
    emailVerified: profile.email_verified === true || profile.email_verified === 'true',
    image: undefined,
  };
}

interface DiscoveryDocument {
  issuer?: string;
  userinfo_endpoint?: string;
}

function discoveryDocument(issuer: string): () => Promise<DiscoveryDocument> {
  let cached: Promise<DiscoveryDocument> | null = null;
  return () => {
    cached ??= fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`discovery answered ${response.status}`);
        return (await response.json()) as DiscoveryDocument;
      })
      .catch((error: unknown) => {
        cached = null; // try again on the next sign-in
        throw error;
      });
    return cached;
  };
}

async function userinfo(accessToken: string, discovery: () => Promise<DiscoveryDocument>): Promise<Record<string, unknown> | null> {
  const endpoint = (await discovery()).userinfo_endpoint;
  if (!endpoint) return null;
  const response = await fetch(endpoint, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`userinfo answered ${response.status}`);
  const body = (await response.json()) as unknown;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** The payload of a JWT, without verifying it: only for tokens better-auth has verified. */
function jwtPayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
