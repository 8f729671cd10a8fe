'use client';

import { formText } from '@/lib/forms';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/client';

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await authClient.signIn.email({
      email: formText(form, 'email', ''),
      password: formText(form, 'password', ''),
    });
    if (result.error) {
      setPending(false);
      setError(
        result.error.status === 429
          ? 'Too many attempts. Wait a minute and try again.'
          : result.error.status === 423 // locked after repeated failures: the server says for how long
            ? (result.error.message ?? 'This account is locked. Try again later.')
            : result.error.status === 403
              ? (result.error.message ?? 'This account is disabled.')
              : 'Wrong email or password.',
      );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
      <label className="block text-sm">
        <span className="mb-1 block text-muted">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="w-full rounded border border-line bg-surface px-3 py-2 outline-none focus:border-accent"
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-muted">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="w-full rounded border border-line bg-surface px-3 py-2 outline-none focus:border-accent"
        />
      </label>
      {error ? (
        <p role="alert" className="rounded border border-sev-critical/40 bg-sev-critical/10 px-3 py-2 text-sm text-rose-200">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-accent px-3 py-2 font-medium text-slate-950 hover:bg-sky-300 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
