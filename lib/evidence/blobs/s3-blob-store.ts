// Blobs in an S3-compatible bucket, key <prefix><sha256>. Never overwritten: a HEAD first, then a
// conditional PUT (If-None-Match: *), with the SHA-256 sent as x-amz-checksum-sha256 so the
// service refuses corrupted uploads, and Object Lock retention headers when configured (the bucket
// must have Object Lock enabled; it then refuses deletes and overwrites until the date).
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { assertSha256, type BlobStore, type StagedBlob } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  prefix: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  objectLock: 'off' | 'governance' | 'compliance';
  retentionDays: number;
  /** Local folder for staged files. */
  stagingDir: string;
}

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
    credentials: options.credentials,
    // Our own SHA-256 is the checksum; no aws-chunked trailers, which many S3-compatible servers refuse.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const key = (sha256: string) => `${options.prefix}${assertSha256(sha256)}`;

  async function head(sha256: string): Promise<{ size: number } | null> {
    try {
      const answer = await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: key(sha256) }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  return {
    kind: 's3',
    location: `s3://${options.bucket}/${options.prefix}`,
    stagingDir: options.stagingDir,

    async put(staged: StagedBlob) {
      try {
        if (await head(staged.sha256)) return { created: false };
        const lock =
          options.objectLock === 'off'
            ? {}
            : {
                ObjectLockMode: options.objectLock === 'compliance' ? ('COMPLIANCE' as const) : ('GOVERNANCE' as const),
                ObjectLockRetainUntilDate: new Date(Date.now() + options.retentionDays * 86_400_000),
              };
        await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: key(staged.sha256),
            Body: createReadStream(staged.path),
            ContentLength: staged.size,
            ContentType: 'application/octet-stream',
            ChecksumSHA256: Buffer.from(staged.sha256, 'hex').toString('base64'),
            IfNoneMatch: '*',
            ...lock,
          }),
        );
        return { created: true };
      } catch (error) {
        // 412: someone stored the same content between our HEAD and PUT; it is the same bytes.
        if (isStatus(error, 412)) return { created: false };
        throw error;
      } finally {
        await rm(staged.path, { force: true });
      }
    },

    async get(sha256: string) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key(sha256) }));
        return (answer.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },

    async exists(sha256: string) {
      return (await head(sha256)) !== null;
    },

    stat: head,
  };
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
