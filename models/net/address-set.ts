import {
  type Family,
  type IpAddress,
  type Parsed,
  V4_END,
  V6_END,
  expandValueMask,
  formatIpv4,
  formatIpv6,
  maskLength,
  parseIpv4,
  parseIpv6,
  prefixInterval4,
  prefixInterval6,
} from './address';
import {
  type Intervals,
  complementIntervals,
  intersectIntervals,
  intervalsContain,
  numbersContain,
  intervalsEqual,
  intervalsFrom,
  intervalsSubset,
  subtractIntervals,
  unionIntervals,
} from './intervals';

/** A set of IPv4 and IPv6 addresses, each family as canonical intervals. Immutable. */
export interface AddressSet {
  readonly v4: Intervals<number>;
  readonly v6: Intervals<bigint>;
}

/** Shared empty halves: most sets hold one family, and every rule holds several sets. */
const NO_V4: Intervals<number> = Object.freeze([]);
const NO_V6: Intervals<bigint> = Object.freeze([]);

export const EMPTY_ADDRESSES: AddressSet = Object.freeze({ v4: NO_V4, v6: NO_V6 });
export const ANY_ADDRESS: AddressSet = Object.freeze({ v4: [0, V4_END], v6: [0n, V6_END] });
export const ANY_IPV4: AddressSet = Object.freeze({ v4: [0, V4_END], v6: NO_V6 });
export const ANY_IPV6: AddressSet = Object.freeze({ v4: NO_V4, v6: [0n, V6_END] });

export const addressUnion = (a: AddressSet, b: AddressSet): AddressSet =>
  a === b ? a : { v4: unionIntervals(a.v4, b.v4), v6: unionIntervals(a.v6, b.v6) };
const FULL_V4 = (v: Intervals<number>): boolean => v.length === 2 && v[0] === 0 && v[1] === V4_END;
const FULL_V6 = (v: Intervals<bigint>): boolean => v.length === 2 && v[0] === 0n && v[1] === V6_END;
/** True when `a` holds every address of every family that `b` uses. */
const covers = (a: AddressSet, b: AddressSet): boolean =>
  (b.v4.length === 0 || FULL_V4(a.v4)) && (b.v6.length === 0 || FULL_V6(a.v6));

export const addressIntersect = (a: AddressSet, b: AddressSet): AddressSet =>
  a === b || covers(b, a)
    ? a
    : covers(a, b)
      ? b
      : { v4: intersectIntervals(a.v4, b.v4), v6: intersectIntervals(a.v6, b.v6) };
export const addressSubtract = (a: AddressSet, b: AddressSet): AddressSet => ({
  v4: subtractIntervals(a.v4, b.v4),
  v6: subtractIntervals(a.v6, b.v6),
});
export const addressComplement = (a: AddressSet): AddressSet => ({
  v4: complementIntervals(a.v4, 0, V4_END),
  v6: complementIntervals(a.v6, 0n, V6_END),
});
/** Complement within one family only (iptables `! -s X` in an IPv4 table stays IPv4). */
export const addressComplementIn = (a: AddressSet, family: Family): AddressSet =>
  family === 4
    ? { v4: complementIntervals(a.v4, 0, V4_END), v6: NO_V6 }
    : { v4: NO_V4, v6: complementIntervals(a.v6, 0n, V6_END) };
export const addressIsEmpty = (a: AddressSet): boolean => a.v4.length === 0 && a.v6.length === 0;
export const addressEquals = (a: AddressSet, b: AddressSet): boolean =>
  intervalsEqual(a.v4, b.v4) && intervalsEqual(a.v6, b.v6);
export const addressSubset = (a: AddressSet, b: AddressSet): boolean =>
  intervalsSubset(a.v4, b.v4) && intervalsSubset(a.v6, b.v6);
export const addressContains = (set: AddressSet, a: IpAddress): boolean =>
  a.family === 4 ? numbersContain(set.v4, a.value) : intervalsContain(set.v6, a.value);

/** Loopback addresses (127.0.0.0/8, ::1): only the device itself sends from them. */
export const LOOPBACK: AddressSet = Object.freeze({ v4: [0x7f000000, 0x80000000], v6: [1n, 2n] });

export const addressOf = (a: IpAddress): AddressSet =>
  a.family === 4 ? { v4: [a.value, a.value + 1], v6: NO_V6 } : { v4: NO_V4, v6: [a.value, a.value + 1n] };

export function addressRange(first: IpAddress, last: IpAddress): Parsed<AddressSet> {
  if (first.family !== last.family) return { ok: false, error: 'a range cannot mix IPv4 and IPv6' };
  if (first.value > last.value) return { ok: false, error: 'the range ends before it starts' };
  return {
    ok: true,
    value:
      first.family === 4
        ? { v4: [first.value, (last.value as number) + 1], v6: NO_V6 }
        : { v4: NO_V4, v6: [first.value, (last.value as bigint) + 1n] },
  };
}

export interface ParsedAddressSet {
  readonly set: AddressSet;
  /** Set when a non-contiguous mask was approximated by its covering range. */
  readonly approximate?: boolean;
  /** Set when the address had host bits beyond the prefix (`10.0.0.1/8`). */
  readonly hostBits?: boolean;
}

