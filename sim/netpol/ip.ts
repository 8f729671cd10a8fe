/** IPv4 helpers for NetworkPolicy ipBlocks and the simulator's address plan (IPv6 is out of scope). */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, prefixText] = text.split('/');
  if (ip === undefined || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const base = parseIPv4(ip);
  const prefix = Number(prefixText);
  if (base === undefined || prefix > 32) return undefined;
  return { base: networkOf(base, prefix), prefix };
}

function networkOf(ip: number, prefix: number): number {
  if (prefix === 0) return 0;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) * size;
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return networkOf(ip, cidr.prefix) === cidr.base;
}

/** True if `inner` is a strict subset of `outer` (NetworkPolicy `except` must be). */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix > outer.prefix && cidrContains(outer, inner.base);
}

export function isIPv6Cidr(text: string): boolean {
  return /^[0-9a-fA-F:]+\/\d{1,3}$/.test(text) && text.includes(':');
}
