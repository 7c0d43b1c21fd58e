import { type Family, type IpAddress, bitsOf, parseAddress } from '../net';

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
  readonly host: IpAddress;
  /** Canonical text of the network: `10.0.0.0/24`. */
  readonly text: string;
}

export const addressValue = (a: IpAddress): bigint => (a.family === 4 ? BigInt(a.value) : a.value);

export function formatValue(family: Family, v: bigint): string {
  if (family === 4) {
    const n = Number(v);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const parts: string[] = [];
  for (let i = 7; i >= 0; i--) parts.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

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
  return {
    family: a.value.family,
    lo,
    hi: lo + size,
    length,
    host: a.value,
    text: `${formatValue(a.value.family, lo)}/${length}`,
  };
}

export const prefixContains = (p: Prefix, a: IpAddress): boolean => {
  if (p.family !== a.family) return false;
  const v = addressValue(a);
  return v >= p.lo && v < p.hi;
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
