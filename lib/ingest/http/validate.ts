import type { z } from 'zod';
import { IngestError } from '../errors';

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/**
 * Validates every item; the first invalid one rejects the whole request with a 400 that names the
 * item and the field — nothing of the request is stored, so the sender can fix and resend it.
 */
export function validateAll<S extends z.ZodType>(schema: S, items: readonly unknown[], what: string): z.output<S>[] {
  const out: z.output<S>[] = [];
  for (let index = 0; index < items.length; index += 1) {
    const parsed = schema.safeParse(items[index]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = pathOf(issue.path) || '(root)';
      const where = items.length > 1 ? `item ${index}: ` : '';
      throw new IngestError(400, 'invalid_event', `${where}${field}: ${issue.message}`, {
        field,
        index,
        ...(parsed.error.issues.length > 1 ? { otherProblems: parsed.error.issues.length - 1 } : {}),
        expected: what,
      });
    }
    out.push(parsed.data);
  }
  return out;
}
