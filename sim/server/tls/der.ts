/** A minimal ASN.1 DER encoder: enough to build one X.509 certificate. */
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

export const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
export const octetString = (value: Buffer) => tlv(0x04, value);
export const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
export const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
export const explicit = (tag: number, value: Buffer) => tlv(0xa0 | tag, value);
export const bitString = (value: Buffer, unusedBits = 0) => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));

/** A non-negative INTEGER from big-endian bytes. */
export function integer(bytes: Buffer | number): Buffer {
  let buf = typeof bytes === 'number' ? Buffer.from([bytes]) : bytes;
  while (buf.length > 1 && buf[0] === 0 && ((buf[1] as number) & 0x80) === 0) buf = buf.subarray(1);
  if (((buf[0] as number) & 0x80) !== 0) buf = Buffer.concat([Buffer.from([0]), buf]);
  return tlv(0x02, buf);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * (arcs[0] as number) + (arcs[1] as number)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] as number) | 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  if (date.getUTCFullYear() < 2050) return tlv(0x17, Buffer.from(`${iso.slice(2)}Z`));
  return tlv(0x18, Buffer.from(`${iso}Z`));
}
