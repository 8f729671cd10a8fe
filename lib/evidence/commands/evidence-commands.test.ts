import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../audit/verify-chain';
import { db } from '../../db/client';
import { useTestDatabase } from '../../test/database';
import { createTestIncident, createTestUser, testActor } from '../../test/factories';
import { diskBlobPath } from '../blobs/disk-blob-store';
import { verifyManifestSignature } from '../signing';
import { storeEvidence, type EvidenceInput } from '../store';
import { useEvidenceDir } from '../test-helpers';
import { runEvidenceVerification } from '../verifier';
import { exportEvidenceBundle } from './export-bundle';
import { recordEvidenceAccess } from './record-access';
import { verifyEvidence } from './verify-evidence';
import { viewEvidenceText } from './view-evidence';

const run = promisify(execFile);
const has = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync(tool, ['-v'], { stdio: 'ignore' }).status === 0;

const input = (incidentId: number | null, overrides: Partial<EvidenceInput> = {}): EvidenceInput => ({
  incidentId,
  kind: 'logs',
  filename: 'web.log',
  mediaType: 'text/plain',
  description: 'container log',
  source: { namespace: 'shop', pod: 'web-1', container: 'nginx' },
  collector: { type: 'system', id: null, label: 'test' },
  ...overrides,
});

