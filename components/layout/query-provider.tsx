'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // 401/403 will not fix themselves by retrying.
  const status = (error as { status?: number } | null)?.status;
  if (status === 401 || status === 403 || status === 404) return false;
  return failureCount < 2;
}

export function QueryProvider({ children }: { children: ReactNode }) {
  // One client per browser tab (and per server render), never shared between users.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: shouldRetry } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
