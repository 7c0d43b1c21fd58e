import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lateralMovement } from '../../../models/paths';
import { EPHEMERAL } from '../../../models/paths/analyze';
import { OT_PROTOCOLS, PIVOT_SERVICES } from '../../../models/paths/catalogue';
import { portsOf } from '../../../models/paths/graph';
import { classSpace, probeRelation, traceSite, zoneMatrix } from '../../../models/reach';
import { benchShapedSite } from '../topology/helpers';
import { referenceLateralMovement } from './reference-lateral';

const sites = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  firewalls: fc.integer({ min: 2, max: 7 }),
  rules: fc.integer({ min: 5, max: 40 }),
  assets: fc.integer({ min: 4, max: 40 }),
  hostShare: fc.constantFrom(0, 0.2, 0.5),
});

const picks = fc.array(fc.nat(), { maxLength: 12 });

const probes = [...PIVOT_SERVICES, ...OT_PROTOCOLS].flatMap((s) =>
  portsOf(s).map((port) => ({ proto: s.proto, sport: EPHEMERAL, dport: port })),
);

describe('lateral movement on blocks', () => {
  // Before the zone matrix the relation groups only the atoms asked for; after it, the matrix's
  // groups of every atom (with their memoized splits).
  it.each([
    ['alone', false],
    ['after the zone matrix', true],
  ])('opens exactly the probes an end-to-end trace of each flow permits (%s)', (_, afterMatrix) => {
    fc.assert(
      fc.property(sites, (o) => {
        const net = benchShapedSite(o);
        const space = classSpace(net);
        if (afterMatrix) zoneMatrix(net);
        expect(space.matrixBuilt()).toBe(afterMatrix);
        const atoms = net.assets.map((a) => space.atomAt(a.ip)!);
        const rel = probeRelation(space, probes, atoms);
        const open = (i: number, j: number): number[] => {
          const block = rel.bySrc.get(atoms[i]!)?.find((b) => b.dst.includes(atoms[j]!));
          return probes.flatMap((_, k) => (block && rel.masks.has(block.open, k) ? [k] : []));
        };
        for (let i = 0; i < net.assets.length; i++)
          for (let j = 0; j < net.assets.length; j++) {
            if (i === j) continue;
            const want = probes.flatMap((p, k) =>
              traceSite(net, { ...p, src: net.assets[i]!.ip, dst: net.assets[j]!.ip }).action === 'permit'
                ? [k]
                : [],
            );
            expect(open(i, j), `${net.assets[i]!.ipText} -> ${net.assets[j]!.ipText}`).toEqual(want);
          }
      }),
      { numRuns: 25 },
    );
  });

  it("gives the pair-by-pair search's targets, paths and blast radius", () => {
    fc.assert(
      fc.property(
        sites,
        picks,
        picks,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (o, f, t, k, maxHops) => {
          const net = benchShapedSite(o);
          // Footholds and targets: the defaults, or assets picked at random.
          const names = (p: number[]): string[] => p.map((i) => net.assets[i % net.assets.length]!.name);
          const options = { k, maxHops, from: names(f), to: names(t) };
          const fast = lateralMovement(net, options);
          const slow = referenceLateralMovement(net, options);
          expect({ ...fast, pairsEvaluated: 0 }).toEqual({ ...slow, pairsEvaluated: 0 });
        },
      ),
      { numRuns: 60 },
    );
  });
});
