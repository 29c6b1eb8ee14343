/** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch, per RFC 9562. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** KSUID timestamps count seconds from 2014-05-13T16:53:20Z. */
const KSUID_EPOCH_SECONDS = 1_400_000_000;
const KSUID_MAX = (1n << 160n) - 1n;

/**
 * Decodes the Unix milliseconds a time-based UUID carries: v1 and v6 (60-bit count of 100 ns since 1582,
 * laid out differently) and v7 (48-bit Unix ms). Returns undefined for other versions or malformed input.
 */
export function decodeUuidTime(uuid: string): number | undefined {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
  const version = hex[12];
  if (version === "7") return Number.parseInt(hex.slice(0, 12), 16);
  let ticks: bigint;
  if (version === "1") {
    const low = BigInt(`0x${hex.slice(0, 8)}`);
    const mid = BigInt(`0x${hex.slice(8, 12)}`);
    const high = BigInt(`0x${hex.slice(13, 16)}`);
    ticks = (high << 48n) | (mid << 32n) | low;
  } else if (version === "6") {
    ticks = (BigInt(`0x${hex.slice(0, 12)}`) << 12n) | BigInt(`0x${hex.slice(13, 16)}`);
  } else {
    return undefined;
  }
  return Number((ticks - GREGORIAN_OFFSET) / 10_000n);
}

/** Decodes the 48-bit Unix milliseconds in the first 10 Crockford base-32 characters of a ULID. */
export function decodeUlidTime(ulid: string): number | undefined {
  let ms = 0;
  for (const c of ulid.slice(0, 10).toUpperCase()) {
    const v = CROCKFORD.indexOf(c);
    if (v < 0) return undefined;
    ms = ms * 32 + v;
  }
  return ulid.length === 26 ? ms : undefined;
}

/**
 * Decodes the Unix milliseconds of a KSUID: 27 base-62 characters encoding 20 bytes, the first 4 being
 * seconds since the KSUID epoch. Returns undefined when the text is longer than 160 bits (so not a KSUID).
 */
export function decodeKsuidTime(ksuid: string): number | undefined {
  if (ksuid.length !== 27) return undefined;
  let n = 0n;
  for (const c of ksuid) {
    const v = BASE62.indexOf(c);
    if (v < 0) return undefined;
    n = n * 62n + BigInt(v);
  }
  if (n > KSUID_MAX) return undefined;
  const seconds = Number(n >> 128n);
  return (seconds + KSUID_EPOCH_SECONDS) * 1000;
}
