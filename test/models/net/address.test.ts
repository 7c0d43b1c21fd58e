import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AddressSet,
  MAX_MASK_BLOCKS,
  V4_END,
  V6_END,
  addressContains,
  expandValueMask,
  formatIpv4,
  formatIpv6,
  fromValueMask,
  maskLength,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
  parseIpv6,
  prefixInterval4,
  prefixInterval6,
} from '../../../models/net';

const ALL6 = V6_END - 1n;
const spec = (text: string): { set: AddressSet; approximate?: boolean; hostBits?: boolean } => {
  const p = parseAddressSpec(text);
  if (!p.ok) throw new Error(`${text}: ${p.error}`);
  return p.value;
};
const has4 = (s: AddressSet, ip: string): boolean => addressContains(s, { family: 4, value: parseIpv4(ip)! });
const has6 = (s: AddressSet, ip: string): boolean => addressContains(s, { family: 6, value: parseIpv6(ip)! });

describe('IPv4 address text', () => {
  it('parses the extremes 0.0.0.0 and 255.255.255.255', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(V4_END - 1);
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
  });

  it.each([
    '010.0.0.1',
    '10.0.0.01',
    '256.0.0.1',
    '1.2.3.256',
    '1.2.3',
    '1.2.3.4.5',
    '',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1..3.4',
    '0x1.2.3.4',
    '-1.2.3.4',
    '1.2.3.4/32',
  ])('rejects %j', (text) => {
    expect(parseIpv4(text)).toBeNull();
    expect(parseAddress(text).ok).toBe(false);
  });

  it('formats and parses back every address', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: V4_END - 1 }), fc.constantFrom(0, 1, 255, 256, V4_END - 1)),
        (v) => {
          expect(parseIpv4(formatIpv4(v))).toBe(v);
        },
      ),
    );
    expect(formatIpv4(0)).toBe('0.0.0.0');
    expect(formatIpv4(V4_END - 1)).toBe('255.255.255.255');
  });
});

