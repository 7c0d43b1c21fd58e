import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Bound,
  type Intervals,
  closedPairs,
  complementIntervals,
  intersectIntervals,
  intervalsContain,
  intervalsEqual,
  intervalsFrom,
  intervalsSize,
  intervalsSubset,
  subtractIntervals,
  unionIntervals,
} from '../../../models/net';
import {
  BIGINT_DOMAIN,
  type Domain,
  NUMBER_DOMAIN,
  isCanonical,
  modelledArb,
  naiveContains,
  probePoints,
  redecomposeArb,
} from './arbitraries';

const RUNS = { numRuns: 300 };

function lawsFor<T extends Bound>(d: Domain<T>): void {
  const m = modelledArb(d);
  const set = m.map((x) => x.set);
  const comp = (a: Intervals<T>): Intervals<T> => complementIntervals(a, d.lo, d.end);
  const universe: Intervals<T> = [d.lo, d.end];

  describe(`interval algebra over ${d.name}`, () => {
    it('intervalsFrom yields a canonical set whose membership matches the raw pairs at every boundary', () => {
      fc.assert(
        fc.property(m, ({ set: a, pairs }) => {
          expect(isCanonical(a, d)).toBe(true);
          for (const x of probePoints(d, pairs)) expect(intervalsContain(a, x)).toBe(naiveContains(pairs, x));
        }),
        RUNS,
      );
    });

    it('union, intersection, subtraction and complement agree pointwise with boolean logic on the naive model', () => {
      fc.assert(
        fc.property(m, m, (a, b) => {
          const u = unionIntervals(a.set, b.set);
          const n = intersectIntervals(a.set, b.set);
          const s = subtractIntervals(a.set, b.set);
          const c = comp(a.set);
          for (const r of [u, n, s, c]) expect(isCanonical(r, d)).toBe(true);
          for (const x of probePoints(d, a.pairs, b.pairs)) {
            const inA = naiveContains(a.pairs, x);
            const inB = naiveContains(b.pairs, x);
            expect(intervalsContain(u, x)).toBe(inA || inB);
            expect(intervalsContain(n, x)).toBe(inA && inB);
            expect(intervalsContain(s, x)).toBe(inA && !inB);
            expect(intervalsContain(c, x)).toBe(!inA);
          }
        }),
        RUNS,
      );
    });

    it('union and intersection are commutative, with identical representations', () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          expect(unionIntervals(a, b)).toEqual(unionIntervals(b, a));
          expect(intersectIntervals(a, b)).toEqual(intersectIntervals(b, a));
        }),
        RUNS,
      );
    });

    it('union and intersection are associative', () => {
      fc.assert(
        fc.property(set, set, set, (a, b, c) => {
          expect(unionIntervals(unionIntervals(a, b), c)).toEqual(unionIntervals(a, unionIntervals(b, c)));
          expect(intersectIntervals(intersectIntervals(a, b), c)).toEqual(
            intersectIntervals(a, intersectIntervals(b, c)),
          );
        }),
        RUNS,
      );
    });

    it('union and intersection are idempotent and absorbing', () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          expect(unionIntervals(a, a)).toEqual(a);
          expect(intersectIntervals(a, a)).toEqual(a);
          expect(unionIntervals(a, intersectIntervals(a, b))).toEqual(a);
          expect(intersectIntervals(a, unionIntervals(a, b))).toEqual(a);
        }),
        RUNS,
      );
    });

    it('intersection distributes over union and union over intersection', () => {
      fc.assert(
        fc.property(set, set, set, (a, b, c) => {
          expect(intersectIntervals(a, unionIntervals(b, c))).toEqual(
            unionIntervals(intersectIntervals(a, b), intersectIntervals(a, c)),
          );
          expect(unionIntervals(a, intersectIntervals(b, c))).toEqual(
            intersectIntervals(unionIntervals(a, b), unionIntervals(a, c)),
          );
        }),
        RUNS,
      );
    });

    it("obeys De Morgan's laws", () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          expect(comp(unionIntervals(a, b))).toEqual(intersectIntervals(comp(a), comp(b)));
          expect(comp(intersectIntervals(a, b))).toEqual(unionIntervals(comp(a), comp(b)));
        }),
        RUNS,
      );
    });

    it('subtraction equals intersection with the complement', () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          expect(subtractIntervals(a, b)).toEqual(intersectIntervals(a, comp(b)));
        }),
        RUNS,
      );
    });

    it('a set and its complement partition the universe, and complement is an involution', () => {
      fc.assert(
        fc.property(set, (a) => {
          expect(unionIntervals(a, comp(a))).toEqual(universe);
          expect(intersectIntervals(a, comp(a))).toEqual([]);
          expect(comp(comp(a))).toEqual(a);
        }),
        RUNS,
      );
    });

    it('the same set built from any decomposition in any order has an identical representation', () => {
      fc.assert(
        fc.property(
          m.chain((a) => redecomposeArb(a.pairs, d).map((pieces) => [a, pieces] as const)),
          ([a, pieces]) => {
            expect(intervalsFrom(pieces)).toEqual(a.set);
            const folded = pieces.reduce<Intervals<T>>(
              (acc, p) => unionIntervals(acc, intervalsFrom([p])),
              [],
            );
            expect(folded).toEqual(a.set);
          },
        ),
        RUNS,
      );
    });

    it('intervalsEqual agrees with deep equality and with membership', () => {
      fc.assert(
        fc.property(m, m, (a, b) => {
          const sameMembers = probePoints(d, a.pairs, b.pairs).every(
            (x) => naiveContains(a.pairs, x) === naiveContains(b.pairs, x),
          );
          expect(intervalsEqual(a.set, b.set)).toBe(sameMembers);
          expect(intervalsEqual(a.set, b.set)).toBe(a.set.join() === b.set.join());
        }),
        RUNS,
      );
    });

    it('subset is consistent with union, intersection, subtraction and membership', () => {
      fc.assert(
        fc.property(m, m, (a, b) => {
          const sub = intervalsSubset(a.set, b.set);
          expect(sub).toBe(intervalsEqual(unionIntervals(a.set, b.set), b.set));
          expect(sub).toBe(intervalsEqual(intersectIntervals(a.set, b.set), a.set));
          const pointwise = probePoints(d, a.pairs, b.pairs).every(
            (x) => !naiveContains(a.pairs, x) || naiveContains(b.pairs, x),
          );
          expect(sub).toBe(pointwise);
          expect(intervalsSubset(intersectIntervals(a.set, b.set), a.set)).toBe(true);
          expect(intervalsSubset(a.set, unionIntervals(a.set, b.set))).toBe(true);
        }),
        RUNS,
      );
    });

    it('subset holds in both directions exactly when the sets are equal', () => {
      fc.assert(
        fc.property(set, set, (a, b) => {
          expect(intervalsSubset(a, b) && intervalsSubset(b, a)).toBe(intervalsEqual(a, b));
        }),
        RUNS,
      );
    });
  });
}