/**
 * Parses `ADDR`, `ADDR/LEN` or `ADDR/MASK` (any mask, contiguous or not) in either family.
 * Host bits beyond the prefix are ignored, as the kernel and every vendor do.
 */
export function parseAddressSpec(text: string): Parsed<ParsedAddressSet> {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? null : text.slice(slash + 1);
  const v4 = parseIpv4(addrText);
  if (v4 !== null) {
    if (maskText === null) return { ok: true, value: { set: { v4: [v4, v4 + 1], v6: NO_V6 } } };
    if (/^\d{1,2}$/.test(maskText)) {
      const len = Number(maskText);
      if (len > 32) return { ok: false, error: `prefix length /${maskText} is longer than 32` };
      const [lo, hi] = prefixInterval4(v4, len);
      return { ok: true, value: { set: { v4: [lo, hi], v6: NO_V6 }, hostBits: lo !== v4 } };
    }
    const mask = parseIpv4(maskText);
    if (mask === null) return { ok: false, error: `'${maskText}' is not a prefix length or netmask` };
    return { ok: true, value: fromValueMask(BigInt(v4), BigInt(mask), 4) };
  }
  const v6 = parseIpv6(addrText);
  if (v6 !== null) {
    if (maskText === null) return { ok: true, value: { set: { v4: NO_V4, v6: [v6, v6 + 1n] } } };
    if (/^\d{1,3}$/.test(maskText)) {
      const len = Number(maskText);
      if (len > 128) return { ok: false, error: `prefix length /${maskText} is longer than 128` };
      const [lo, hi] = prefixInterval6(v6, len);
      return { ok: true, value: { set: { v4: NO_V4, v6: [lo, hi] }, hostBits: lo !== v6 } };
    }
    const mask = parseIpv6(maskText);
    if (mask === null) return { ok: false, error: `'${maskText}' is not a prefix length or netmask` };
    return { ok: true, value: fromValueMask(v6, mask, 6) };
  }
  return { ok: false, error: `'${addrText}' is not an IPv4 or IPv6 address` };
}

/** Addresses matching `value` under `mask` (1 bits compared). IOS wildcards pass `~wildcard`. */
export function fromValueMask(value: bigint, mask: bigint, family: Family): ParsedAddressSet {
  const len = maskLength(mask, family);
  const { intervals, approximate } = expandValueMask(value, mask, family);
  const hostBits = len !== null && (value & mask) !== value;
  if (family === 4) {
    const v4 = intervalsFrom(intervals.map(([lo, hi]) => [Number(lo), Number(hi)] as [number, number]));
    return { set: { v4, v6: NO_V6 }, approximate, hostBits };
  }
  return { set: { v4: NO_V4, v6: intervalsFrom(intervals) }, approximate, hostBits };
}

/** The set as a minimal list of CIDR prefixes (for display and exports). */
export function toCidrs(set: AddressSet): string[] {
  const out: string[] = [];
  for (let i = 0; i < set.v4.length; i += 2) {
    for (const [lo, len] of splitIntoPrefixes(BigInt(set.v4[i]!), BigInt(set.v4[i + 1]!), 32)) {
      out.push(`${formatIpv4(Number(lo))}/${len}`);
    }
  }
  for (let i = 0; i < set.v6.length; i += 2) {
    for (const [lo, len] of splitIntoPrefixes(set.v6[i]!, set.v6[i + 1]!, 128))
      out.push(`${formatIpv6(lo)}/${len}`);
  }
  return out;
}

function* splitIntoPrefixes(lo: bigint, hi: bigint, bits: number): Generator<[bigint, number]> {
  while (lo < hi) {
    let size = 1n;
    let len = bits;
    while (len > 0 && lo % (size * 2n) === 0n && lo + size * 2n <= hi) {
      size *= 2n;
      len--;
    }
    yield [lo, len];
    lo += size;
  }
}

/** A compact human form: `any`, `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, joined by commas. */
export function formatAddressSet(set: AddressSet): string {
  if (addressEquals(set, ANY_ADDRESS)) return 'any';
  if (addressEquals(set, ANY_IPV4)) return 'any4';
  if (addressEquals(set, ANY_IPV6)) return 'any6';
  if (addressIsEmpty(set)) return 'none';
  const parts: string[] = [];
  const push = (lo: bigint, hi: bigint, bits: number, fmt: (v: bigint) => string): void => {
    const prefixes = [...splitIntoPrefixes(lo, hi, bits)];
    if (prefixes.length <= 2) {
      for (const [p, len] of prefixes) parts.push(len === bits ? fmt(p) : `${fmt(p)}/${len}`);
    } else {
      parts.push(`${fmt(lo)}-${fmt(hi - 1n)}`);
    }
  };
  for (let i = 0; i < set.v4.length; i += 2)
    push(BigInt(set.v4[i]!), BigInt(set.v4[i + 1]!), 32, (v) => formatIpv4(Number(v)));
  for (let i = 0; i < set.v6.length; i += 2) push(set.v6[i]!, set.v6[i + 1]!, 128, formatIpv6);
  return parts.join(', ');
}
