// The export bundle, a zip:
//   artifacts/<nnn>-<name>   the evidence bytes as stored
//   incident.json            the incident, and each item's metadata
//   custody.json, custody.csv the custody log of every item
//   timeline.json            the incident timeline
//   README.txt               how to verify
//   manifest.sha256          `sha256sum -c` format, covering every file above
//   manifest.sha256.sig      Ed25519 signature of manifest.sha256 (when the instance has a key)
//   signing-key.pub.pem      the public key to check it with
// Artifacts are streamed from the blob store one at a time (lazily), never held in memory.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { BlobStore } from '../blobs/blob-store';
import { signManifest, type SigningKey } from '../signing';

export interface BundleArtifact {
  id: string;
  filename: string;
  sha256: string;
  /** Text compresses; captures, pcaps and archives mostly do not. */
  compress: boolean;
}

export interface BundleFile {
  path: string;
  content: Buffer;
}

export function artifactPath(index: number, artifact: Pick<BundleArtifact, 'id' | 'filename'>): string {
  // Plain names only: sha256sum escapes backslashes and newlines, and unzip tools differ on others.
  const name = artifact.filename.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'evidence.bin';
  return `artifacts/${String(index + 1).padStart(3, '0')}-${name}`;
}

/** One line per file, `<hex>  <path>`, exactly as `sha256sum -c` reads it. */
export function manifestText(entries: { path: string; sha256: string }[]): string {
  return entries.map((e) => `${e.sha256}  ${e.path}\n`).join('');
}

export const README = `Cordon evidence bundle

Check every file against the manifest (GNU coreutils):
  sha256sum -c manifest.sha256

Check the manifest's signature (OpenSSL 3), when manifest.sha256.sig is present:
  openssl pkeyutl -verify -pubin -inkey signing-key.pub.pem -rawin -in manifest.sha256 -sigfile manifest.sha256.sig

Compare the public key's fingerprint with the one shown by the Cordon instance that exported it:
  openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum
`;

export interface BuiltBundle {
  stream: NodeJS.ReadableStream;
  manifest: string;
  signed: boolean;
}

export function buildBundle(options: { store: BlobStore; artifacts: BundleArtifact[]; files: BundleFile[]; signingKey: SigningKey | null; mtime: Date }): BuiltBundle {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  const entries: { path: string; sha256: string }[] = [];

  options.artifacts.forEach((artifact, index) => {
    const path = artifactPath(index, artifact);
    entries.push({ path, sha256: artifact.sha256 });
    zip.addReadStreamLazy(path, { mtime: options.mtime, compress: artifact.compress }, (callback) => {
      options.store.get(artifact.sha256).then(
        (stream) => {
          if (!stream) return callback(new Error(`blob ${artifact.sha256} is missing`), Readable.from([]));
          stream.on('error', (error: Error) => output.destroy(error));
          callback(null, stream);
        },
        (error: Error) => callback(error, Readable.from([])),
      );
    });
  });

  const files = [...options.files, { path: 'README.txt', content: Buffer.from(README) }];
  for (const file of files) {
    entries.push({ path: file.path, sha256: createHash('sha256').update(file.content).digest('hex') });
    zip.addBuffer(file.content, file.path, { mtime: options.mtime });
  }
  const manifest = manifestText(entries);
  zip.addBuffer(Buffer.from(manifest), 'manifest.sha256', { mtime: options.mtime });
  if (options.signingKey) {
    zip.addBuffer(signManifest(Buffer.from(manifest), options.signingKey), 'manifest.sha256.sig', { mtime: options.mtime, compress: false });
    zip.addBuffer(Buffer.from(options.signingKey.publicKeyPem), 'signing-key.pub.pem', { mtime: options.mtime });
  }
  zip.end();
  return { stream: output, manifest, signed: options.signingKey !== null };
}
