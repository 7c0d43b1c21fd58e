import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, type IpAddress } from '../../../models/net';
import { longestMatch, parsePrefix, prefixContains } from '../../../models/topology/prefix';

/** The definition: the address's value lies in the prefix's interval, in the prefix's family. */
const contains = (text: string, a: IpAddress): boolean => {
  const p = parsePrefix(text)!;
  if (p.family !== a.family) return false;
  const v = a.family === 4 ? BigInt(a.value) : a.value;
  return v >= p.lo && v < p.hi;
};

const v4 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

describe('prefixes', () => {
  it('IPv4 containment on numbers agrees with the interval, /0 and /32 included', () => {
    fc.assert(
      fc.property(v4, fc.integer({ min: 0, max: 32 }), v4, fc.boolean(), (net, len, addr, near) => {
        const text = `${formatIpv4(net)}/${len}`;
        // Half the addresses are taken next to the prefix's edges, where an off-by-one would show.
        const p = parsePrefix(text)!;
        const value = near ? Math.min(2 ** 32 - 1, Math.max(0, Number(p.hi) - 1 + (addr % 3) - 1)) : addr;
        const a: IpAddress = { family: 4, value };
        expect(prefixContains(p, a)).toBe(contains(text, a));
      }),
    );
    const all = parsePrefix('0.0.0.0/0')!;
    expect(prefixContains(all, { family: 4, value: 2 ** 32 - 1 })).toBe(true);
    expect(prefixContains(parsePrefix('10.0.0.0/8')!, { family: 4, value: 0x0b000000 })).toBe(false);
    expect(prefixContains(parsePrefix('10.0.0.0/8')!, { family: 4, value: 0x0affffff })).toBe(true);
  });

  it('IPv6 containment, and never across families', () => {
    fc.assert(
      fc.property(v6, fc.integer({ min: 0, max: 128 }), v6, (net, len, addr) => {
        const text = `${formatIpv6(net)}/${len}`;
        const a: IpAddress = { family: 6, value: addr };
        expect(prefixContains(parsePrefix(text)!, a)).toBe(contains(text, a));
      }),
    );
    expect(prefixContains(parsePrefix('::/0')!, { family: 4, value: 1 })).toBe(false);
    expect(prefixContains(parsePrefix('0.0.0.0/0')!, { family: 6, value: 1n })).toBe(false);
  });

  it('the longest match is the most specific prefix holding the address', () => {
    const items = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24'].map((t) => ({
      prefix: parsePrefix(t)!,
    }));
    const at = (text: string): string | undefined =>
      longestMatch(items, {
        family: 4,
        value: Number(text.split('.').reduce((n, o) => n * 256n + BigInt(o), 0n)),
      })?.prefix.text;
    expect(at('10.1.2.3')).toBe('10.1.2.0/24');
    expect(at('10.1.3.3')).toBe('10.1.0.0/16');
    expect(at('10.2.0.1')).toBe('10.0.0.0/8');
    expect(at('192.168.0.1')).toBe('0.0.0.0/0');
  });
});
