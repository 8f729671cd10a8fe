// Blobs in a folder: <root>/sha256/<first two hex>/<sha256>, read-only files. A new blob is
// hard-linked from its staged file, which is atomic and fails rather than replace an existing
// blob; the folder is fsynced so the name survives a crash.
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, type BlobStore, type StagedBlob } from './blob-store';

export function createDiskBlobStore(root: string): BlobStore {
  const absolute = path.resolve(root);
  const blobPath = (sha256: string) => path.join(absolute, 'sha256', assertSha256(sha256).slice(0, 2), sha256);

  async function statBlob(sha256: string) {
    try {
      const info = await stat(blobPath(sha256));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  return {
    kind: 'disk',
    location: absolute,
    stagingDir: path.join(absolute, 'tmp'),

    async put(staged: StagedBlob) {
      const target = blobPath(staged.sha256);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await chmod(staged.path, 0o444);
      let created = true;
      try {
        await link(staged.path, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') created = false;
        else if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') && !(await statBlob(staged.sha256))) {
          await rename(staged.path, target); // file systems without hard links
        } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') created = false;
        else throw error;
      }
      await rm(staged.path, { force: true });
      if (created) await fsyncDir(path.dirname(target));
      return { created };
    },

    async get(sha256: string): Promise<Readable | null> {
      if (!(await statBlob(sha256))) return null;
      return createReadStream(blobPath(sha256));
    },

    async exists(sha256: string) {
      return (await statBlob(sha256)) !== null;
    },

    stat: statBlob,
  };
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** For tests and operators: where a blob is on disk. */
export function diskBlobPath(root: string, sha256: string): string {
  return path.join(path.resolve(root), 'sha256', assertSha256(sha256).slice(0, 2), sha256);
}
