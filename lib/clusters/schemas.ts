import { z } from 'zod';

export const connectClusterSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the cluster (for example "prod-eu-1")')
    .max(60)
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and dashes'),
  displayName: z.string().trim().max(80).optional(),
  kubeconfig: z.string().min(1, 'Paste a kubeconfig').max(256 * 1024, 'A kubeconfig this large is not one'),
  context: z.string().trim().max(253).optional(),
});
export type ConnectClusterInput = z.infer<typeof connectClusterSchema>;

export const disconnectClusterSchema = z.object({ clusterId: z.string().min(1) });
