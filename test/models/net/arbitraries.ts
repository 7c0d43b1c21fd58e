/**
 * Shared fast-check arbitraries and naive models for the set-algebra property tests.
 *
 * The naive model of an interval set is the raw list of half-open pairs it was built from
 * (unsorted, overlapping, possibly empty): membership is "some pair holds x". Membership of a
 * canonical interval set can only change at a boundary, so checking every boundary of every set
 * involved, and its neighbours, compares the two models completely.
 */
import fc from 'fast-check';
import {
  type AddressSet,
  type Bound,
  type Intervals,
  V4_END,
  V6_END,
  intervalsFrom,
} from '../../../models/net';

export type Pairs<T extends Bound> = ReadonlyArray<readonly [T, T]>;

export interface Domain<T extends Bound> {
  readonly name: string;
  readonly lo: T;
  readonly end: T;
  /** Boundary values: small numbers (so sets overlap and touch), extremes and random values. */
  readonly value: fc.Arbitrary<T>;
  readonly add: (x: T, d: number) => T;
}

export const NUMBER_DOMAIN: Domain<number> = {
  name: 'number (IPv4 universe)',
  lo: 0,
  end: V4_END,
  value: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 24 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(0, 1, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32),
    },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: V4_END }) },
  ),
  add: (x, d) => x + d,
};

export const BIGINT_DOMAIN: Domain<bigint> = {
  name: 'bigint (IPv6 universe)',
  lo: 0n,
  end: V6_END,
  value: fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 24n }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        0n,
        1n,
        1n << 32n,
        (1n << 64n) - 1n,
        1n << 64n,
        V6_END - 2n,
        V6_END - 1n,
        V6_END,
      ),
    },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: V6_END }) },
  ),
  add: (x, d) => x + BigInt(d),
};

/** Raw pairs `[min, max)` from two drawn values (equal values give an empty pair). */
export function pairsArb<T extends Bound>(d: Domain<T>, maxLength = 6): fc.Arbitrary<Pairs<T>> {
  return fc.array(
    fc.tuple(d.value, d.value).map(([a, b]) => (a <= b ? ([a, b] as const) : ([b, a] as const))),
    { maxLength },
  );
}

/** A canonical set together with the raw pairs it was built from (its naive model). */
export interface Modelled<T extends Bound> {
  readonly set: Intervals<T>;
  readonly pairs: Pairs<T>;
}

export function modelledArb<T extends Bound>(d: Domain<T>, maxLength = 6): fc.Arbitrary<Modelled<T>> {
  return pairsArb(d, maxLength).map((pairs) => ({ set: intervalsFrom(pairs), pairs }));
}

export const naiveContains = <T extends Bound>(pairs: Pairs<T>, x: T): boolean =>
  pairs.some(([lo, hi]) => lo <= x && x < hi);

/** Every boundary of the given sets, its neighbours and the universe's ends, inside `[lo, end)`. */
export function probePoints<T extends Bound>(
  d: Domain<T>,
  ...sets: ReadonlyArray<Intervals<T> | Pairs<T>>
): T[] {
  const out = new Set<T>([d.lo, d.add(d.end, -1)]);
  const addAround = (b: T): void => {
    for (const k of [-1, 0, 1]) {
      const x = d.add(b, k);
      if (x >= d.lo && x < d.end) out.add(x);
    }
  };
  for (const s of sets) {
    for (const item of s) {
      if (Array.isArray(item)) for (const b of item as readonly T[]) addAround(b);
      else addAround(item as T);
    }
  }
  return [...out];
}

/** The canonical-form invariant: even length, strictly increasing, inside `[lo, end]`. */
export function isCanonical<T extends Bound>(a: Intervals<T>, d: Domain<T>): boolean {
  if (a.length % 2 !== 0) return false;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== typeof d.lo) return false;
    if (a[i]! < d.lo || a[i]! > d.end) return false;
    if (i > 0 && !(a[i - 1]! < a[i]!)) return false;
  }
  return true;
}

/** Splits every pair at a random inner point and shuffles: a different decomposition of the same set. */
export function redecomposeArb<T extends Bound>(pairs: Pairs<T>, d: Domain<T>): fc.Arbitrary<Pairs<T>> {
  const n = pairs.length;
  return fc
    .tuple(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.nat(), { minLength: 2 * n, maxLength: 2 * n }),
    )
    .map(([cuts, keys]) => {
      const out: Array<{ pair: readonly [T, T]; key: number }> = [];
      pairs.forEach(([lo, hi], k) => {
        const width = typeof lo === 'bigint' ? Number((hi as bigint) - lo) : (hi as number) - (lo as number);
        const cut = d.add(lo, Math.floor(cuts[k]! * width));
        const mid = cut > hi ? hi : cut; // float rounding of huge widths
        out.push({ pair: [lo, mid], key: keys[2 * k]! }, { pair: [mid, hi], key: keys[2 * k + 1]! });
      });
      return out.sort((p, q) => p.key - q.key).map((e) => e.pair);
    });
}

// ---- address sets ----------------------------------------------------------------------------

export interface ModelledAddresses {
  readonly set: AddressSet;
  readonly v4: Pairs<number>;
  readonly v6: Pairs<bigint>;
}

/** Pairs from CIDR prefixes (the shape real configs have), mixed with arbitrary ranges. */
const prefixPairs4 = fc
  .array(fc.tuple(fc.integer({ min: 0, max: V4_END - 1 }), fc.integer({ min: 0, max: 32 })), { maxLength: 4 })
  .map((ps) =>
    ps.map(([v, len]) => {
      const size = 2 ** (32 - len);
      const lo = v - (v % size);
      return [lo, lo + size] as const;
    }),
  );
const prefixPairs6 = fc
  .array(fc.tuple(fc.bigInt({ min: 0n, max: V6_END - 1n }), fc.integer({ min: 0, max: 128 })), {
    maxLength: 4,
  })
  .map((ps) =>
    ps.map(([v, len]) => {
      const size = 1n << BigInt(128 - len);
      const lo = v - (v % size);
      return [lo, lo + size] as const;
    }),
  );

export const addressArb: fc.Arbitrary<ModelledAddresses> = fc
  .tuple(
    fc.oneof(pairsArb(NUMBER_DOMAIN, 4), prefixPairs4, fc.constant([] as Pairs<number>)),
    fc.oneof(pairsArb(BIGINT_DOMAIN, 4), prefixPairs6, fc.constant([] as Pairs<bigint>)),
  )
  .map(([v4, v6]) => ({ set: { v4: intervalsFrom(v4), v6: intervalsFrom(v6) }, v4, v6 }));
