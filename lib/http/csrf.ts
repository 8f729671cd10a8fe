// Cross-site request forgery: a state-changing request that a browser sends on behalf of another
// site is refused. Browsers label every request with where it comes from — Sec-Fetch-Site (all
// current browsers), and Origin on every POST/PUT/PATCH/DELETE — and a page on another site cannot
// forge either. A request with neither (curl, scripts, old browsers) is not a browser acting for
// another site, or carries no SameSite=Lax session cookie across sites anyway.
//
// One check for every route authenticated by the session cookie: the server applies it to every
// request it hands to Next.js (route handlers, server actions, better-auth); the lean routes are
// token-authenticated (ingest) or read-only (health, metrics, the live stream).

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOrigin {
  method: string;
  /** The Origin header, if any. */
  origin: string | null;
  /** The Sec-Fetch-Site header, if any. */
  fetchSite: string | null;
  /** The host the request was sent to (Host, or X-Forwarded-Host behind a trusted proxy). */
  host: string | null;
}

/**
 * Why the request is refused as cross-site, or null when it may proceed. `publicOrigin` (the
 * console's public URL) is accepted as well as the request's own host, for proxies that rewrite
 * Host.
 */
export function crossSiteRefusal(request: RequestOrigin, publicOrigin: string): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.fetchSite?.toLowerCase();
  // `none`: the user typed or bookmarked the address; nothing else can produce it.
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  if (request.origin === null) return null;
  if (request.origin === 'null') return 'Origin is null (sandboxed or privacy-sensitive context)';
  let origin: URL;
  try {
    origin = new URL(request.origin);
  } catch {
    return 'Origin is not a URL';
  }
  if (origin.origin === publicOrigin) return null;
  if (request.host && origin.host === request.host.toLowerCase()) return null;
  return `Origin ${origin.origin} is not this console`;
}

/** The same check for a fetch-style Request (route handlers). */
export function crossSiteRefusalOf(request: Request, publicOrigin: string): string | null {
  return crossSiteRefusal(
    {
      method: request.method,
      origin: request.headers.get('origin'),
      fetchSite: request.headers.get('sec-fetch-site'),
      host: request.headers.get('x-forwarded-host') ?? request.headers.get('host'),
    },
    publicOrigin,
  );
}
