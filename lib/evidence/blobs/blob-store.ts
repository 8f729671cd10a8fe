// Where evidence bytes live: a content-addressed store of immutable blobs named by their SHA-256.
// Two backends share this interface: a folder (the default) and an S3-compatible bucket.
// Content is first streamed to a staged file while it is hashed (its name is its hash, known only
// at the end); `put` then moves the staged file into the store without ever replacing a blob.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../errors';

export interface StagedBlob {
  /** A temporary file holding the content, fsynced. */
  path: string;
  sha256: string;
  size: number;
}

export interface BlobStore {
  readonly kind: 'disk' | 's3';
  /** Human-readable location, for logs and docs (never a credential). */
  readonly location: string;
  /** Folder for staged files (on the same file system as the blobs for the disk store). */
  readonly stagingDir: string;
  /** Stores a staged blob under its hash; an existing blob is kept as it is (`created: false`). */
  put(staged: StagedBlob): Promise<{ created: boolean }>;
  /** The blob's bytes, or null when there is no such blob. */
  get(sha256: string): Promise<Readable | null>;
  exists(sha256: string): Promise<boolean>;
  stat(sha256: string): Promise<{ size: number } | null>;
}

export type BlobContent = Buffer | string | NodeJS.ReadableStream;

const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha256(value: string): string {
  if (!SHA256.test(value)) throw new AppError('bad_request', { userMessage: 'Not a SHA-256 hash.' });
  return value;
}

export function blobTooLarge(maxBytes: number): AppError {
  return new AppError('bad_request', {
    status: 413,
    userMessage: `The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MiB.`,
  });
}

/**
 * Streams content into a new file in `dir` while hashing it; never holds a stream whole in
 * memory. Throws (and removes the file) past `maxBytes`.
 */
export async function stageBlob(content: BlobContent, dir: string, options: { maxBytes?: number } = {}): Promise<StagedBlob> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `.staging-${randomUUID()}`);
  const handle = await open(file, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const write = async (chunk: Buffer) => {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) throw blobTooLarge(options.maxBytes);
      hash.update(chunk);
      let offset = 0;
      while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
    };
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      await write(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    } else {
      for await (const chunk of content as AsyncIterable<Buffer | string>) {
        await write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      }
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(file, { force: true });
    if (!(typeof content === 'string' || Buffer.isBuffer(content))) (content as Partial<Readable>).destroy?.();
    throw error;
  }
  await handle.close();
  return { path: file, sha256: hash.digest('hex'), size };
}

export async function discardStaged(staged: StagedBlob): Promise<void> {
  await rm(staged.path, { force: true });
}

/** Hashes a stored blob again, streaming; null when the blob is missing. */
export async function hashStoredBlob(store: BlobStore, sha256: string): Promise<{ sha256: string; size: number } | null> {
  const stream = await store.get(sha256);
  if (!stream) return null;
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
