import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  type AddressSet,
  EMPTY_ADDRESSES,
  type IpAddress,
  V4_END,
  V6_END,
  addressComplement,
  addressComplementIn,
  addressContains,
  addressEquals,
  addressIntersect,
  addressIsEmpty,
  addressOf,
  addressRange,
  addressSubset,
  addressSubtract,
  addressUnion,
  formatAddressSet,
  parseAddress,
  parseAddressSpec,
  toCidrs,
} from '../../../models/net';
import {
  BIGINT_DOMAIN,
  type ModelledAddresses,
  NUMBER_DOMAIN,
  addressArb,
  isCanonical,
  naiveContains,
  probePoints,
  redecomposeArb,
} from './arbitraries';

const RUNS = { numRuns: 250 };
const set = addressArb.map((a) => a.set);

/** Both families' boundary points (and neighbours) of the given sets, as addresses. */
function probes(...sets: ModelledAddresses[]): IpAddress[] {
  return [
    ...probePoints(NUMBER_DOMAIN, ...sets.map((s) => s.v4)).map((value) => ({ family: 4 as const, value })),
    ...probePoints(BIGINT_DOMAIN, ...sets.map((s) => s.v6)).map((value) => ({ family: 6 as const, value })),
  ];
}
const naive = (m: ModelledAddresses, a: IpAddress): boolean =>
  a.family === 4 ? naiveContains(m.v4, a.value) : naiveContains(m.v6, a.value);

