// Query parameters of the map's routes. A bad parameter is a 400 naming it.
import { z } from 'zod';
import { AppError } from '../errors';

const time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-01-31T12:00:00Z' }).transform((v) => new Date(v));
const cluster = z.string().min(1).max(64).optional();
const namespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name')
  .optional();
const verdict = z.enum(['forwarded', 'dropped', 'error', 'audit'], { error: 'must be forwarded, dropped, error or audit' }).optional();

export const mapQuerySchema = z
  .object({
    cluster,
    from: time.optional(),
    to: time.optional(),
    namespace,
    verdict,
    at: time.optional(),
    incident: z.coerce.number({ error: 'must be an incident number' }).int().positive().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['from'], message: 'must be before "to"' })
  .refine((q) => !q.at || (!q.from && !q.to), { path: ['at'], message: 'replays a fixed five-minute window: leave "from" and "to" out' });
export type MapQuery = z.infer<typeof mapQuerySchema>;

export const changesQuerySchema = z.object({
  cluster,
  since: time,
  from: time.optional(),
  namespace,
  verdict,
});
export type ChangesQuery = z.infer<typeof changesQuerySchema>;

export const workloadQuerySchema = z.object({
  cluster,
  key: z
    .string({ error: 'is required: the workload id "namespace/Kind/name"' })
    .max(600)
    .regex(/^[^/]+\/[^/]+\/[^/]+$/, 'must be a workload id "namespace/Kind/name"'),
});
export type WorkloadQuery = z.infer<typeof workloadQuerySchema>;

/** Parses the URL's query with the schema; the first problem becomes a 400 naming its parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, url: string | URL): z.output<S> {
  const params = Object.fromEntries(new URL(url).searchParams);
  for (const [key, value] of Object.entries(params)) if (value === '') delete params[key];
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'query');
  const message = issue.code === 'invalid_type' && params[name] === undefined ? (issue.message.startsWith('is required') ? issue.message : 'is required') : issue.message;
  throw new AppError('bad_request', { userMessage: `Query parameter "${name}" ${message}.`, details: { parameter: name } });
}
