import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { QueryProvider } from '@/components/layout/query-provider';

export const metadata: Metadata = {
  title: { default: 'Cordon', template: '%s · Cordon' },
  description: 'Incident console for Kubernetes security teams',
};

// Every page is rendered per request: Next.js stamps the request's CSP nonce on the scripts it
// emits, which a page prerendered at build time could not carry (lib/server/security-headers.ts).
export const dynamic = 'force-dynamic';

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0b1017' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen font-sans antialiased">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
