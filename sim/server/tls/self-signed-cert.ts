import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, bool, explicit, integer, octetString, oid, sequence, set, tlv, time, utf8 } from './der.js';

export interface ServingCertificate {
  keyPem: string;
  certPem: string;
}

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const expanded = ip.includes('::') ? expandIPv6(ip) : ip.split(':');
  return Buffer.from(expanded.flatMap((h) => [parseInt(h, 16) >> 8, parseInt(h, 16) & 0xff]));
}

function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('::') as [string, string];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}

/**
 * A fresh self-signed serving certificate (EC P-256, CA:true so it can be its own trust anchor)
 * for the simulator's HTTPS side: kubectl only sends bearer tokens over TLS.
 */
export function createServingCertificate(hosts: string[]): ServingCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8('cordon-sim'))), set(sequence(oid('2.5.4.10'), utf8('Cordon cluster simulator'))));
  const now = Date.now();
  const altNames = Buffer.concat(
    [...new Set(hosts)].map((h) => (isIP(h) ? tlv(0x87, ipBytes(h)) : tlv(0x82, Buffer.from(h, 'ascii')))),
  );
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  const extensions = sequence(
    sequence(oid('2.5.29.19'), bool(true), octetString(sequence(bool(true)))),
    // digitalSignature | keyCertSign
    sequence(oid('2.5.29.15'), bool(true), octetString(bitString(Buffer.from([0x84]), 2))),
    sequence(oid('2.5.29.37'), octetString(sequence(oid('1.3.6.1.5.5.7.3.1')))),
    sequence(oid('2.5.29.17'), octetString(sequence(altNames))),
  );
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    sequence(oid(ECDSA_SHA256)),
    name,
    sequence(time(new Date(now - 3600_000)), time(new Date(now + 5 * 365 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, sequence(oid(ECDSA_SHA256)), bitString(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem };
}
