import { type Family, type IpAddress, bitsOf, formatIpv4, formatIpv6, parseAddress } from '../net';

/**
 * An address prefix in either family, as a half-open interval of bigints (IPv4 values are
 * widened), with the host address it was written with (`10.0.0.1/24` keeps 10.0.0.1).
 */
export interface Prefix {
  readonly family: Family;
  readonly lo: bigint;
  /** Exclusive. */
  readonly hi: bigint;
  readonly length: number;
  /**
   * For IPv4, the same interval as plain numbers: routing tests a prefix against an address for
   * every route of every device on every trace, and BigInt conversions dominated that (-1 for
   * IPv6).
   */
  readonly lo4: number;
  readonly hi4: number;
  readonly host: IpAddress;
  /** Canonical text of the network: `10.0.0.0/24`. */
  readonly text: string;
}

export const addressValue = (a: IpAddress): bigint => (a.family === 4 ? BigInt(a.value) : a.value);

/** Parses `ADDR/LEN` (or a bare address as a host prefix); null when malformed. */
export function parsePrefix(text: string): Prefix | null {
  const slash = text.indexOf('/');
  const a = parseAddress(slash < 0 ? text.trim() : text.slice(0, slash).trim());
  if (!a.ok) return null;
  const bits = bitsOf(a.value.family);
  const lenText = slash < 0 ? String(bits) : text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const length = Number(lenText);
  if (length > bits) return null;
  const v = addressValue(a.value);
  const size = 1n << BigInt(bits - length);
  const lo = (v / size) * size;
  const v4 = a.value.family === 4;
  return {
    family: a.value.family,
    lo,
    hi: lo + size,
    length,
    lo4: v4 ? Number(lo) : -1,
    hi4: v4 ? Number(lo + size) : -1,
    host: a.value,
    text: `${a.value.family === 4 ? formatIpv4(Number(lo)) : formatIpv6(lo)}/${length}`,
  };
}

export const prefixContains = (p: Prefix, a: IpAddress): boolean => {
  if (p.family !== a.family) return false;
  if (a.family === 4) return a.value >= p.lo4 && a.value < p.hi4;
  return a.value >= p.lo && a.value < p.hi;
};

/** The most specific prefix containing the address, or undefined. */
export function longestMatch<T extends { readonly prefix: Prefix }>(
  items: readonly T[],
  a: IpAddress,
): T | undefined {
  let best: T | undefined;
  for (const it of items) {
    if (prefixContains(it.prefix, a) && (best === undefined || it.prefix.length > best.prefix.length))
      best = it;
  }
  return best;
}
