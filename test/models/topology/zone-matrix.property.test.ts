import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NO_SERVICE,
  type ServiceSet,
  formatServiceSet,
  serviceIsEmpty,
  serviceSubtract,
  serviceUnion,
} from '../../../models/net';
import { lateralMovement } from '../../../models/paths';
import { ReachOracle, classSpace, zoneMatrix, zoneMatrixKeeping } from '../../../models/reach';
import { ANY } from '../../../models/reach/cells';
import { INTERNET_ZONE, type Network } from '../../../models/topology/network';
import { asset, benchShapedSite as smallSite, filter, testSite } from './helpers';

/**
 * The zone matrix refines blocks of address classes and stops where no conduit can change any
 * more (full evidence, services that already hold what is left, flags set, no uncertainty to
 * come). Whatever the evidence cap, its services and flags must be the union, over every pair of
 * address classes, of what the pair-by-pair oracle (ReachOracle, one path at a time) finds.
 */

const sites = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  firewalls: fc.integer({ min: 2, max: 10 }),
  rules: fc.integer({ min: 5, max: 40 }),
  assets: fc.integer({ min: 4, max: 40 }),
  hostShare: fc.constantFrom(0, 0.2, 0.5),
  unsure: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
  routeless: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
});

interface Expected {
  services: ServiceSet;
  flat: boolean;
  uncertain: boolean;
  routeAssumed: boolean;
  natIgnored: boolean;
}

/** The conduits the oracle finds pair by pair, as the matrix states them. */
function expected(net: Network): Map<string, Expected> {
  const space = classSpace(net);
  const oracle = new ReachOracle(net);
  const out = new Map<string, Expected>();
  for (const family of [4, 6] as const) {
    const atoms = space.atomsOf(family);
    for (const s of atoms) {
      if (s.segment === null && s.zone !== INTERNET_ZONE) continue;
      for (const d of atoms) {
        if (s.zone === d.zone) continue;
        const at = (a: typeof s) =>
          family === 4 ? { family, value: Number(a.lo) } : { family, value: a.lo };
        const p = oracle.between(at(s) as never, at(d) as never);
        if (serviceIsEmpty(p.services)) continue;
        const k = `${s.zone}>${d.zone}`;
        const e = out.get(k) ?? {
          services: NO_SERVICE,
          flat: false,
          uncertain: false,
          routeAssumed: false,
          natIgnored: false,
        };
        e.services = serviceUnion(e.services, p.services);
        e.flat ||= p.flat;
        e.uncertain ||= p.uncertain;
        e.routeAssumed ||= p.routeAssumed;
        e.natIgnored ||= p.natIgnored;
        out.set(k, e);
      }
    }
  }
  return out;
}

describe('zone matrix', () => {
  it('states exactly what every pair of address classes opens, whatever evidence it keeps', () => {
    let uncertainSeen = 0;
    let assumedSeen = 0;
    fc.assert(
      fc.property(sites, fc.constantFrom(0, 1, 3, 32), (o, cap) => {
        const net = smallSite(o);
        const want = expected(net);
        const m = zoneMatrixKeeping(net, cap);
        const got = new Map(m.conduits.map((c) => [`${c.from}>${c.to}`, c]));
        // Refining every block to the end keeps the same first examples.
        const all = new Map(
          zoneMatrixKeeping(net, Number.POSITIVE_INFINITY, false).conduits.map((c) => [
            `${c.from}>${c.to}`,
            c,
          ]),
        );
        expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
        expect(m.stats.classPairs).toBeLessThanOrEqual(zoneMatrixKeeping(net, cap, false).stats.classPairs);
        for (const [k, e] of want) {
          const c = got.get(k)!;
          const services = c.flat ? ANY : c.services;
          const wanted = e.flat ? ANY : e.services;
          const same =
            serviceIsEmpty(serviceSubtract(services, wanted)) &&
            serviceIsEmpty(serviceSubtract(wanted, services));
          expect(same, `${k}: ${formatServiceSet(services)} (want ${formatServiceSet(wanted)})`).toBe(true);
          expect(
            { flat: c.flat, uncertain: c.uncertain, routeAssumed: c.routeAssumed, natIgnored: c.natIgnored },
            k,
          ).toEqual({
            flat: e.flat,
            uncertain: e.uncertain,
            routeAssumed: e.routeAssumed,
            natIgnored: e.natIgnored,
          });
          expect(c.evidence, k).toEqual(all.get(k)!.evidence.slice(0, cap));
          if (e.uncertain) uncertainSeen++;
          if (e.routeAssumed) assumedSeen++;
        }
      }),
      { numRuns: 60, seed: 20261205 },
    );
    // The undecidable rules did make some conduits uncertain (the flag was tested, not vacuous).
    expect(uncertainSeen).toBeGreaterThan(0);
    expect(assumedSeen).toBeGreaterThan(0);
  });

  it('reports the same work whatever ran on the site before it (reports repeat byte for byte)', () => {
    fc.assert(
      fc.property(sites, (o) => {
        const fresh = zoneMatrix(smallSite(o)).stats;
        const used = smallSite(o);
        lateralMovement(used, {});
        expect(zoneMatrix(used).stats).toEqual(fresh);
      }),
      { numRuns: 15, seed: 20261205 },
    );
  });

  it('goes on refining toward a device that may answer uncertainly, though the services are all known', () => {
    // corp reaches ot through fw2 (certain) and fw3, whose only rule cannot be decided from a
    // flow. With no evidence kept, tcp/443 is known after the way through fw2; the way through
    // fw3 adds nothing but the uncertainty, which the conduit must still get.
    const net = testSite(
      [
        {
          name: 'fw1',
          rules: filter('-A FORWARD -p tcp --dport 443 -j ACCEPT'),
          interfaces: { eth0: '10.1.0.1/24', eth1: '10.0.0.1/24' },
          routes: ['10.2.0.0/24 via 10.0.0.2', '10.3.0.0/24 via 10.0.0.3'],
        },
        {
          name: 'fw2',
          rules: filter('', 'ACCEPT'),
          interfaces: { eth0: '10.0.0.2/24', eth1: '10.2.0.1/24' },
          routes: ['10.1.0.0/24 via 10.0.0.1'],
        },
        {
          name: 'fw3',
          rules: filter('-A FORWARD -m mark --mark 0x1 -j ACCEPT'),
          interfaces: { eth0: '10.0.0.3/24', eth1: '10.3.0.1/24' },
          routes: ['10.1.0.0/24 via 10.0.0.1'],
        },
      ],
      [
        asset('10.1.0.5', 'pc', { zone: 'corp' }),
        asset('10.2.0.5', 'hmi', { zone: 'ot' }),
        asset('10.3.0.5', 'plc', { zone: 'ot' }),
      ],
    );
    for (const cap of [0, 32]) {
      const c = zoneMatrixKeeping(net, cap).conduits.find((x) => x.from === 'corp' && x.to === 'ot')!;
      expect(formatServiceSet(c.services)).toBe('tcp/443');
      expect(c.uncertain).toBe(true);
    }
    expect(expected(net).get('corp>ot')!.uncertain).toBe(true);
  });
});
