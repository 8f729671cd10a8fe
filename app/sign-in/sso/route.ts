// GET /sign-in/sso?next=/path — starts single sign-on: better-auth stores the state, PKCE verifier
// and nonce, and the browser goes to the identity provider. A plain link, so it works without
// JavaScript; the IdP sends the browser back to /api/auth/callback/oidc.
import { NextResponse } from 'next/server';
import { auth } from '@/lib/auth/auth';
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/auth/oidc';
import { safeNextPath } from '@/lib/auth/safe-next';
import { publicUrl } from '@/lib/env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const next = safeNextPath(new URL(request.url).searchParams.get('next'));
  if (!oidcSettings()) return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(next)}`, publicUrl()), 303);
  const { headers, response } = await auth().api.signInSocial({
    body: {
      provider: OIDC_PROVIDER_ID,
      callbackURL: next,
      errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}`,
      disableRedirect: true,
    },
    headers: request.headers,
    returnHeaders: true,
  });
  if (!response.url) throw new Error('single sign-on: no authorization URL');
  const redirect = NextResponse.redirect(response.url, 303);
  redirect.headers.set('cache-control', 'no-store');
  for (const cookie of headers.getSetCookie()) redirect.headers.append('set-cookie', cookie);
  return redirect;
}
