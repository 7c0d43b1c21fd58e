import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_PORT,
  ANY_SERVICE,
  NO_SERVICE,
  type ServiceSet,
  formatServiceSet,
  icmpService,
  intervalsContain,
  planeEnd,
  portRange,
  portsFrom,
  serviceComplement,
  serviceContains,
  serviceEquals,
  serviceIntersect,
  serviceIsEmpty,
  serviceOf,
  serviceOfProtocol,
  serviceSubset,
  serviceSubtract,
  serviceUnion,
} from '../../../models/net';

/**
 * The naive model of a service set is the list of "specs" it was built from; a point
 * (proto, x, y) is in the set when some spec holds it. Closed ranges are drawn from a few
 * boundary values, so probing every value next to a boundary checks the whole plane.
 */
type Closed = readonly [number, number];
type Spec =
  | { kind: 'ports'; proto: number; sports: Closed[]; dports: Closed[] }
  | { kind: 'icmp'; proto: number; types?: Closed[]; codes?: Closed[] }
  | { kind: 'protos'; lo: number; hi: number }
  | { kind: 'any' };

const PORT_POOL = [0, 1, 79, 80, 1023, 1024, 65534, 65535];
const ICMP_POOL = [0, 1, 3, 8, 254, 255];
const PROTO_POOL = [0, 1, 2, 6, 7, 17, 18, 58, 59, 255, 256];
const around = (pool: number[], end: number): number[] =>
  [...new Set(pool.flatMap((b) => [b - 1, b, b + 1]))].filter((v) => v >= 0 && v < end).sort((a, b) => a - b);
const PORT_PROBES = around(PORT_POOL, 65536);
const ICMP_PROBES = around(ICMP_POOL, 256);
const PROTO_PROBES = [0, 1, 2, 5, 6, 7, 16, 17, 18, 33, 47, 57, 58, 59, 132, 136, 254, 255];

const closedArb = (pool: number[]): fc.Arbitrary<Closed[]> =>
  fc.array(
    fc
      .tuple(fc.constantFrom(...pool), fc.constantFrom(...pool))
      .map(([a, b]) => (a <= b ? [a, b] : [b, a]) as Closed),
    { maxLength: 2 },
  );
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('ports' as const),
      proto: fc.constantFrom(6, 17, 132),
      sports: closedArb(PORT_POOL),
      dports: closedArb(PORT_POOL),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('icmp' as const),
        proto: fc.constantFrom(1, 58),
        types: closedArb(ICMP_POOL),
        codes: closedArb(ICMP_POOL),
      },
      { requiredKeys: ['kind', 'proto'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...PROTO_POOL), fc.constantFrom(...PROTO_POOL))
      .map(([a, b]) => ({ kind: 'protos' as const, lo: Math.min(a, b), hi: Math.max(a, b) })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'any' as const }) },
);

const inClosed = (rs: readonly Closed[], v: number): boolean => rs.some(([a, b]) => a <= v && v <= b);
function specService(s: Spec): ServiceSet {
  switch (s.kind) {
    case 'ports':
      return serviceOfProtocol(s.proto, portsFrom(s.sports), portsFrom(s.dports));
    case 'icmp':
      return icmpService(s.proto, s.types && portsFrom(s.types), s.codes && portsFrom(s.codes));
    case 'protos':
      return serviceOf([s.lo, s.hi]);
    case 'any':
      return ANY_SERVICE;
  }
}
function specHas(s: Spec, proto: number, x: number, y: number): boolean {
  switch (s.kind) {
    case 'ports':
      return proto === s.proto && inClosed(s.sports, x) && inClosed(s.dports, y);
    case 'icmp':
      return (
        proto === s.proto &&
        (s.types === undefined || inClosed(s.types, y)) &&
        (s.codes === undefined || inClosed(s.codes, x))
      );
    case 'protos':
      return s.lo <= proto && proto < s.hi;
    case 'any':
      return true;
  }
}

interface Modelled {
  readonly set: ServiceSet;
  readonly specs: readonly Spec[];
}
const modelledArb: fc.Arbitrary<Modelled> = fc
  .array(specArb, { maxLength: 4 })
  .map((specs) => ({ specs, set: specs.map(specService).reduce(serviceUnion, NO_SERVICE) }));