describe('[EVIDENCE] verify, tamper, view and export', () => {
  useTestDatabase();
  const dir = useEvidenceDir();

  async function tamper(sha256: string, bytes = 'tampered\n') {
    const file = diskBlobPath(dir(), sha256);
    await chmod(file, 0o644);
    await writeFile(file, bytes);
  }

  it('verifies on demand, then detects a modified blob: verify_failed, the row, and an alert of its own', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident({ namespace: 'shop' });
    const item = await storeEvidence(input(incident.id), `GET /admin 200 ${Date.now()}\n`);

    expect(await verifyEvidence(item.id, testActor(analyst))).toMatchObject({ ok: true, reason: 'match' });
    await tamper(item.sha256);
    const failed = await verifyEvidence(item.id, testActor(analyst));
    expect(failed).toMatchObject({ ok: false, reason: 'mismatch', expected: item.sha256 });

    const row = await db.evidence.findUniqueOrThrow({ where: { id: item.id }, include: { custody: { orderBy: { id: 'asc' } } } });
    expect(row.custody.map((c) => c.action)).toEqual(['collected', 'verified', 'verify_failed']);
    expect(row.verifyFailedAt).toBeInstanceOf(Date);
    const alert = await db.alert.findFirstOrThrow({ where: { dedupKey: `evidence-integrity:${item.id}` } });
    expect(alert).toMatchObject({ source: 'cordon', severity: 'critical', incidentId: failed.alertIncidentId });
    const alertIncident = await db.incident.findUniqueOrThrow({ where: { id: failed.alertIncidentId! }, include: { timeline: true } });
    expect(alertIncident).toMatchObject({ severity: 'critical', status: 'new', alertCount: 1, correlationKey: `evidence-integrity|${incident.id}` });
    expect(alertIncident.timeline).toMatchObject([{ kind: 'alert', groupKey: alert.dedupKey }]);
    const note = await db.timelineEntry.findFirstOrThrow({ where: { incidentId: incident.id, summary: { contains: 'FAILED' } } });
    expect(note.kind).toBe('evidence');
    expect(await db.auditLog.count({ where: { action: 'evidence.verify', targetId: item.id, outcome: 'failed' } })).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('the scheduled verifier finds a tampered blob once, and later runs do not re-alert it', async () => {
    const incident = await createTestIncident();
    const good = await storeEvidence(input(incident.id, { filename: 'good.log' }), `fine ${Date.now()}\n`);
    const bad = await storeEvidence(input(incident.id, { filename: 'bad.log' }), `to be altered ${Date.now()}\n`);
    await tamper(bad.sha256);
    await rm(diskBlobPath(dir(), good.sha256), { force: true }).then(() => storeEvidence(input(null), `fine-again ${Date.now()}`));
    const first = await runEvidenceVerification({ maxAgeMs: 60_000, batchSize: 1_000 });
    expect(first.skipped).toBe(false);
    expect(first.failed).toBeGreaterThanOrEqual(2); // the modified one and the deleted one
    const reasons = await db.custodyEvent.findMany({ where: { evidenceId: { in: [good.id, bad.id] }, action: 'verify_failed' } });
    expect(reasons.map((r) => (r.details as { reason: string }).reason).sort()).toEqual(['mismatch', 'missing']);
    const again = await runEvidenceVerification({ maxAgeMs: 0, batchSize: 1_000 });
    expect(again.failed).toBe(0);
    expect(await db.alert.count({ where: { dedupKey: { in: [`evidence-integrity:${good.id}`, `evidence-integrity:${bad.id}`] } } })).toBe(2);
  });

  it('views text with a viewed custody event and records downloads', async () => {
    const viewer = await createTestUser('viewer');
    const incident = await createTestIncident();
    const text = '<script>alert(1)</script>\nline two\n';
    const item = await storeEvidence(input(incident.id), text);
    const view = await viewEvidenceText(item.id, testActor(viewer));
    expect(view).toMatchObject({ text, truncated: false, sha256: item.sha256 });
    await recordEvidenceAccess(item.id, 'downloaded', testActor(viewer));
    const actions = (await db.custodyEvent.findMany({ where: { evidenceId: item.id }, orderBy: { id: 'asc' } })).map((c) => [c.action, c.actorLabel]);
    expect(actions).toEqual([['collected', 'test'], ['viewed', viewer.email], ['downloaded', viewer.email]]);
    const binary = await storeEvidence(input(incident.id, { kind: 'upload', mediaType: 'application/vnd.tcpdump.pcap', filename: 'c.pcap' }), Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]));
    await expect(viewEvidenceText(binary.id, testActor(viewer))).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('exports a signed bundle that sha256sum -c and openssl accept, recorded on every item', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident();
    const log = await storeEvidence(input(incident.id, { filename: 'we ird;na me.log' }), `log line ${Date.now()}\n`);
    const pcap = await storeEvidence(input(incident.id, { kind: 'upload', filename: 'capture.pcap', mediaType: 'application/vnd.tcpdump.pcap' }), Buffer.alloc(300_000, 1));
    const result = await exportEvidenceBundle(incident.id, testActor(analyst));
    expect(result).toMatchObject({ items: 2, signed: true });

    const bundleRow = await db.evidence.findUniqueOrThrow({ where: { id: result.bundleId } });
    expect(bundleRow).toMatchObject({ kind: 'bundle', sha256: result.sha256, mediaType: 'application/zip' });
    for (const id of [log.id, pcap.id]) {
      const exported = await db.custodyEvent.findFirstOrThrow({ where: { evidenceId: id, action: 'exported' } });
      expect(exported.details).toMatchObject({ bundleId: result.bundleId, bundleSha256: result.sha256 });
    }

    if (!has('unzip')) return;
    const out = await mkdtemp(path.join(os.tmpdir(), 'cordon-bundle-'));
    try {
      await run('unzip', ['-q', diskBlobPath(dir(), result.sha256), '-d', out]);
      const manifest = await readFile(path.join(out, 'manifest.sha256'), 'utf8');
      expect(manifest).toMatch(new RegExp(`^${log.sha256}  artifacts/001-we_ird_na_me\\.log$`, 'm'));
      expect(manifest).toContain(`${pcap.sha256}  artifacts/002-capture.pcap`);
      expect(manifest).toMatch(/ {2}custody\.csv$/m);
      const signature = await readFile(path.join(out, 'manifest.sha256.sig'));
      const publicKey = await readFile(path.join(out, 'signing-key.pub.pem'), 'utf8');
      expect(verifyManifestSignature(Buffer.from(manifest), signature, publicKey)).toBe(true);
      if (has('sha256sum')) {
        const check = await run('sha256sum', ['-c', 'manifest.sha256'], { cwd: out });
        expect(check.stdout).toContain('artifacts/002-capture.pcap: OK');
        await writeFile(path.join(out, 'artifacts/002-capture.pcap'), 'changed');
        await expect(run('sha256sum', ['-c', '--quiet', 'manifest.sha256'], { cwd: out })).rejects.toMatchObject({ stdout: expect.stringContaining('FAILED') as unknown });
      }
      if (has('openssl')) {
        const args = ['pkeyutl', '-verify', '-pubin', '-inkey', 'signing-key.pub.pem', '-rawin', '-in', 'manifest.sha256', '-sigfile', 'manifest.sha256.sig'];
        expect((await run('openssl', args, { cwd: out })).stdout).toContain('Signature Verified Successfully');
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('refuses to export when a blob was tampered with, and raises the alert', async () => {
    const analyst = await createTestUser('analyst');
    const incident = await createTestIncident();
    const item = await storeEvidence(input(incident.id), `secret log ${Date.now()}\n`);
    await tamper(item.sha256);
    await expect(exportEvidenceBundle(incident.id, testActor(analyst))).rejects.toMatchObject({ code: 'conflict' });
    expect(await db.evidence.count({ where: { incidentId: incident.id, kind: 'bundle' } })).toBe(0);
    expect(await db.alert.count({ where: { dedupKey: `evidence-integrity:${item.id}` } })).toBe(1);
  });
});
