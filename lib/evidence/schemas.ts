import { z } from 'zod';

export const evidenceIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, 'Not an evidence id');

export const evidenceRefSchema = z.object({ evidenceId: evidenceIdSchema });

export const UPLOAD_TYPES = {
  disk_manifest: { label: 'Disk snapshot hash manifest', mediaType: 'text/plain' },
  memory: { label: 'Memory capture', mediaType: 'application/octet-stream' },
  pcap: { label: 'Packet capture (pcap)', mediaType: 'application/vnd.tcpdump.pcap' },
  other: { label: 'Other artifact', mediaType: 'application/octet-stream' },
} as const;
export type UploadType = keyof typeof UPLOAD_TYPES;

const optionalName = z.string().trim().max(253).optional();

/** The query string of POST /api/evidence (the body is the file itself). */
export const uploadParamsSchema = z.object({
  incidentId: z.coerce.number().int().positive(),
  filename: z.string().trim().min(1, 'Name the file').max(255),
  type: z.enum(Object.keys(UPLOAD_TYPES) as [UploadType, ...UploadType[]]).default('other'),
  mediaType: z.string().trim().max(127).regex(/^[\w.+-]+\/[\w.+-]+$/).optional(),
  description: z.string().trim().max(2_000).default(''),
  cluster: optionalName,
  namespace: optionalName,
  pod: optionalName,
  container: optionalName,
  node: optionalName,
});
export type UploadParams = z.infer<typeof uploadParamsSchema>;
