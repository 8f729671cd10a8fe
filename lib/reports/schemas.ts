import { z } from 'zod';
import { incidentIdSchema } from '../incidents/schemas';

const section = z.string().trim().max(20_000);

export const followUpSchema = z.object({
  text: z.string().trim().min(1, 'Say what needs doing').max(1_000),
  owner: z.string().trim().max(200).default(''),
  done: z.boolean().default(false),
});

export const updateReportSchema = z.object({
  incidentId: incidentIdSchema,
  summary: section,
  impact: section,
  rootCause: section,
  lessonsLearned: section,
  followUps: z.array(followUpSchema).max(100),
});
export type UpdateReportInput = z.infer<typeof updateReportSchema>;

export const exportFormatSchema = z.enum(['pdf', 'md']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
