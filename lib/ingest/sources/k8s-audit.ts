// The API server's audit webhook backend: an audit.k8s.io/v1 EventList. Audit events are not
// alerts by themselves; the detections in lib/detections/audit.ts decide which become alerts.
import { z } from 'zod';

const userInfo = z
  .object({
    username: z.string().max(512).default(''),
    uid: z.string().optional(),
    groups: z.array(z.string()).optional(),
    extra: z.record(z.string(), z.array(z.string())).optional(),
  })
  .loose();

export const auditEventSchema = z
  .object({
    level: z.string(),
    auditID: z.string().min(1).max(128),
    stage: z.enum(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']),
    requestURI: z.string().max(8_192),
    verb: z.string().min(1).max(64),
    user: userInfo,
    impersonatedUser: userInfo.optional(),
    sourceIPs: z.array(z.string()).optional(),
    userAgent: z.string().optional(),
    objectRef: z
      .object({
        resource: z.string().optional(),
        namespace: z.string().optional(),
        name: z.string().optional(),
        apiGroup: z.string().optional(),
        apiVersion: z.string().optional(),
        subresource: z.string().optional(),
      })
      .loose()
      .optional(),
    responseStatus: z.object({ code: z.number().int().optional(), reason: z.string().optional(), message: z.string().optional() }).loose().optional(),
    requestObject: z.unknown().optional(),
    responseObject: z.unknown().optional(),
    requestReceivedTimestamp: z.string().optional(),
    stageTimestamp: z.string().optional(),
    timestamp: z.string().optional(), // audit.k8s.io/v1beta1
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditEventListSchema = z
  .object({
    kind: z.literal('EventList', { error: 'must be "EventList" (the audit webhook backend posts an audit.k8s.io/v1 EventList)' }),
    apiVersion: z.string().regex(/^audit\.k8s\.io\/v1(beta1)?$/, 'must be audit.k8s.io/v1'),
    items: z.array(auditEventSchema).max(20_000),
  })
  .loose();

export type AuditEventList = z.infer<typeof auditEventListSchema>;

const SECRET_KINDS = new Set(['Secret', 'SecretList']);

/**
 * Secret values must never be stored: audit policies at RequestResponse level put them in
 * requestObject/responseObject. Keys are kept (they are evidence), values replaced.
 */
export function redactAuditEvent(event: AuditEvent): AuditEvent {
  const touchesSecrets = event.objectRef?.resource === 'secrets';
  const redact = (object: unknown): unknown => {
    if (!object || typeof object !== 'object') return object;
    const o = object as Record<string, unknown>;
    if (SECRET_KINDS.has(String(o.kind)) || touchesSecrets) {
      const copy: Record<string, unknown> = { ...o };
      for (const field of ['data', 'stringData']) {
        const values = copy[field];
        if (values && typeof values === 'object') {
          copy[field] = Object.fromEntries(Object.keys(values).map((key) => [key, '[redacted]']));
        }
      }
      if (Array.isArray(copy.items)) copy.items = copy.items.map(redact);
      return copy;
    }
    return object;
  };
  if (!event.requestObject && !event.responseObject) return event;
  return { ...event, requestObject: redact(event.requestObject), responseObject: redact(event.responseObject) };
}

export function auditTime(event: AuditEvent, fallback: Date): Date {
  const value = event.stageTimestamp ?? event.requestReceivedTimestamp ?? event.timestamp;
  const parsed = value ? new Date(value) : fallback;
  return Number.isNaN(parsed.getTime()) ? fallback : parsed;
}

export function serviceAccountOf(username: string): { namespace: string; name: string } | null {
  const match = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  return match ? { namespace: match[1]!, name: match[2]! } : null;
}
