import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lateralMovement } from '../../../models/paths';
import { EPHEMERAL } from '../../../models/paths/analyze';
import { OT_PROTOCOLS, PIVOT_SERVICES } from '../../../models/paths/catalogue';
import { portsOf } from '../../../models/paths/graph';
import { classSpace, probeRelation, routePaths, traceSite } from '../../../models/reach';
import { asset, filter, testSite } from '../topology/helpers';
import { referenceLateralMovement } from './reference-lateral';

/**
 * Two firewalls in parallel between A and B (hosts on A know no gateway, so both are ways
 * there), C behind fw2 only (fw1 routes to it through B): several ways per pair, which the
 * benchmark's star never has.
 *
 *   A 10.1.0.0/24 --fw1-- B 10.2.0.0/24 --fw2-- C 10.3.0.0/24
 *                 --fw2--
 */
const HOSTS = ['10.1.0.10', '10.1.0.11', '10.2.0.10', '10.2.0.11', '10.3.0.10', '10.3.0.11'];
const PORTS = [22, 445, 3389, 502, 102, 20000, 80];
const rule = fc.record({
  src: fc.constantFrom('', ...HOSTS, '10.1.0.0/24', '10.2.0.0/24', '10.3.0.0/24', '10.0.0.0/8'),
  dst: fc.constantFrom('', ...HOSTS, '10.1.0.0/24', '10.2.0.0/24', '10.3.0.0/24'),
  port: fc.constantFrom(...PORTS),
  accept: fc.boolean(),
});
const rules = fc.array(rule, { maxLength: 12 });
const text = (rs: { src: string; dst: string; port: number; accept: boolean }[]): string =>
  rs
    .map(
      (r) =>
        `-A FORWARD${r.src ? ` -s ${r.src}` : ''}${r.dst ? ` -d ${r.dst}` : ''} -p tcp --dport ${r.port} -j ${r.accept ? 'ACCEPT' : 'DROP'}`,
    )
    .join('\n');

const site = (r1: Parameters<typeof text>[0], r2: Parameters<typeof text>[0]) =>
  testSite(
    [
      {
        name: 'fw1',
        rules: filter(text(r1)),
        interfaces: { a: '10.1.0.1/24', b: '10.2.0.1/24' },
        routes: ['10.3.0.0/24 via 10.2.0.2'],
      },
      {
        name: 'fw2',
        rules: filter(text(r2)),
        interfaces: { a: '10.1.0.2/24', b: '10.2.0.2/24', c: '10.3.0.1/24' },
      },
    ],
    HOSTS.map((ip, i) =>
      asset(ip, `h${i}`, {
        zone: ['it', 'ops', 'cell'][Math.floor(i / 2)]!,
        purdueLevel: ([4, 3, 1] as const)[Math.floor(i / 2)]!,
      }),
    ),
  );

const probes = [...PIVOT_SERVICES, ...OT_PROTOCOLS].flatMap((s) =>
  portsOf(s).map((port) => ({ proto: s.proto, sport: EPHEMERAL, dport: port })),
);

describe('lateral movement on blocks, several ways per pair', () => {
  it('the site has several ways between its segments', () => {
    const net = site([], []);
    const ip = (t: string) => net.assets.find((a) => a.ipText === t)!.ip;
    expect(routePaths(net, ip('10.1.0.10'), ip('10.3.0.10')).paths.length).toBeGreaterThan(1);
  });

  it('opens exactly the probes an end-to-end trace of each flow permits', () => {
    fc.assert(
      fc.property(rules, rules, (r1, r2) => {
        const net = site(r1, r2);
        const space = classSpace(net);
        const atoms = net.assets.map((a) => space.atomAt(a.ip)!);
        const rel = probeRelation(space, probes, atoms);
        for (let i = 0; i < atoms.length; i++)
          for (let j = 0; j < atoms.length; j++) {
            if (i === j) continue;
            const block = rel.bySrc.get(atoms[i]!)?.find((b) => b.dst.includes(atoms[j]!));
            const got = probes.flatMap((_, k) => (block && rel.masks.has(block.open, k) ? [k] : []));
            const want = probes.flatMap((p, k) =>
              traceSite(net, { ...p, src: net.assets[i]!.ip, dst: net.assets[j]!.ip }).action === 'permit'
                ? [k]
                : [],
            );
            expect(got, `${net.assets[i]!.ipText} -> ${net.assets[j]!.ipText}`).toEqual(want);
          }
      }),
      { numRuns: 60 },
    );
  });

  it("gives the pair-by-pair search's answers", () => {
    fc.assert(
      fc.property(rules, rules, fc.integer({ min: 1, max: 3 }), (r1, r2, k) => {
        const net = site(r1, r2);
        const options = { k, from: ['it'], to: ['cell', 'ops'] };
        const fast = lateralMovement(net, options);
        const slow = referenceLateralMovement(net, options);
        expect({ ...fast, pairsEvaluated: 0 }).toEqual({ ...slow, pairsEvaluated: 0 });
      }),
      { numRuns: 60 },
    );
  });
});
