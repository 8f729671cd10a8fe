// The configured blob store, one per process.
import 'server-only';
import os from 'node:os';
import path from 'node:path';
import { env } from '../../env';
import type { BlobStore } from './blob-store';
import { createDiskBlobStore } from './disk-blob-store';
import { createS3BlobStore } from './s3-blob-store';

const globalForBlobs = globalThis as unknown as { cordonBlobStore?: { key: string; store: BlobStore } };

export function evidenceDir(): string {
  const e = env();
  return path.resolve(e.CORDON_EVIDENCE_DIR ?? path.join(e.CORDON_DATA_DIR, 'evidence'));
}

export function evidenceBlobStore(): BlobStore {
  const e = env();
  const key = e.CORDON_EVIDENCE_S3_BUCKET ? `s3:${e.CORDON_EVIDENCE_S3_BUCKET}:${e.CORDON_EVIDENCE_S3_PREFIX}` : `disk:${evidenceDir()}`;
  if (globalForBlobs.cordonBlobStore?.key === key) return globalForBlobs.cordonBlobStore.store;
  const store = e.CORDON_EVIDENCE_S3_BUCKET
    ? createS3BlobStore({
        bucket: e.CORDON_EVIDENCE_S3_BUCKET,
        region: e.CORDON_EVIDENCE_S3_REGION,
        endpoint: e.CORDON_EVIDENCE_S3_ENDPOINT,
        prefix: e.CORDON_EVIDENCE_S3_PREFIX,
        forcePathStyle: e.CORDON_EVIDENCE_S3_FORCE_PATH_STYLE,
        credentials:
          e.CORDON_EVIDENCE_S3_ACCESS_KEY_ID && e.CORDON_EVIDENCE_S3_SECRET_ACCESS_KEY
            ? { accessKeyId: e.CORDON_EVIDENCE_S3_ACCESS_KEY_ID, secretAccessKey: e.CORDON_EVIDENCE_S3_SECRET_ACCESS_KEY }
            : undefined,
        objectLock: e.CORDON_EVIDENCE_S3_OBJECT_LOCK,
        retentionDays: e.CORDON_EVIDENCE_S3_RETENTION_DAYS,
        stagingDir: path.join(e.CORDON_EVIDENCE_DIR ? evidenceDir() : path.join(os.tmpdir(), 'cordon-evidence'), 'tmp'),
      })
    : createDiskBlobStore(evidenceDir());
  globalForBlobs.cordonBlobStore = { key, store };
  return store;
}

export function maxUploadBytes(): number {
  return env().CORDON_EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024;
}
