import ipaddr from 'ipaddr.js';

/** An IPv4 address is a `number` in [0, 2^32); an IPv6 address a `bigint` in [0, 2^128). */
export type IpAddress =
  { readonly family: 4; readonly value: number } | { readonly family: 6; readonly value: bigint };
export type Family = 4 | 6;

export const V4_END = 2 ** 32;
export const V6_END = 1n << 128n;

/** A result that never throws on user input. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Strict dotted-quad IPv4 (no octal, no short forms): the fast path of every importer. */
export function parseIpv4(text: string): number | null {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return null;
  let v = 0;
  for (let k = 1; k <= 4; k++) {
    const part = m[k]!;
    if (part.length > 1 && part[0] === '0') return null;
    const octet = Number(part);
    if (octet > 255) return null;
    v = v * 256 + octet;
  }
  return v;
}

export function parseIpv6(text: string): bigint | null {
  if (!text.includes(':') || !ipaddr.IPv6.isValid(text)) return null;
  // ipaddr.js reads an embedded IPv4 tail leniently (`::ffff:010.0.0.1`, `::ffff:0x1.2.3.4`); hold it
  // to the same strict dotted quad as a plain IPv4 address.
  const addr = text.split('%')[0]!;
  if (addr.includes('.') && parseIpv4(addr.slice(addr.lastIndexOf(':') + 1)) === null) return null;
  try {
    const bytes = ipaddr.IPv6.parse(text).toByteArray();
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    return v;
  } catch {
    return null;
  }
}

export function parseAddress(text: string): Parsed<IpAddress> {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { ok: true, value: { family: 4, value: v4 } };
  const v6 = parseIpv6(text);
  if (v6 !== null) return { ok: true, value: { family: 6, value: v6 } };
  return fail(`'${text}' is not an IPv4 or IPv6 address`);
}

export function formatIpv4(v: number): string {
  return `${Math.floor(v / 16777216)}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

export function formatIpv6(v: bigint): string {
  const bytes: number[] = [];
  for (let shift = 120n; shift >= 0n; shift -= 8n) bytes.push(Number((v >> shift) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export function formatAddress(a: IpAddress): string {
  return a.family === 4 ? formatIpv4(a.value) : formatIpv6(a.value);
}

export const bitsOf = (family: Family): number => (family === 4 ? 32 : 128);

/** `[lo, hi)` of a prefix of the given length containing `value` (host bits are ignored). */
export function prefixInterval4(value: number, len: number): [number, number] {
  const size = 2 ** (32 - len);
  const lo = value - (value % size);
  return [lo, lo + size];
}

export function prefixInterval6(value: bigint, len: number): [bigint, bigint] {
  const size = 1n << BigInt(128 - len);
  const lo = value - (value % size);
  return [lo, lo + size];
}

/** Length of a contiguous netmask (`255.255.255.0` -> 24), or null when the mask has holes. */
export function maskLength(mask: bigint, family: Family): number | null {
  const bits = bitsOf(family);
  let len = 0;
  while (len < bits && ((mask >> BigInt(bits - 1 - len)) & 1n) === 1n) len++;
  const expected = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return expected === mask ? len : null;
}

/** The most blocks a value/mask pair may expand into before it is approximated. */
export const MAX_MASK_BLOCKS = 4096;

export interface MaskExpansion<T> {
  readonly intervals: Array<[T, T]>;
  /** True when the mask had too many holes and the result is the covering range instead. */
  readonly approximate: boolean;
}

/**
 * All addresses `a` with `(a & care) == (value & care)`: the meaning of an iptables
 * `addr/mask` with any mask, and of an IOS wildcard (`care = ~wildcard`). Non-contiguous
 * masks expand to one interval per combination of the "don't care" bits above the lowest
 * contiguous run; beyond MAX_MASK_BLOCKS the covering range is returned, marked approximate.
 */
export function expandValueMask(value: bigint, care: bigint, family: Family): MaskExpansion<bigint> {
  const bits = bitsOf(family);
  const all = (1n << BigInt(bits)) - 1n;
  care &= all;
  const base = value & care;
  let t = 0;
  while (t < bits && ((care >> BigInt(t)) & 1n) === 0n) t++;
  const block = 1n << BigInt(t);
  const free: bigint[] = [];
  for (let b = t; b < bits; b++) if (((care >> BigInt(b)) & 1n) === 0n) free.push(1n << BigInt(b));
  if (free.length === 0) return { intervals: [[base, base + block]], approximate: false };
  if (free.length > Math.log2(MAX_MASK_BLOCKS)) {
    const hi = base | (~care & all);
    return { intervals: [[base, hi + 1n]], approximate: true };
  }
  const intervals: Array<[bigint, bigint]> = [];
  for (let n = 0; n < 1 << free.length; n++) {
    let lo = base;
    for (let k = 0; k < free.length; k++) if ((n >> k) & 1) lo |= free[k]!;
    intervals.push([lo, lo + block]);
  }
  return { intervals, approximate: false };
}