const setArb = modelledArb.map((m) => m.set);
const naive = (m: Modelled, p: number, x: number, y: number): boolean =>
  m.specs.some((s) => specHas(s, p, x, y));

/** Every probe point (proto, x, y) of the plane universe. */
const POINTS: ReadonlyArray<readonly [number, number, number]> = PROTO_PROBES.flatMap((p) => {
  const probes = planeEnd(p) === 65536 ? PORT_PROBES : planeEnd(p) === 256 ? ICMP_PROBES : [0];
  return probes.flatMap((x) => probes.map((y) => [p, x, y] as const));
});

/** Strips sorted and disjoint, adjacent strips differ, nothing empty, everything inside the plane. */
function canonicalProblems(s: ServiceSet): string[] {
  const problems: string[] = [];
  for (const [proto, plane] of s) {
    const end = planeEnd(proto);
    if (plane.length === 0) problems.push(`${proto}: empty plane`);
    plane.forEach((strip, k) => {
      const where = `${proto} strip ${k}`;
      if (!(strip.x0 < strip.x1 && strip.x0 >= 0 && strip.x1 <= end)) problems.push(`${where}: bad x`);
      if (strip.y.length === 0 || strip.y.length % 2 !== 0) problems.push(`${where}: bad y length`);
      strip.y.forEach((v, i) => {
        if (v < 0 || v > end || (i > 0 && !(strip.y[i - 1]! < v))) problems.push(`${where}: y not canonical`);
      });
      const next = plane[k + 1];
      if (next && strip.x1 > next.x0) problems.push(`${where}: overlaps the next strip`);
      if (next && strip.x1 === next.x0 && strip.y.join() === next.y.join())
        problems.push(`${where}: should merge with the next`);
    });
  }
  return problems;
}
const expectCanonical = (s: ServiceSet): void => expect(canonicalProblems(s)).toEqual([]);

const RUNS = { numRuns: 150 };

