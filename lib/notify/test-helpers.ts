// For the notification tests: targets and incidents with unique names.
import { db } from '../db/client';
import type { Severity } from '../db/generated/enums';
import { uniqueSuffix } from '../test/factories';
import type { TargetConfig } from './schemas';
import { sealTargetConfig } from './targets';

export async function createTestTarget(
  config: TargetConfig,
  options: { minSeverity?: Severity; enabled?: boolean; name?: string } = {},
) {
  return await db.notificationTarget.create({
    data: {
      name: options.name ?? `${config.kind}-${uniqueSuffix()}`,
      kind: config.kind,
      configEnc: sealTargetConfig(config),
      minSeverity: options.minSeverity ?? 'high',
      enabled: options.enabled ?? true,
    },
    select: { id: true, name: true, kind: true, minSeverity: true, enabled: true },
  });
}

export const TEST_PUBLIC_URL = 'https://cordon.test.example';
