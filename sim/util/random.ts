/**
 * Deterministic pseudo-random numbers (mulberry32) so that a seed replays the same cluster,
 * the same traffic and the same attack. Never used for secrets.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    if (this.state === 0) this.state = 0x9e3779b9;
  }

  /** Float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Lowercase alphanumeric string, like the suffixes Kubernetes generates. */
  suffix(length: number, alphabet = 'bcdfghjklmnpqrstvwxz2456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A child generator whose sequence depends only on this seed and the label. */
  fork(label: string): SeededRandom {
    return new SeededRandom(hashString(`${this.state}:${label}`));
  }
}

/** FNV-1a 32-bit: stable hashes for names (pod-template-hash, identities). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Encodes a hash the way Kubernetes does for pod-template-hash (no vowels, no ambiguous chars). */
export function safeEncodeHash(text: string, length = 10): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let value = hashString(text);
  let second = hashString(`salt:${text}`);
  let out = '';
  for (let i = 0; i < length; i++) {
    const source = i % 2 === 0 ? value : second;
    out += alphabet[source % alphabet.length];
    if (i % 2 === 0) value = Math.floor(value / alphabet.length) || hashString(out);
    else second = Math.floor(second / alphabet.length) || hashString(`${out}!`);
  }
  return out;
}
