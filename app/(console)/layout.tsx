import Link from 'next/link';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/layout/app-nav';
import { LiveIndicator, LiveProvider } from '@/components/live/live-provider';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { requireUser } from '@/lib/auth/session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser('/incidents');
  return (
    <LiveProvider>
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 flex items-center gap-4 border-b border-line bg-panel/95 px-4 py-2 backdrop-blur">
        <span className="font-semibold tracking-tight text-accent">Cordon</span>
        <AppNav />
        <div className="ml-auto flex items-center gap-3 text-sm">
          <LiveIndicator />
          <span className="hidden text-muted sm:inline" data-testid="current-user">
            <Link href="/account" className="hover:text-white" title="Your account and sessions">{user.email}</Link> · <span className="text-slate-300">{user.role}</span>
          </span>
          <SignOutButton />
        </div>
      </header>
      <main className="flex-1">{children}</main>
    </div>
    </LiveProvider>
  );
}
