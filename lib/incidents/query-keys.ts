// React Query keys for incidents, in one place: live events invalidate by prefix.
export const incidentKeys = {
  all: ['incidents'] as const,
  queue: (search: string) => ['incidents', 'queue', search] as const,
  detail: (id: number) => ['incidents', 'detail', id] as const,
};
