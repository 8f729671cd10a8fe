import { describe, expect, it } from 'vitest';
import { findSecretsInLogs } from './log-secrets';

describe('[SECURITY] the log scan of the end-to-end run', () => {
  const known = [{ name: 'CORDON_SECRET', value: 'S3cr3t-value-of-the-run-0123456789' }];
  const line = (fields: object) => JSON.stringify({ level: 30, time: '2026-11-23T20:00:00Z', service: 'cordon', ...fields });

  it('passes redacted JSON logs', () => {
    const logs = [
      line({ msg: 'request', headers: { authorization: '[Redacted]', cookie: '[Redacted]' } }),
      line({ msg: 'ingest token created', prefix: 'cordon_fal_AbC' }),
      line({ msg: 'user created', password: '[Redacted]' }),
    ].join('\n');
    expect(findSecretsInLogs(logs, known)).toEqual([]);
  });

  it('names each kind of leak without printing it', () => {
    expect(findSecretsInLogs(line({ msg: `secret is ${known[0]!.value}` }), known)).toEqual(['CORDON_SECRET']);
    expect(findSecretsInLogs(line({ token: 'cordon_fal_0123456789abcdefghijABCDEFGHIJ_-xy' }), known)).toEqual(['an ingest token']);
    expect(findSecretsInLogs(line({ cookie: 'better-auth.session_token=abcdefghijklmnopqrstuvwxyz.sig' }), known)).toEqual(['a session cookie']);
    expect(findSecretsInLogs(line({ authorization: 'Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6' }), known)).toEqual(['a bearer credential']);
    expect(findSecretsInLogs(line({ password: 'hunter2hunter2' }), known)).toEqual(['a password field with a value']);
  });
});
