import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Box, boxesOverlap, subtractBox } from '../../../models/findings/space';
import {
  type ServiceSet,
  addressContains,
  intervalsFrom,
  numbersContain,
  serviceContains,
  serviceOfProtocol,
  serviceUnion,
} from '../../../models/net';

/**
 * Box subtraction and overlap against membership, point by point, on a small universe: sources
 * and destinations 10.0.0.0-7, tcp and udp destination ports 0-7, four interface slots.
 */
const BASE = 0x0a000000;
const intervals = (max: number): fc.Arbitrary<number[]> =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max })), { maxLength: 3 })
    .map((pairs) => [
      ...intervalsFrom(pairs.map(([a, b]) => [Math.min(a, b), Math.max(a, b) + 1] as [number, number])),
    ]);
const addresses = intervals(7).map((v4) => ({ v4: v4.map((x) => BASE + x), v6: [] as bigint[] }));
const services = fc.tuple(intervals(7), intervals(7)).map(([tcp, udp]): ServiceSet => {
  let s: ServiceSet = new Map();
  if (tcp.length > 0) s = serviceUnion(s, serviceOfProtocol(6, undefined, tcp));
  if (udp.length > 0) s = serviceUnion(s, serviceOfProtocol(17, undefined, udp));
  return s;
});
const box: fc.Arbitrary<Box> = fc.record({
  src: addresses,
  dst: addresses,
  svc: services,
  inIf: intervals(3),
  outIf: intervals(3),
});

function* points(): Generator<[number, number, number, number, number, number]> {
  for (let s = 0; s < 8; s++)
    for (let d = 0; d < 8; d += 3)
      for (const proto of [6, 17])
        for (let port = 0; port < 8; port++)
          for (let i = 0; i < 4; i++) for (let o = 0; o < 4; o += 3) yield [s, d, proto, port, i, o];
}
const within = (b: Box, [s, d, proto, port, i, o]: readonly number[]): boolean =>
  addressContains(b.src, { family: 4, value: BASE + s! }) &&
  addressContains(b.dst, { family: 4, value: BASE + d! }) &&
  serviceContains(b.svc, proto!, 1000, port!) &&
  numbersContain(b.inIf, i!) &&
  numbersContain(b.outIf, o!);

describe('box algebra', () => {
  it('a minus b is the points of a outside b, as disjoint boxes; overlap means a shared point', () => {
    fc.assert(
      fc.property(box, box, (a, b) => {
        const pieces = subtractBox(a, b);
        let shared = false;
        for (const p of points()) {
          const inA = within(a, p);
          const inB = within(b, p);
          if (inA && inB) shared = true;
          const hits = pieces.filter((x) => within(x, p)).length;
          expect(hits).toBe(inA && !inB ? 1 : 0);
        }
        if (shared) expect(boxesOverlap(a, b)).toBe(true);
        // Boxes that share no point of the grid may still overlap off it; never the other way round.
        if (!boxesOverlap(a, b)) expect(pieces).toEqual([a]);
      }),
      { numRuns: 100, seed: 4122026 },
    );
  });
});
