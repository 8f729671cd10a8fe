import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The simulator's tests need no database: `npx vitest run --config sim/vitest.config.ts` skips the
 * repository's global setup (embedded PostgreSQL). `npx vitest run sim` works too, just slower to start.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['sim/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The suites mostly wait on sockets and timers; run them side by side even on a 2-core machine.
    maxWorkers: 4,
  },
});