lawsFor(NUMBER_DOMAIN);
lawsFor(BIGINT_DOMAIN);

describe('interval sets against a Set<number> over a small universe', () => {
  const U = 40;
  const all = [...Array(U).keys()];
  const members = fc.uniqueArray(fc.integer({ min: 0, max: U - 1 }), { maxLength: U });
  /** Built one point at a time, in the drawn (random) order. */
  const build = (xs: readonly number[]): Intervals<number> =>
    xs.reduce<Intervals<number>>((acc, x) => unionIntervals(acc, [x, x + 1]), []);

  it('builds canonical sets with exactly the drawn members, whatever the insertion order', () => {
    fc.assert(
      fc.property(members, (xs) => {
        const a = build(xs);
        expect(a).toEqual(build([...xs].sort((p, q) => p - q)));
        expect(a).toEqual(intervalsFrom(xs.map((x) => [x, x + 1] as const)));
        expect(all.filter((x) => intervalsContain(a, x))).toEqual([...xs].sort((p, q) => p - q));
        expect(intervalsSize(a)).toBe(xs.length);
        expect(
          closedPairs(a).flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k)),
        ).toEqual([...xs].sort((p, q) => p - q));
      }),
      RUNS,
    );
  });

  it('every operation matches the Set model at every point of the universe', () => {
    fc.assert(
      fc.property(members, members, (xs, ys) => {
        const A = new Set(xs);
        const B = new Set(ys);
        const a = build(xs);
        const b = build(ys);
        const check = (r: Intervals<number>, f: (x: number) => boolean): void => {
          expect(all.filter((x) => intervalsContain(r, x))).toEqual(all.filter(f));
        };
        check(unionIntervals(a, b), (x) => A.has(x) || B.has(x));
        check(intersectIntervals(a, b), (x) => A.has(x) && B.has(x));
        check(subtractIntervals(a, b), (x) => A.has(x) && !B.has(x));
        check(complementIntervals(a, 0, U), (x) => !A.has(x));
        expect(intervalsSubset(a, b)).toBe(xs.every((x) => B.has(x)));
        expect(intervalsSize(unionIntervals(a, b))).toBe(new Set([...xs, ...ys]).size);
      }),
      RUNS,
    );
  });
});

