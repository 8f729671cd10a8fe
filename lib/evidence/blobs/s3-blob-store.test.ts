// The S3 backend at the request level: a loopback HTTP server stands in for the bucket and records
// what the real AWS SDK sends (no S3-compatible server is available to the tests).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageBlob } from './blob-store';
import { createS3BlobStore } from './s3-blob-store';

interface Recorded { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }

describe('[EVIDENCE] S3 blob store requests', () => {
  const requests: Recorded[] = [];
  const objects = new Map<string, Buffer>();
  let server: http.Server;
  let endpoint = '';
  let staging = '';

  beforeAll(async () => {
    staging = await mkdtemp(path.join(os.tmpdir(), 'cordon-s3-test-'));
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const key = (req.url ?? '').split('?')[0] ?? '';
        const object = objects.get(key);
        if (req.method === 'HEAD' || req.method === 'GET') {
          if (!object) {
            res.writeHead(404, { 'content-type': 'application/xml' });
            res.end(req.method === 'GET' ? '<Error><Code>NoSuchKey</Code><Message>no</Message></Error>' : undefined);
            return;
          }
          res.writeHead(200, { 'content-length': object.length, etag: '"x"' });
          res.end(req.method === 'GET' ? object : undefined);
          return;
        }
        if (req.method === 'PUT') {
          if (object && req.headers['if-none-match'] === '*') {
            res.writeHead(412, { 'content-type': 'application/xml' });
            res.end('<Error><Code>PreconditionFailed</Code><Message>exists</Message></Error>');
            return;
          }
          objects.set(key, body);
          res.writeHead(200, { etag: '"x"' });
          res.end();
          return;
        }
        res.writeHead(400);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(staging, { recursive: true, force: true });
  });

  it('puts once with checksum, conditional write and Object Lock retention, then reads it back', async () => {
    const store = createS3BlobStore({
      bucket: 'evidence-bucket',
      region: 'eu-west-1',
      endpoint,
      prefix: 'cordon/',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-real-secret' },
      objectLock: 'compliance',
      retentionDays: 30,
      stagingDir: staging,
    });
    const content = 'kubectl get pod web -o yaml\n';
    const digest = createHash('sha256').update(content).digest('hex');
    const staged = await stageBlob(content, staging);
    expect(await store.put(staged)).toEqual({ created: true });

    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.url.split('?')[0]).toBe(`/evidence-bucket/cordon/${digest}`);
    expect(put?.body.toString()).toBe(content);
    expect(put?.headers).toMatchObject({
      'if-none-match': '*',
      'x-amz-checksum-sha256': Buffer.from(digest, 'hex').toString('base64'),
      'x-amz-object-lock-mode': 'COMPLIANCE',
      'content-length': String(content.length),
    });
    const until = new Date(String(put?.headers['x-amz-object-lock-retain-until-date']));
    expect(Math.round((until.getTime() - Date.now()) / 86_400_000)).toBe(30);
    expect(String(put?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/s3\/aws4_request/);
    expect(JSON.stringify(requests)).not.toContain('not-a-real-secret');

    // Never overwritten: the second put of the same content only asks whether it exists.
    requests.length = 0;
    expect(await store.put(await stageBlob(content, staging))).toEqual({ created: false });
    expect(requests.map((r) => r.method)).toEqual(['HEAD']);

    expect(await store.stat(digest)).toEqual({ size: content.length });
    const stream = await store.get(digest);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(content);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.exists('0'.repeat(64))).toBe(false);
  });
});
