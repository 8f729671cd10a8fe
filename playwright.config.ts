// End-to-end tests in a real headless Chromium against the production build, started by
// scripts/test/e2e.ts (npm run test:e2e), which sets CORDON_E2E_URL.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/browser';

const baseURL = process.env.CORDON_E2E_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'on-first-retry',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], testIgnore: /auth\.setup\.ts/ },
  ],
});
