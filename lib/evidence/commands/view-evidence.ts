import 'server-only';
import { AppError } from '../../errors';
import { evidenceBlobStore } from '../blobs';
import { findEvidenceBlob, isViewableAsText } from '../queries';
import type { EvidenceActor } from '../custody';
import { recordEvidenceAccess } from './record-access';

export const VIEW_LIMIT_BYTES = 512 * 1024;

export interface EvidenceText {
  text: string;
  /** Only the first VIEW_LIMIT_BYTES are shown; download for the rest. */
  truncated: boolean;
  size: number;
  sha256: string;
}

/** The first bytes of a text item as UTF-8, for a <pre>; records a `viewed` custody event. */
export async function viewEvidenceText(evidenceId: string, actor: EvidenceActor): Promise<EvidenceText> {
  const row = await findEvidenceBlob(evidenceId);
  if (!isViewableAsText(row)) throw new AppError('bad_request', { userMessage: 'This item is not text; download it instead.' });
  const stream = await evidenceBlobStore().get(row.sha256);
  if (!stream) throw new AppError('conflict', { userMessage: 'The stored blob is missing. Run verify to record it.' });
  try {
    await recordEvidenceAccess(evidenceId, 'viewed', actor);
  } catch (error) {
    (stream).destroy();
    throw error;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= VIEW_LIMIT_BYTES) break; // ends (and closes) the stream
  }
  const bytes = Buffer.concat(chunks).subarray(0, VIEW_LIMIT_BYTES);
  return { text: bytes.toString('utf8'), truncated: row.size > VIEW_LIMIT_BYTES, size: row.size, sha256: row.sha256 };
}
