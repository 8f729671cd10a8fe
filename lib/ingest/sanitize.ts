// PostgreSQL text and jsonb cannot hold U+0000; one alert carrying it would fail its whole batch.
// It is replaced (visibly) rather than dropped, so the stored evidence still shows it was there.
const NUL = new RegExp(String.fromCharCode(0), 'g');
const REPLACEMENT = '\uFFFD';

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(NUL, REPLACEMENT) : value;
  if (Array.isArray(value)) return value.map(clean);
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key.replace(NUL, REPLACEMENT)] = clean(inner);
    return out;
  }
  return value;
}

/** JSON for a jsonb query parameter. The NUL scan runs on the serialised text: one pass, no walk. */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? JSON.stringify(clean(value)) : json;
}

/** The alert's own string fields (ids, names) go into text parameters: no NUL there either. */
export function cleanStrings<T extends object>(record: T): T {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && value.includes('\u0000')) (record as Record<string, unknown>)[key] = value.replace(NUL, REPLACEMENT);
  }
  return record;
}
