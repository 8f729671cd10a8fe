// Sends queued notifications. Every app replica runs one; they share the queue safely:
//   claim  — one short statement takes due rows with FOR UPDATE SKIP LOCKED, counts the attempt
//            and pushes nextAttemptAt forward by a lease, so no other replica takes them meanwhile;
//   send   — outside any transaction (a slow receiver must not hold a database connection);
//   record — one short transaction, guarded by the attempt number (process-delivery.ts).
// A replica that dies mid-send leaves its rows to be taken again when the lease runs out: delivery
// is at least once, and receivers deduplicate by dedup_key / alias / X-Cordon-Delivery.
import 'server-only';
import { db } from '../db/client';
import { logger } from '../log';
import { processDelivery, type ClaimedDelivery } from './process-delivery';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { SEND_TIMEOUT_MS } from './send';

export interface NotificationWorkerOptions {
  /** Pause between polls when the queue is empty. Default 2 s. */
  intervalMs?: number;
  /** Deliveries claimed (and sent concurrently) per pass. Default 10. */
  batchSize?: number;
  timeoutMs?: number;
  /** How long a claim keeps other replicas away; must comfortably exceed timeoutMs. Default 60 s. */
  leaseMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface NotificationWorker {
  /** Lets the in-flight pass (and its sends) finish, then stops polling. */
  stop(): Promise<void>;
}

interface Settings {
  intervalMs: number;
  batchSize: number;
  timeoutMs: number;
  leaseMs: number;
  policy: RetryPolicy;
}

function settingsFrom(options: NotificationWorkerOptions): Settings {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const settings = {
    intervalMs: options.intervalMs ?? 2_000,
    batchSize: options.batchSize ?? 10,
    timeoutMs,
    leaseMs: options.leaseMs ?? Math.max(60_000, timeoutMs * 3),
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
  };
  if (settings.leaseMs < settings.timeoutMs * 2) throw new Error('leaseMs must be at least twice timeoutMs');
  return settings;
}

async function claimDueDeliveries(batchSize: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  // Timestamps are UTC wall-clock (timestamp without time zone), as Prisma writes them.
  return await db.$queryRaw<ClaimedDelivery[]>`
    UPDATE notification_delivery d SET
      attempts = d.attempts + 1,
      "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + ${leaseMs} * interval '1 millisecond'
    FROM (
      SELECT id FROM notification_delivery
      WHERE status IN ('pending', 'retrying') AND "nextAttemptAt" <= now() AT TIME ZONE 'UTC'
      ORDER BY "nextAttemptAt"
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE d.id = due.id
    RETURNING d.id, d."targetId", d."incidentId", d.event, d.attempts`;
}

/** One pass over the queue: claims up to batchSize due deliveries and sends them. Returns how many. */
export async function processDueNotifications(options: NotificationWorkerOptions = {}): Promise<number> {
  return await runPass(settingsFrom(options));
}

async function runPass(settings: Settings): Promise<number> {
  const claimed = await claimDueDeliveries(settings.batchSize, settings.leaseMs);
  await Promise.all(
    claimed.map((delivery) =>
      processDelivery(delivery, settings).catch((error: unknown) => {
        // The lease runs out and the delivery is tried again; nothing is lost.
        logger.error({ err: error, deliveryId: delivery.id }, 'notification delivery failed to process');
      }),
    ),
  );
  return claimed.length;
}

export function startNotificationWorker(options: NotificationWorkerOptions = {}): NotificationWorker {
  const settings = settingsFrom(options);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();

  const passAndReschedule = async (): Promise<void> => {
    let claimed = 0;
    try {
      claimed = await runPass(settings);
    } catch (error) {
      // Database unavailable, for example: try again at the next interval.
      logger.warn({ err: error }, 'notification worker pass failed');
    }
    // A full batch suggests more is due: go again at once.
    if (!stopped) timer = setTimeout(schedule, claimed >= settings.batchSize ? 0 : settings.intervalMs);
  };
  const schedule = (): void => {
    timer = undefined;
    pass = passAndReschedule();
  };

  timer = setTimeout(schedule, 0);
  logger.info({ intervalMs: settings.intervalMs, batchSize: settings.batchSize }, 'notification worker started');

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await pass;
      logger.info('notification worker stopped');
    },
  };
}
