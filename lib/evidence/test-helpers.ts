// For evidence tests: a temporary evidence folder per test file.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { resetEnvCache } from '../env';

export function useEvidenceDir(): () => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cordon-evidence-test-'));
    process.env.CORDON_EVIDENCE_DIR = dir;
    resetEnvCache();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