describe('IPv6 address text', () => {
  it('parses ::, ffff::, all-ones and mixed forms', () => {
    expect(parseIpv6('::')).toBe(0n);
    expect(parseIpv6('::1')).toBe(1n);
    expect(parseIpv6('ffff::')).toBe(0xffffn << 112n);
    expect(parseIpv6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(ALL6);
    expect(parseIpv6('::ffff:1.2.3.4')).toBe(0xffff01020304n);
    expect(parseIpv6('64:ff9b::192.0.2.33')).toBe((0x64ff9bn << 96n) | 0xc0000221n);
  });

  it('reads compressed, expanded and upper-case spellings as the same address', () => {
    const v = parseIpv6('2001:db8::1');
    expect(v).toBe((0x20010db8n << 96n) | 1n);
    expect(parseIpv6('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(v);
    expect(parseIpv6('2001:DB8:0:0::1')).toBe(v);
    expect(parseIpv6('2001:db8:0:0:0:0:0.0.0.1')).toBe(v);
  });

  it.each([
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    'gggg::',
    '12345::',
    '1:2:3:4:5:6:7',
    '::ffff:256.0.0.1',
    '::ffff:1.2.3',
    '::ffff:010.0.0.1',
    '::ffff:0x1.2.3.4',
    '::ffff:1.2.3.04',
    '[::1]',
    '::1 ',
    '1:2:3:4:5:6:1.2.3',
  ])('rejects %j', (text) => {
    expect(parseIpv6(text)).toBeNull();
    expect(parseAddress(text).ok).toBe(false);
  });

  it('formats in the RFC 5952 canonical form', () => {
    expect(formatIpv6(0n)).toBe('::');
    expect(formatIpv6(1n)).toBe('::1');
    expect(formatIpv6(0xffffn << 112n)).toBe('ffff::');
    expect(formatIpv6(ALL6)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(formatIpv6(parseIpv6('1:0:0:1:0:0:0:1')!)).toBe('1:0:0:1::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
  });

  it('formats and parses back every address', () => {
    const v6 = fc.oneof(
      fc.bigInt({ min: 0n, max: ALL6 }),
      fc.constantFrom(0n, 1n, ALL6, 0xffffn << 112n, 0xffff00000000n),
      fc
        .array(fc.constantFrom<bigint>(0n, 1n, 0xffffn), { minLength: 8, maxLength: 8 })
        .map((gs) => gs.reduce((acc, g) => (acc << 16n) | g, 0n)),
    );
    fc.assert(
      fc.property(v6, (v) => {
        expect(parseIpv6(formatIpv6(v))).toBe(v);
        const r = parseAddress(formatIpv6(v));
        expect(r).toEqual({ ok: true, value: { family: 6, value: v } });
      }),
    );
  });
});

describe('prefixes', () => {
  it('covers the whole family at /0 and one address at /32 and /128', () => {
    expect(spec('0.0.0.0/0')).toEqual({ set: { v4: [0, V4_END], v6: [] }, hostBits: false });
    expect(spec('255.255.255.255/32')).toEqual({
      set: { v4: [V4_END - 1, V4_END], v6: [] },
      hostBits: false,
    });
    expect(spec('0.0.0.0/32').set).toEqual({ v4: [0, 1], v6: [] });
    expect(spec('::/0')).toEqual({ set: { v4: [], v6: [0n, V6_END] }, hostBits: false });
    expect(spec('::/128').set).toEqual({ v4: [], v6: [0n, 1n] });
    expect(spec('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128').set).toEqual({ v4: [], v6: [ALL6, V6_END] });
    expect(spec('ffff::/16').set).toEqual({ v4: [], v6: [0xffffn << 112n, V6_END] });
  });

  it('parses a bare address as a single host without flags', () => {
    expect(spec('10.0.0.1')).toEqual({ set: { v4: [0x0a000001, 0x0a000002], v6: [] } });
    expect(spec('::ffff:1.2.3.4')).toEqual({ set: { v4: [], v6: [0xffff01020304n, 0xffff01020305n] } });
  });

  it('ignores but flags host bits beyond the prefix', () => {
    const p = spec('10.0.0.1/8');
    expect(p.hostBits).toBe(true);
    expect(p.set).toEqual(spec('10.0.0.0/8').set);
    expect(spec('1.2.3.4/0')).toEqual({ set: { v4: [0, V4_END], v6: [] }, hostBits: true });
    expect(spec('2001:db8::1/32').hostBits).toBe(true);
    expect(spec('2001:db8::1/32').set).toEqual(spec('2001:db8::/32').set);
    expect(spec('10.0.0.1/255.255.255.0').hostBits).toBe(true);
    expect(spec('10.0.0.0/255.255.255.0').hostBits).toBe(false);
  });

  it('includes both ends of a prefix and excludes the neighbours', () => {
    const s = spec('192.168.4.0/22').set;
    expect(has4(s, '192.168.3.255')).toBe(false);
    expect(has4(s, '192.168.4.0')).toBe(true);
    expect(has4(s, '192.168.7.255')).toBe(true);
    expect(has4(s, '192.168.8.0')).toBe(false);
    const s6 = spec('2001:db8::/127').set;
    expect(has6(s6, '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(false);
    expect(has6(s6, '2001:db8::')).toBe(true);
    expect(has6(s6, '2001:db8::1')).toBe(true);
    expect(has6(s6, '2001:db8::2')).toBe(false);
  });

  it('computes prefix intervals at the extremes', () => {
    expect(prefixInterval4(V4_END - 1, 0)).toEqual([0, V4_END]);
    expect(prefixInterval4(V4_END - 1, 32)).toEqual([V4_END - 1, V4_END]);
    expect(prefixInterval4(V4_END - 1, 1)).toEqual([2 ** 31, V4_END]);
    expect(prefixInterval6(ALL6, 0)).toEqual([0n, V6_END]);
    expect(prefixInterval6(ALL6, 128)).toEqual([ALL6, V6_END]);
    expect(prefixInterval6(ALL6, 1)).toEqual([1n << 127n, V6_END]);
  });
});

describe('netmasks, contiguous and not', () => {
  it('treats a contiguous netmask as its prefix length', () => {
    expect(spec('10.0.0.0/255.255.255.0').set).toEqual(spec('10.0.0.0/24').set);
    expect(spec('10.0.0.0/0.0.0.0').set).toEqual(spec('0.0.0.0/0').set);
    expect(spec('10.0.0.7/255.255.255.255').set).toEqual(spec('10.0.0.7').set);
    expect(spec('2001:db8::/ffff:ffff::').set).toEqual(spec('2001:db8::/32').set);
    expect(maskLength(0xffffff00n, 4)).toBe(24);
    expect(maskLength(0n, 4)).toBe(0);
    expect(maskLength(0xffffffffn, 4)).toBe(32);
    expect(maskLength(ALL6, 6)).toBe(128);
    expect(maskLength(0xff00ff00n, 4)).toBeNull();
    expect(maskLength(1n, 4)).toBeNull();
  });

  it('matches a non-contiguous mask bit for bit: 10.0.0.0/255.0.255.0', () => {
    const p = spec('10.0.0.0/255.0.255.0');
    expect(p.approximate).toBe(false);
    expect(has4(p.set, '10.5.0.7')).toBe(true);
    expect(has4(p.set, '10.255.0.255')).toBe(true);
    expect(has4(p.set, '10.5.1.7')).toBe(false);
    expect(has4(p.set, '11.5.0.7')).toBe(false);
    expect(p.set.v4.length).toBe(2 * 256);
  });

  it('agrees with (a & mask) == (value & mask) for random IPv4 values and masks with few holes', () => {
    const mask = fc
      .tuple(fc.integer({ min: 0, max: 32 }), fc.array(fc.integer({ min: 0, max: 31 }), { maxLength: 14 }))
      .map(([len, flips]) =>
        flips.reduce((m, b) => (m ^ (1 << b)) >>> 0, len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0),
      );
    const u32 = fc.integer({ min: 0, max: V4_END - 1 });
    fc.assert(
      fc.property(u32, mask, u32, fc.array(u32, { maxLength: 8 }), (value, m, noise, others) => {
        const p = spec(`${formatIpv4(value)}/${formatIpv4(m)}`);
        const naive = (a: number): boolean => (a & m) >>> 0 === (value & m) >>> 0;
        const member = (((value & m) | (noise & ~m)) >>> 0) as number;
        // A member is always in the set, exact or approximate (reachability must not be lost).
        for (const a of [member, (value & m) >>> 0, ((value & m) | ~m) >>> 0])
          expect(addressContains(p.set, { family: 4, value: a })).toBe(true);
        if (p.approximate) {
          expect(p.set.v4.length).toBe(2);
          return;
        }
        for (const a of [member - 1, member + 1, ...others, value ^ 1, value ^ 0x100].filter(
          (a) => a >= 0 && a < V4_END,
        )) {
          expect(addressContains(p.set, { family: 4, value: a })).toBe(naive(a));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the bitwise rule for IPv6 value/mask pairs', () => {
    const mask = fc
      .tuple(fc.integer({ min: 0, max: 128 }), fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 14 }))
      .map(([len, flips]) =>
        flips.reduce((m, b) => m ^ (1n << BigInt(b)), len === 0 ? 0n : (ALL6 << BigInt(128 - len)) & ALL6),
      );
    const u128 = fc.bigInt({ min: 0n, max: ALL6 });
    fc.assert(
      fc.property(u128, mask, u128, u128, (value, m, noise, other) => {
        const p = spec(`${formatIpv6(value)}/${formatIpv6(m)}`);
        expect(p).toEqual(fromValueMask(value, m, 6));
        const member = (value & m) | (noise & ~m & ALL6);
        expect(addressContains(p.set, { family: 6, value: member })).toBe(true);
        if (p.approximate) return;
        for (const a of [member - 1n, member + 1n, other, value ^ 1n].filter((a) => a >= 0n && a <= ALL6)) {
          expect(addressContains(p.set, { family: 6, value: a })).toBe((a & m) === (value & m));
        }
      }),
      { numRuns: 200 },
    );
  });

  it(`expands up to log2(${MAX_MASK_BLOCKS}) holes exactly and approximates beyond`, () => {
    // 255.0.15.0: holes at bits 12..23 (12 of them) above the lowest care bit 8.
    const exact = spec('10.0.0.0/255.0.15.0');
    expect(exact.approximate).toBe(false);
    expect(exact.set.v4.length).toBe(2 * MAX_MASK_BLOCKS);
    // 255.0.7.0: 13 holes -> the covering range, flagged.
    const approx = spec('10.0.0.0/255.0.7.0');
    expect(approx.approximate).toBe(true);
    expect(approx.set.v4).toEqual([parseIpv4('10.0.0.0'), parseIpv4('10.255.248.255')! + 1]);
    expect(has4(approx.set, '10.0.1.0')).toBe(true); // 1 & 7 != 0: not a true member, over-approximated
    expect(expandValueMask(0x0a000001n, 0xff0000ffn, 4)).toEqual({
      intervals: [[0x0a000001n, 0x0affff02n]],
      approximate: true,
    });
    expect(spec('::/ffff:0:ffff::').approximate).toBe(true);
  });
});

describe('invalid address specs', () => {
  it.each([
    ['010.0.0.1', 'not an IPv4 or IPv6 address'],
    ['256.0.0.1', 'not an IPv4 or IPv6 address'],
    ['1.2.3', 'not an IPv4 or IPv6 address'],
    ['10.0.0.0/33', 'longer than 32'],
    ['::/129', 'longer than 128'],
    ['10.0.0.0/', 'not a prefix length or netmask'],
    ['10.0.0.0/abc', 'not a prefix length or netmask'],
    ['10.0.0.0/255.255.255.256', 'not a prefix length or netmask'],
    ['10.0.0.0/8/8', 'not a prefix length or netmask'],
    ['2001:db8::/1.2.3.4', 'not a prefix length or netmask'],
    ['10.0.0.0/ffff::', 'not a prefix length or netmask'],
    ['host.example.com', 'not an IPv4 or IPv6 address'],
    ['', 'not an IPv4 or IPv6 address'],
  ])('returns an error for %j', (text, message) => {
    const p = parseAddressSpec(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toContain(message);
  });

  it('never throws, whatever the text', () => {
    const chars = fc.constantFrom(...'0123456789abcdefx:./% -'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 45 })), (text) => {
        const p = parseAddressSpec(text);
        expect(typeof p.ok).toBe('boolean');
        if (!p.ok) expect(p.error.length).toBeGreaterThan(0);
        expect(typeof parseAddress(text).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
