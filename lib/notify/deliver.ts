// One notice to one target: open the sealed config, build the request, send it. Shared by the
// worker and by "Send test", so a test exercises exactly the path real notices take.
import 'server-only';
import type { NotificationKind } from '../db/generated/enums';
import type { IncidentNotice } from './payloads';
import { buildNotificationRequest } from './requests';
import { sendNotificationRequest, type SendOutcome } from './send';
import { openTargetConfig, redactSecrets, secretValues, TargetConfigError } from './targets';

export interface SendableTarget {
  id: string;
  kind: NotificationKind;
  name: string;
  configEnc: Uint8Array;
}

export async function deliverNotice(
  target: SendableTarget,
  notice: IncidentNotice,
  options: { deliveryId: string; timeoutMs?: number },
): Promise<SendOutcome> {
  let config;
  try {
    config = openTargetConfig(target.kind, target.configEnc);
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    return { result: 'failed', responseCode: null, error: error.message, retryAfterMs: null };
  }
  const request = buildNotificationRequest(config, notice, { deliveryId: options.deliveryId });
  const secrets = secretValues(config);
  const outcome = await sendNotificationRequest(request, { secrets, timeoutMs: options.timeoutMs });
  // Belt and braces: whatever ends up in the error is scrubbed once more.
  return { ...outcome, error: outcome.error === null ? null : redactSecrets(outcome.error, secrets) };
}