describe('service set algebra', () => {
  it('builds canonical sets whose membership matches the specs at every probe point', () => {
    fc.assert(
      fc.property(modelledArb, (a) => {
        expectCanonical(a.set);
        expect(POINTS.filter(([p, x, y]) => serviceContains(a.set, p, x, y) !== naive(a, p, x, y))).toEqual(
          [],
        );
      }),
      RUNS,
    );
  });

  it('union, intersection, subtraction and complement agree pointwise with boolean logic', () => {
    fc.assert(
      fc.property(modelledArb, modelledArb, (a, b) => {
        const u = serviceUnion(a.set, b.set);
        const n = serviceIntersect(a.set, b.set);
        const s = serviceSubtract(a.set, b.set);
        const c = serviceComplement(a.set);
        for (const r of [u, n, s, c]) expectCanonical(r);
        const wrong = POINTS.filter(([p, x, y]) => {
          const inA = naive(a, p, x, y);
          const inB = naive(b, p, x, y);
          return (
            serviceContains(u, p, x, y) !== (inA || inB) ||
            serviceContains(n, p, x, y) !== (inA && inB) ||
            serviceContains(s, p, x, y) !== (inA && !inB) ||
            serviceContains(c, p, x, y) !== !inA
          );
        });
        expect(wrong).toEqual([]);
      }),
      RUNS,
    );
  });

  it('union and intersection are commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(setArb, setArb, setArb, (a, b, c) => {
        expect(serviceUnion(a, b)).toEqual(serviceUnion(b, a));
        expect(serviceIntersect(a, b)).toEqual(serviceIntersect(b, a));
        expect(serviceUnion(serviceUnion(a, b), c)).toEqual(serviceUnion(a, serviceUnion(b, c)));
        expect(serviceIntersect(serviceIntersect(a, b), c)).toEqual(
          serviceIntersect(a, serviceIntersect(b, c)),
        );
        expect(serviceUnion(a, a)).toEqual(a);
        expect(serviceIntersect(a, new Map(a))).toEqual(a);
        expect(serviceUnion(new Map(a), a)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('distributes both ways and obeys De Morgan', () => {
    fc.assert(
      fc.property(setArb, setArb, setArb, (a, b, c) => {
        expect(serviceIntersect(a, serviceUnion(b, c))).toEqual(
          serviceUnion(serviceIntersect(a, b), serviceIntersect(a, c)),
        );
        expect(serviceUnion(a, serviceIntersect(b, c))).toEqual(
          serviceIntersect(serviceUnion(a, b), serviceUnion(a, c)),
        );
        expect(serviceComplement(serviceUnion(a, b))).toEqual(
          serviceIntersect(serviceComplement(a), serviceComplement(b)),
        );
        expect(serviceComplement(serviceIntersect(a, b))).toEqual(
          serviceUnion(serviceComplement(a), serviceComplement(b)),
        );
      }),
      RUNS,
    );
  });

  it('subtraction is intersection with the complement; a set and its complement cover everything', () => {
    fc.assert(
      fc.property(setArb, setArb, (a, b) => {
        expect(serviceSubtract(a, b)).toEqual(serviceIntersect(a, serviceComplement(b)));
        expect(serviceUnion(a, serviceComplement(a))).toEqual(ANY_SERVICE);
        expect(serviceIsEmpty(serviceIntersect(a, serviceComplement(a)))).toBe(true);
        expect(serviceComplement(serviceComplement(a))).toEqual(a);
        expect(serviceSubtract(a, a)).toEqual(NO_SERVICE);
      }),
      RUNS,
    );
  });

  it('the same set built in any order or decomposition has an identical representation', () => {
    /** One spec per port-range pair, each range split in two: a different decomposition. */
    const split = (s: Spec): Spec[] => {
      if (s.kind !== 'ports') return [s];
      const halves = (rs: Closed[]): Closed[] =>
        rs.flatMap(([a, b]) =>
          a === b
            ? [[a, b] as Closed]
            : [[a, a + ((b - a) >> 1)] as Closed, [a + ((b - a) >> 1) + 1, b] as Closed],
        );
      return halves(s.sports).flatMap((sp) =>
        halves(s.dports).map((dp) => ({ ...s, sports: [sp], dports: [dp] })),
      );
    };
    const arb = modelledArb.chain((a) =>
      fc
        .shuffledSubarray(a.specs.flatMap(split), { minLength: a.specs.flatMap(split).length })
        .map((order) => [a, order] as const),
    );
    fc.assert(
      fc.property(arb, ([a, order]) => {
        const rebuilt = order.map(specService).reduce(serviceUnion, NO_SERVICE);
        expect(rebuilt).toEqual(a.set);
        expect(serviceEquals(rebuilt, a.set)).toBe(true);
      }),
      RUNS,
    );
  });

  it('serviceEquals agrees with membership, and subset with union, intersection and membership', () => {
    fc.assert(
      fc.property(modelledArb, modelledArb, (a, b) => {
        const pts = POINTS;
        const same = pts.every(([p, x, y]) => naive(a, p, x, y) === naive(b, p, x, y));
        expect(serviceEquals(a.set, b.set)).toBe(same);
        const sub = serviceSubset(a.set, b.set);
        expect(sub).toBe(pts.every(([p, x, y]) => !naive(a, p, x, y) || naive(b, p, x, y)));
        expect(sub).toBe(serviceEquals(serviceUnion(a.set, b.set), b.set));
        expect(sub).toBe(serviceEquals(serviceIntersect(a.set, b.set), a.set));
        expect(serviceSubset(a.set, ANY_SERVICE) && serviceSubset(NO_SERVICE, a.set)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('service set axes and edges', () => {
  it('uses the source port as x and the destination port as y, both ends inclusive', () => {
    const s = serviceOfProtocol(6, portRange(1024, 65535), portRange(1, 1023));
    expect(serviceContains(s, 6, 1024, 1)).toBe(true);
    expect(serviceContains(s, 6, 65535, 1023)).toBe(true);
    expect(serviceContains(s, 6, 1023, 80)).toBe(false);
    expect(serviceContains(s, 6, 2000, 0)).toBe(false);
    expect(serviceContains(s, 6, 2000, 1024)).toBe(false);
    expect(serviceContains(s, 6, 80, 2000)).toBe(false);
    expect(serviceContains(s, 17, 2000, 80)).toBe(false);
  });

  it('uses the ICMP code as x and the ICMP type as y', () => {
    const echo = icmpService(1, portRange(8, 8));
    expect(serviceContains(echo, 1, 0, 8)).toBe(true);
    expect(serviceContains(echo, 1, 255, 8)).toBe(true);
    expect(serviceContains(echo, 1, 8, 0)).toBe(false);
    const unreachPort = icmpService(1, portRange(3, 3), portRange(3, 3));
    expect(serviceContains(unreachPort, 1, 3, 3)).toBe(true);
    expect(serviceContains(unreachPort, 1, 4, 3)).toBe(false);
    expect(serviceContains(icmpService(58, portRange(128, 128)), 1, 0, 128)).toBe(false);
    expect(icmpService(1, [])).toEqual(NO_SERVICE);
    expect(icmpService(1)).toEqual(serviceOfProtocol(1));
  });

  it('ignores x and y for protocols without ports', () => {
    const gre = serviceOfProtocol(47);
    expect(serviceContains(gre, 47, 0, 0)).toBe(true);
    expect(serviceContains(gre, 47, 80, 443)).toBe(true);
    expect(serviceContains(gre, 50, 0, 0)).toBe(false);
  });

  it('keeps only port-carrying protocols when ports are constrained', () => {
    const s = serviceOf([0, 256], ANY_PORT, portRange(80, 80));
    expect([...s.keys()].sort((a, b) => a - b)).toEqual([6, 17, 33, 132, 136]);
    expect(serviceOf([6, 7], [], ANY_PORT)).toEqual(NO_SERVICE);
    expect(serviceOfProtocol(6, ANY_PORT, ANY_PORT)).toEqual(serviceOfProtocol(6));
  });

  it('covers protocols 0 and 255 and ports 0 and 65535 in the universe', () => {
    for (const [p, x, y] of [
      [0, 0, 0],
      [255, 0, 0],
      [6, 0, 0],
      [6, 65535, 65535],
      [1, 255, 255],
    ] as const) {
      expect(serviceContains(ANY_SERVICE, p, x, y)).toBe(true);
      expect(serviceContains(NO_SERVICE, p, x, y)).toBe(false);
    }
    expect(serviceContains(serviceComplement(serviceOfProtocol(6, ANY_PORT, portRange(0, 0))), 6, 0, 0)).toBe(
      false,
    );
    expect(serviceContains(serviceComplement(serviceOfProtocol(6, ANY_PORT, portRange(0, 0))), 6, 0, 1)).toBe(
      true,
    );
    const notFromTop = serviceComplement(serviceOfProtocol(6, portRange(65535, 65535)));
    expect(serviceContains(notFromTop, 6, 65535, 0)).toBe(false);
    expect(serviceContains(notFromTop, 6, 65534, 65535)).toBe(true);
    expect(intervalsContain(notFromTop.get(6)![0]!.y, 65535)).toBe(true);
  });

  it('formats common services readably', () => {
    expect(formatServiceSet(ANY_SERVICE)).toBe('any');
    expect(formatServiceSet(NO_SERVICE)).toBe('none');
    expect(formatServiceSet(serviceOfProtocol(6, ANY_PORT, portRange(443, 443)))).toBe('tcp/443');
    expect(formatServiceSet(serviceOfProtocol(17, portRange(1024, 65535), portRange(53, 53)))).toBe(
      'udp/53 from 1024-65535',
    );
    expect(formatServiceSet(icmpService(1, portRange(8, 8)))).toBe('icmp type 8');
    expect(formatServiceSet(icmpService(1, portRange(3, 3), portRange(4, 4)))).toBe('icmp type 3 code 4');
    expect(formatServiceSet(serviceOfProtocol(47))).toBe('gre');
    expect(formatServiceSet(serviceComplement(serviceOfProtocol(47)))).toBe('any except gre');
  });
});
