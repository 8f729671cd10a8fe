import { z } from 'zod';

export const incidentIdSchema = z.coerce.number().int().positive();

export const changeStatusSchema = z.object({
  incidentId: incidentIdSchema,
  to: z.enum(['new', 'acknowledged', 'investigating', 'contained', 'resolved', 'closed']),
  phase: z.enum(['detection_analysis', 'containment', 'eradication', 'recovery', 'post_incident']).optional(),
  resolution: z.enum(['resolved', 'false_positive', 'duplicate']).optional(),
  summary: z.string().trim().max(4_000).optional(),
});
export type ChangeStatusInput = z.infer<typeof changeStatusSchema>;

export const changePhaseSchema = z.object({
  incidentId: incidentIdSchema,
  phase: z.enum(['detection_analysis', 'containment', 'eradication', 'recovery', 'post_incident']),
});

export const assignIncidentSchema = z.object({
  incidentId: incidentIdSchema,
  /** null unassigns. */
  assigneeId: z.string().min(1).nullable(),
});
export type AssignIncidentInput = z.infer<typeof assignIncidentSchema>;

export const bulkIdsSchema = z.array(incidentIdSchema).min(1, 'Select at least one incident').max(200);

export const bulkAssignSchema = z.object({ ids: bulkIdsSchema, assigneeId: z.string().min(1).nullable() });

export const bulkCloseSchema = z.object({
  ids: bulkIdsSchema,
  resolution: z.enum(['resolved', 'false_positive', 'duplicate']),
  summary: z.string().trim().min(1, 'Say why (it goes on every incident’s timeline)').max(4_000),
});

export const mergeSchema = z.object({ primaryId: incidentIdSchema, ids: bulkIdsSchema });

export const addNoteSchema = z.object({
  incidentId: incidentIdSchema,
  body: z.string().trim().min(1, 'Write something').max(20_000),
});
