import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * The system Chromium (Debian's `chromium`, or CHROMIUM_PATH): test tools cannot download their
 * own browser on machines that reach only package registries. Without the networking flags
 * Chromium stalls on its background connections there.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