describe('interval edge cases', () => {
  it('treats the empty set as the identity of union and the zero of intersection', () => {
    expect(unionIntervals([], [3, 5])).toEqual([3, 5]);
    expect(unionIntervals([3, 5], [])).toEqual([3, 5]);
    expect(intersectIntervals([], [3, 5])).toEqual([]);
    expect(subtractIntervals([3, 5], [])).toEqual([3, 5]);
    expect(subtractIntervals([], [3, 5])).toEqual([]);
    expect(complementIntervals([], 0, 10)).toEqual([0, 10]);
    expect(complementIntervals([0, 10], 0, 10)).toEqual([]);
  });

  it('merges touching intervals and drops empty and reversed ones', () => {
    expect(
      intervalsFrom([
        [5, 7],
        [1, 3],
        [3, 5],
      ]),
    ).toEqual([1, 7]);
    expect(
      intervalsFrom([
        [4, 4],
        [9, 2],
      ]),
    ).toEqual([]);
    expect(unionIntervals([0, 2], [2, 4])).toEqual([0, 4]);
    expect(subtractIntervals([0, 10], [3, 4])).toEqual([0, 3, 4, 10]);
  });

  it('is half-open: contains the low bound and not the high bound', () => {
    const single = [10, 20];
    const multi = [10, 20, 30, 40];
    for (const a of [single, multi]) {
      expect(intervalsContain(a, 9)).toBe(false);
      expect(intervalsContain(a, 10)).toBe(true);
      expect(intervalsContain(a, 19)).toBe(true);
      expect(intervalsContain(a, 20)).toBe(false);
    }
    expect(intervalsContain(multi, 29)).toBe(false);
    expect(intervalsContain(multi, 30)).toBe(true);
    expect(intervalsContain(multi, 39)).toBe(true);
    expect(intervalsContain(multi, 40)).toBe(false);
    expect(intervalsContain([], 0)).toBe(false);
  });

  it('handles bigint boundaries at 0 and 2^128', () => {
    const end = 1n << 128n;
    expect(complementIntervals([0n, 1n], 0n, end)).toEqual([1n, end]);
    expect(complementIntervals([end - 1n, end], 0n, end)).toEqual([0n, end - 1n]);
    expect(intervalsContain([end - 1n, end], end - 1n)).toBe(true);
    expect(intervalsSize([0n, 5n, 10n, 12n])).toBe(7);
  });
});
