import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { getCurrentUser } from '@/lib/auth/session';
import { oidcSettings } from '@/lib/auth/oidc';
import { safeNextPath } from '@/lib/auth/safe-next';
import { ssoErrorMessage } from '@/lib/auth/sign-in-errors';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (await getCurrentUser()) redirect(next);
  const sso = oidcSettings();
  const ssoError = ssoErrorMessage(params.error, sso?.name ?? 'single sign-on');
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-xl">
        <div className="mb-6">
          <h1 className="text-xl font-semibold tracking-tight">Cordon</h1>
          <p className="text-sm text-muted">Incident console for Kubernetes</p>
        </div>
        {ssoError ? (
          <p role="alert" className="mb-4 rounded border border-sev-critical/40 bg-sev-critical/10 px-3 py-2 text-sm text-rose-200">
            {ssoError}
          </p>
        ) : null}
        {sso ? (
          <>
            {/* A plain link (no prefetch): following it starts the sign-in at the identity provider. */}
            <a
              href={`/sign-in/sso?next=${encodeURIComponent(next)}`}
              className="block w-full rounded border border-accent px-3 py-2 text-center font-medium text-accent hover:bg-accent/10"
            >
              Sign in with {sso.name}
            </a>
            <p className="my-4 text-center text-xs uppercase tracking-wide text-muted">or with a local account</p>
          </>
        ) : null}
        <SignInForm next={next} />
      </div>
    </main>
  );
}
