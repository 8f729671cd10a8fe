'use client';

import { formText } from '@/lib/forms';
import { useState, useTransition, type FormEvent } from 'react';
import { createUserAction } from '@/app/(console)/settings/actions';
import { ROLES, type Role } from '@/lib/auth/roles';

export function CreateUserForm() {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string; fieldErrors?: Record<string, string[]> } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const response = await createUserAction({
        email: formText(data, 'email', ''),
        name: formText(data, 'name', ''),
        role: formText(data, 'role', 'viewer') as Role,
        password: formText(data, 'password', ''),
      });
      if (response.ok) {
        form.reset();
        setResult({ ok: true, text: 'User created.' });
      } else {
        setResult({ ok: false, text: response.message, fieldErrors: response.fieldErrors });
      }
    });
  }

  const fieldError = (name: string) => result?.fieldErrors?.[name]?.[0];
  const input = 'w-full rounded border border-line bg-surface px-2 py-1.5';
  return (
    <form onSubmit={onSubmit} className="grid gap-2 rounded border border-line bg-panel p-3 text-sm sm:grid-cols-5" aria-label="Create user">
      <label>
        <span className="text-xs text-muted">Email</span>
        <input name="email" type="email" required className={input} />
        {fieldError('email') ? <span className="text-xs text-rose-300">{fieldError('email')}</span> : null}
      </label>
      <label>
        <span className="text-xs text-muted">Name</span>
        <input name="name" required className={input} />
      </label>
      <label>
        <span className="text-xs text-muted">Role</span>
        <select name="role" className={input} defaultValue="analyst">
          {ROLES.map((role) => <option key={role}>{role}</option>)}
        </select>
      </label>
      <label>
        <span className="text-xs text-muted">Initial password</span>
        <input name="password" type="password" minLength={12} required className={input} autoComplete="new-password" />
        {fieldError('password') ? <span className="text-xs text-rose-300">{fieldError('password')}</span> : null}
      </label>
      <div className="flex items-end">
        <button type="submit" disabled={pending} className="w-full rounded bg-accent px-3 py-1.5 font-medium text-slate-950 disabled:opacity-60">
          {pending ? 'Creating…' : 'Create user'}
        </button>
      </div>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={`sm:col-span-5 ${result.ok ? 'text-emerald-300' : 'text-rose-300'}`}>
          {result.text}
        </p>
      ) : null}
    </form>
  );
}
