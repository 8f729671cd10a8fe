import { z } from 'zod';

const name = z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes name');

export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pod'), namespace: name, name }),
  z.object({ kind: z.literal('workload'), workloadKind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']), namespace: name, name }),
  z.object({ kind: z.literal('node'), name }),
  z.object({ kind: z.literal('service_account'), namespace: name, name }),
]);
export type Target = z.infer<typeof targetSchema>;

const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/i, 'must be a CIDR such as 203.0.113.9/32');

export const ACTION_KINDS = [
  'isolate_pod',
  'isolate_workload',
  'block_egress',
  'quarantine_node',
  'cordon_node',
  'uncordon_node',
  'label_node',
  'drain_node',
  'revoke_service_account',
  'scale_to_zero',
  'delete_pod',
  'rollout_restart',
  'capture_evidence',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const paramsSchema = z
  .object({
    /** Isolation keeps DNS to kube-dns unless told not to. */
    allowDns: z.boolean().optional(),
    /** A forensic workstation or collector that may still reach the isolated pod. */
    forensicPeerCidr: cidr.optional(),
    /** Released automatically after this many minutes (recorded like any undo). */
    expiresInMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
    /** block_egress: destinations to cut, keeping the rest. */
    cidrs: z.array(cidr).max(20).optional(),
    ports: z.array(z.number().int().min(1).max(65_535)).max(20).optional(),
    /** label_node */
    labelKey: z.string().min(1).max(316).regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/).optional(),
    labelValue: z.string().max(63).regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/).optional(),
    /** capture_evidence: also ask the kubelet for a checkpoint of each container. */
    checkpoint: z.boolean().optional(),
  })
  .strict();
export type ActionParams = z.infer<typeof paramsSchema>;

export const previewActionSchema = z.object({
  clusterId: z.string().min(1),
  incidentId: z.number().int().positive().nullable(),
  kind: z.enum(ACTION_KINDS),
  target: targetSchema,
  params: paramsSchema.default({}),
  /** Chosen by the browser when the form opens: previewing twice gives the same action. */
  idempotencyKey: z.string().min(8).max(100),
});
export type PreviewActionInput = z.infer<typeof previewActionSchema>;

export const executeActionSchema = z.object({
  actionId: z.string().min(1),
  /** Destructive actions: the target's name, typed. */
  confirmation: z.string().max(253).optional(),
  skipEvidence: z.boolean().optional(),
  skipReason: z.string().trim().max(500).optional(),
});
export type ExecuteActionInput = z.infer<typeof executeActionSchema>;

export const actionIdSchema = z.object({ actionId: z.string().min(1) });