describe('address set algebra (IPv4 and IPv6 together)', () => {
  it('every operation agrees pointwise with the naive model in both families', () => {
    fc.assert(
      fc.property(addressArb, addressArb, (a, b) => {
        const u = addressUnion(a.set, b.set);
        const n = addressIntersect(a.set, b.set);
        const s = addressSubtract(a.set, b.set);
        const c = addressComplement(a.set);
        for (const r of [u, n, s, c]) {
          expect(isCanonical(r.v4, NUMBER_DOMAIN)).toBe(true);
          expect(isCanonical(r.v6, BIGINT_DOMAIN)).toBe(true);
        }
        for (const x of probes(a, b)) {
          const inA = naive(a, x);
          const inB = naive(b, x);
          expect(addressContains(a.set, x)).toBe(inA);
          expect(addressContains(u, x)).toBe(inA || inB);
          expect(addressContains(n, x)).toBe(inA && inB);
          expect(addressContains(s, x)).toBe(inA && !inB);
          expect(addressContains(c, x)).toBe(!inA);
        }
      }),
      RUNS,
    );
  });

  it('union and intersection are commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(set, set, set, (a, b, c) => {
        expect(addressUnion(a, b)).toEqual(addressUnion(b, a));
        expect(addressIntersect(a, b)).toEqual(addressIntersect(b, a));
        expect(addressUnion(addressUnion(a, b), c)).toEqual(addressUnion(a, addressUnion(b, c)));
        expect(addressIntersect(addressIntersect(a, b), c)).toEqual(
          addressIntersect(a, addressIntersect(b, c)),
        );
        expect(addressUnion(a, a)).toEqual(a);
        expect(addressIntersect(a, a)).toEqual(a);
        expect(addressUnion({ ...a }, a)).toEqual(a);
        expect(addressIntersect({ ...a }, a)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('distributes both ways and obeys De Morgan', () => {
    fc.assert(
      fc.property(set, set, set, (a, b, c) => {
        expect(addressIntersect(a, addressUnion(b, c))).toEqual(
          addressUnion(addressIntersect(a, b), addressIntersect(a, c)),
        );
        expect(addressUnion(a, addressIntersect(b, c))).toEqual(
          addressIntersect(addressUnion(a, b), addressUnion(a, c)),
        );
        expect(addressComplement(addressUnion(a, b))).toEqual(
          addressIntersect(addressComplement(a), addressComplement(b)),
        );
        expect(addressComplement(addressIntersect(a, b))).toEqual(
          addressUnion(addressComplement(a), addressComplement(b)),
        );
      }),
      RUNS,
    );
  });

  it('subtraction is intersection with the complement; a set and its complement cover everything', () => {
    fc.assert(
      fc.property(set, set, (a, b) => {
        expect(addressSubtract(a, b)).toEqual(addressIntersect(a, addressComplement(b)));
        expect(addressUnion(a, addressComplement(a))).toEqual(ANY_ADDRESS);
        expect(addressIsEmpty(addressIntersect(a, addressComplement(a)))).toBe(true);
        expect(addressComplement(addressComplement(a))).toEqual(a);
      }),
      RUNS,
    );
  });

  it('complementing within one family stays in that family', () => {
    fc.assert(
      fc.property(set, (a) => {
        expect(addressComplementIn(a, 4)).toEqual(addressIntersect(addressComplement(a), ANY_IPV4));
        expect(addressComplementIn(a, 6)).toEqual(addressIntersect(addressComplement(a), ANY_IPV6));
        expect(addressComplementIn(a, 4).v6).toEqual([]);
        expect(addressComplementIn(a, 6).v4).toEqual([]);
      }),
      RUNS,
    );
  });

  it('equal sets built from different decompositions have identical representations', () => {
    const arb = addressArb.chain((a) =>
      fc
        .tuple(redecomposeArb(a.v4, NUMBER_DOMAIN), redecomposeArb(a.v6, BIGINT_DOMAIN))
        .map(([p4, p6]) => [a, p4, p6] as const),
    );
    fc.assert(
      fc.property(arb, ([a, p4, p6]) => {
        const pieces: AddressSet[] = [
          ...p4.map(([lo, hi]) => ({ v4: lo < hi ? [lo, hi] : [], v6: [] })),
          ...p6.map(([lo, hi]) => ({ v4: [], v6: lo < hi ? [lo, hi] : [] })),
        ];
        const rebuilt = pieces.reduce(addressUnion, EMPTY_ADDRESSES);
        expect(rebuilt).toEqual(a.set);
        expect(addressEquals(rebuilt, a.set)).toBe(true);
      }),
      RUNS,
    );
  });

  it('subset is consistent with union, intersection, subtraction and membership', () => {
    fc.assert(
      fc.property(addressArb, addressArb, (a, b) => {
        const sub = addressSubset(a.set, b.set);
        expect(sub).toBe(addressEquals(addressUnion(a.set, b.set), b.set));
        expect(sub).toBe(addressEquals(addressIntersect(a.set, b.set), a.set));
        expect(sub).toBe(addressIsEmpty(addressSubtract(a.set, b.set)));
        expect(sub).toBe(probes(a, b).every((x) => !naive(a, x) || naive(b, x)));
        expect(addressSubset(a.set, ANY_ADDRESS)).toBe(true);
        expect(addressSubset(EMPTY_ADDRESSES, a.set)).toBe(true);
      }),
      RUNS,
    );
  });

  it('an inclusive range holds exactly the addresses between its ends', () => {
    const v4 = fc.integer({ min: 0, max: V4_END - 1 });
    fc.assert(
      fc.property(v4, v4, v4, (x, y, p) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const r = addressRange({ family: 4, value: lo }, { family: 4, value: hi });
        if (!r.ok) throw new Error(r.error);
        for (const q of [p, lo - 1, lo, hi, hi + 1].filter((q) => q >= 0 && q < V4_END)) {
          expect(addressContains(r.value, { family: 4, value: q })).toBe(lo <= q && q <= hi);
        }
        if (lo < hi) expect(addressRange({ family: 4, value: hi }, { family: 4, value: lo }).ok).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('CIDR and text forms round-trip', () => {
  /** Parses what formatAddressSet prints back into a set. */
  function parseFormatted(text: string): AddressSet {
    const named: Record<string, AddressSet> = {
      any: ANY_ADDRESS,
      any4: ANY_IPV4,
      any6: ANY_IPV6,
      none: EMPTY_ADDRESSES,
    };
    if (named[text]) return named[text];
    return text.split(', ').reduce<AddressSet>((acc, part) => {
      const dash = part.indexOf('-');
      if (dash >= 0) {
        const first = parseAddress(part.slice(0, dash));
        const last = parseAddress(part.slice(dash + 1));
        if (!first.ok || !last.ok) throw new Error(`unparseable range ${part}`);
        const r = addressRange(first.value, last.value);
        if (!r.ok) throw new Error(r.error);
        return addressUnion(acc, r.value);
      }
      const p = parseAddressSpec(part);
      if (!p.ok) throw new Error(p.error);
      expect(p.value.hostBits ?? false).toBe(false);
      return addressUnion(acc, p.value.set);
    }, EMPTY_ADDRESSES);
  }

  it('toCidrs gives aligned prefixes whose union is the original set', () => {
    fc.assert(
      fc.property(set, (a) => {
        const cidrs = toCidrs(a);
        const parsed = cidrs.map((c) => parseAddressSpec(c));
        for (const p of parsed) {
          expect(p.ok).toBe(true);
          if (p.ok) expect(p.value.hostBits).toBe(false);
        }
        const rebuilt = parsed.reduce<AddressSet>(
          (acc, p) => (p.ok ? addressUnion(acc, p.value.set) : acc),
          EMPTY_ADDRESSES,
        );
        expect(rebuilt).toEqual(a);
      }),
      RUNS,
    );
  });

  it('toCidrs is minimal: no two prefixes it prints could merge into their parent', () => {
    fc.assert(
      fc.property(set, (a) => {
        const blocks = toCidrs(a).map((c) => {
          const p = parseAddressSpec(c);
          if (!p.ok) throw new Error(p.error);
          const s = p.value.set;
          return s.v4.length > 0
            ? { fam: 4, lo: BigInt(s.v4[0]!), hi: BigInt(s.v4[1]!) }
            : { fam: 6, lo: s.v6[0]!, hi: s.v6[1]! };
        });
        for (let i = 0; i + 1 < blocks.length; i++) {
          const [p, q] = [blocks[i]!, blocks[i + 1]!];
          if (p.fam !== q.fam) continue;
          expect(p.hi <= q.lo).toBe(true);
          const size = p.hi - p.lo;
          const siblings = q.lo === p.hi && q.hi - q.lo === size && p.lo % (2n * size) === 0n;
          expect(siblings).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('formatAddressSet prints text that parses back to the same set', () => {
    fc.assert(
      fc.property(set, (a) => {
        expect(parseFormatted(formatAddressSet(a))).toEqual(a);
      }),
      RUNS,
    );
  });

  it('formats the universes, the empty set, hosts, prefixes and ranges', () => {
    const spec = (t: string): AddressSet => {
      const p = parseAddressSpec(t);
      if (!p.ok) throw new Error(p.error);
      return p.value.set;
    };
    expect(formatAddressSet(ANY_ADDRESS)).toBe('any');
    expect(formatAddressSet(ANY_IPV4)).toBe('any4');
    expect(formatAddressSet(ANY_IPV6)).toBe('any6');
    expect(formatAddressSet(EMPTY_ADDRESSES)).toBe('none');
    expect(formatAddressSet(spec('10.0.0.1'))).toBe('10.0.0.1');
    expect(formatAddressSet(spec('0.0.0.0'))).toBe('0.0.0.0');
    expect(formatAddressSet(spec('::'))).toBe('::');
    expect(formatAddressSet(spec('0.0.0.0/31'))).toBe('0.0.0.0/31');
    expect(formatAddressSet(spec('10.0.0.0/8'))).toBe('10.0.0.0/8');
    expect(formatAddressSet(spec('2001:db8::/32'))).toBe('2001:db8::/32');
    const r = addressRange({ family: 4, value: 0x0a000001 }, { family: 4, value: 0x0a000009 });
    if (!r.ok) throw new Error(r.error);
    expect(formatAddressSet(r.value)).toBe('10.0.0.1-10.0.0.9');
    expect(toCidrs(r.value)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/31']);
    expect(toCidrs(ANY_ADDRESS)).toEqual(['0.0.0.0/0', '::/0']);
    expect(toCidrs({ v4: [V4_END - 1, V4_END], v6: [V6_END - 1n, V6_END] })).toEqual([
      '255.255.255.255/32',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128',
    ]);
    expect(toCidrs(addressOf({ family: 6, value: 0n }))).toEqual(['::/128']);
  });
});
