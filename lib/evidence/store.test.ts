import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify-chain';
import { db } from '../db/client';
import { useTestDatabase } from '../test/database';
import { createTestIncident, createTestUser } from '../test/factories';
import { diskBlobPath } from './blobs/disk-blob-store';
import { storeEvidence } from './store';
import { useEvidenceDir } from './test-helpers';

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('[EVIDENCE] storeEvidence', () => {
  useTestDatabase();
  const dir = useEvidenceDir();

  it('writes the blob under its hash and the row, custody event, audit row and timeline entry together', async () => {
    const incident = await createTestIncident();
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n';
    const stored = await storeEvidence(
      {
        incidentId: incident.id,
        kind: 'manifest',
        filename: 'pod-web.yaml',
        mediaType: 'application/yaml',
        description: 'Pod manifest before isolation',
        source: { cluster: 'sim', namespace: 'shop', pod: 'web', container: '' },
        collector: { type: 'system', id: null, label: 'test' },
      },
      manifest,
    );
    expect(stored).toMatchObject({ sha256: sha(manifest), size: Buffer.byteLength(manifest) });
    const blob = diskBlobPath(dir(), stored.sha256);
    expect(await readFile(blob, 'utf8')).toBe(manifest);
    expect((await stat(blob)).mode & 0o222).toBe(0); // read-only
    expect(await readdir(path.join(dir(), 'tmp'))).toEqual([]); // no staged leftovers

    const row = await db.evidence.findUniqueOrThrow({ where: { id: stored.id }, include: { custody: true } });
    expect(row).toMatchObject({ kind: 'manifest', size: BigInt(stored.size), source: { cluster: 'sim', namespace: 'shop', pod: 'web' }, collectorType: 'system' });
    expect(row.custody).toMatchObject([{ action: 'collected', sha256: stored.sha256, actorLabel: 'test' }]);
    const timeline = await db.timelineEntry.findMany({ where: { incidentId: incident.id } });
    expect(timeline).toMatchObject([{ kind: 'evidence', data: { evidenceId: stored.id, sha256: stored.sha256 } }]);
    expect(await db.auditLog.count({ where: { action: 'evidence.collect', targetId: stored.id } })).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('streams a large upload without buffering it, keeps one blob for identical content and enforces the limit', async () => {
    const analyst = await createTestUser('analyst');
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const chunks = 12;
    const stream = () => Readable.from((function* () { for (let i = 0; i < chunks; i++) yield chunk; })());
    const input = {
      incidentId: null,
      kind: 'upload' as const,
      filename: '../../etc/memory.lime',
      mediaType: 'application/octet-stream',
      description: 'Memory capture',
      source: {},
      collector: { type: 'user' as const, id: analyst.id, label: analyst.email },
    };
    const first = await storeEvidence(input, stream());
    const second = await storeEvidence(input, stream());
    expect(first.size).toBe(chunks * chunk.length);
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    const row = await db.evidence.findUniqueOrThrow({ where: { id: first.id }, include: { custody: true } });
    expect(row.filename).toBe('memory.lime');
    expect(row.custody[0]?.action).toBe('uploaded');
    await expect(storeEvidence(input, stream(), { maxBytes: 5 * chunk.length })).rejects.toMatchObject({ code: 'bad_request', status: 413 });
    expect(await readdir(path.join(dir(), 'tmp'))).toEqual([]);
  });

  it('refuses an unknown incident before writing anything', async () => {
    await expect(
      storeEvidence(
        { incidentId: 999_999, kind: 'logs', filename: 'x.log', mediaType: 'text/plain', description: '', source: {}, collector: { type: 'system', id: null, label: 't' } },
        'never stored',
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(stat(diskBlobPath(dir(), sha('never stored')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
