import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // `server-only` throws outside a React Server Components bundle; tests are server code.
      'server-only': fileURLToPath(new URL('./scripts/empty-module.js', import.meta.url)),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', '.cordon/**', 'e2e/**'],
    environment: 'node',
    globalSetup: ['./scripts/test/global-setup.ts'],
    // Most files wait on PostgreSQL, the simulator or a child process rather than the CPU: three
    // at once on two cores (Vitest's default would be one) keeps the suite well inside its budget.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
