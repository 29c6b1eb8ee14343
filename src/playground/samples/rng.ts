/** A small seeded PRNG (mulberry32) with the helpers the sample generators need; same seed, same logs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** A log-normal-ish latency around `median` ms, with a long right tail. */
  latency(median: number, spread = 0.5): number {
    const u1 = Math.max(this.next(), 1e-9);
    const u2 = this.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.round(median * Math.exp(z * spread) * 10) / 10;
  }

  hex(length: number): string {
    let s = "";
    for (let i = 0; i < length; i += 1) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }

  alnum(length: number, alphabet = "bcdfghjklmnpqrstvwxz2456789"): string {
    let s = "";
    for (let i = 0; i < length; i += 1) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }

  uuid4(): string {
    const h = this.hex(32);
    const variant = "89ab"[this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A UUIDv1 whose embedded time is `ms`, with a random clock sequence and node. */
  uuid1(ms: number): string {
    return uuid1At(ms, this.int(0, 0x3fff), this.hex(12));
  }
}

/** Encodes a UUIDv1 for a Unix-ms time (RFC 9562: 100-ns ticks since 1582-10-15). */
export function uuid1At(ms: number, clockSeq: number, nodeHex: string): string {
  const ticks = BigInt(ms) * 10_000n + 0x01b21dd213814000n;
  const low = (ticks & 0xffffffffn).toString(16).padStart(8, "0");
  const mid = ((ticks >> 32n) & 0xffffn).toString(16).padStart(4, "0");
  const high = ((ticks >> 48n) & 0x0fffn).toString(16).padStart(3, "0");
  const seq = ((clockSeq & 0x3fff) | 0x8000).toString(16).padStart(4, "0");
  return `${low}-${mid}-1${high}-${seq}-${nodeHex.padStart(12, "0").slice(0, 12)}`;
}
