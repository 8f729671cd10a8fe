import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createServingCertificate } from './self-signed-cert.js';

describe('[SIM] serving certificate', () => {
  it('is a valid self-signed CA certificate for the loopback names', () => {
    const { certPem } = createServingCertificate(['127.0.0.1', 'localhost', '::1']);
    const cert = new X509Certificate(certPem);
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
