// The queue's view, as it lives in the URL: shared by the server (queries) and the browser (links,
// filter controls). Client-safe: no database access here.
import { z } from 'zod';

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : v.split(','))).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const STATUSES = ['new', 'acknowledged', 'investigating', 'contained', 'resolved', 'closed'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const PHASES = ['detection_analysis', 'containment', 'eradication', 'recovery', 'post_incident'] as const;
export const SORTS = ['last_seen', 'first_seen', 'severity', 'alerts', 'id'] as const;

export const queueFilterSchema = z.object({
  status: list(STATUSES),
  severity: list(SEVERITIES),
  phase: list(PHASES),
  /** "open" (default) = not resolved or closed; "all" includes them. */
  view: z.enum(['open', 'all']).optional().default('open'),
  cluster: z.string().max(100).optional(),
  namespace: z.string().max(253).optional(),
  assignee: z.string().max(100).optional(), // a user id, "me" or "none"
  rule: z.string().max(300).optional(),
  technique: z.string().max(20).optional(),
  q: z.string().trim().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(SORTS).optional().default('last_seen'),
  dir: z.enum(['asc', 'desc']).optional().default('desc'),
  page: z.coerce.number().int().min(1).max(10_000).optional().default(1),
});

export type QueueFilter = z.infer<typeof queueFilterSchema>;
export const PAGE_SIZE = 50;

/** URLSearchParams (or Next's searchParams object) → a valid filter; bad values are dropped. */
export function parseQueueFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): QueueFilter {
  const raw: Record<string, string | string[]> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === undefined || value === '') continue;
    const existing = raw[key];
    raw[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  const parsed = queueFilterSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep the valid parts of a hand-edited URL rather than failing the page.
  const cleaned = { ...raw };
  for (const issue of parsed.error.issues) delete cleaned[String(issue.path[0])];
  return queueFilterSchema.parse(cleaned);
}

/** The filter as URL search params (defaults left out), for links and router updates. */
export function queueSearch(filter: Partial<QueueFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if ((key === 'view' && value === 'open') || (key === 'sort' && value === 'last_seen') || (key === 'dir' && value === 'desc') || (key === 'page' && value === 1)) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
