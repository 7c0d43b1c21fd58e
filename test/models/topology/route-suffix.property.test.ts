import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RoutePaths, classSpace, routePathsFrom } from '../../../models/reach';
import { parsePrefix } from '../../../models/topology/prefix';
import { segmentOf } from '../../../models/topology/network';
import { type TestFirewall, filter, testSite } from './helpers';

/**
 * Route-only traces share the rest of a trace from where it enters a device (per class of
 * destinations). A shared rest must never change a trace: random topologies with several
 * gateways per segment, routing loops, black holes and default routes, traced through the
 * class space (shared rests) and alone (none), for every source segment and route class.
 */

const topology = fc
  .record({
    devices: fc.integer({ min: 2, max: 6 }),
    segments: fc.integer({ min: 2, max: 7 }),
    seed: fc.array(fc.nat(1000), { minLength: 80, maxLength: 80 }),
  })
  .map(({ devices, segments, seed }) => {
    let i = 0;
    const next = (n: number): number => seed[i++ % seed.length]! % n;
    const attach: number[][] = Array.from({ length: devices }, (_, d) => {
      const on = new Set([d % segments, next(segments), next(segments)]);
      return [...on].slice(0, 1 + next(3));
    });
    // Interface address of device d on segment s: 10.s.0.(d+1).
    const addr = (d: number, s: number): string => `10.${s}.0.${d + 1}`;
    const firewalls: TestFirewall[] = attach.map((segs, d) => {
      const interfaces: Record<string, string> = {};
      for (const s of segs) interfaces[`e${s}`] = `${addr(d, s)}/24`;
      const routes: string[] = [];
      const count = next(4);
      for (let r = 0; r < count; r++) {
        // A next hop on one of its own segments: another device there, or nobody (outside).
        const s = segs[next(segs.length)]!;
        const others = attach.flatMap((o, od) => (od !== d && o.includes(s) ? [od] : []));
        const hop =
          others.length > 0 && next(4) > 0 ? addr(others[next(others.length)]!, s) : `10.${s}.0.200`;
        const prefix = next(3) === 0 ? 'default' : `10.${next(segments + 1)}.0.0/${next(2) === 0 ? 16 : 24}`;
        routes.push(`${prefix === 'default' ? '0.0.0.0/0' : prefix} via ${hop}`);
      }
      return { name: `fw${d}`, rules: filter(''), interfaces, routes };
    });
    return firewalls;
  });

const shape = (r: RoutePaths) => ({
  gatewayGuessed: r.gatewayGuessed,
  paths: r.paths.map((p) => ({
    outcome: p.outcome,
    reason: p.reason,
    hops: p.hops.map((h) => `${h.device}/${h.in}/${h.out ?? '-'}/${h.route?.line ?? '-'}/${h.routeAssumed}`),
  })),
});

describe('shared rests of route traces', () => {
  it('trace exactly as a trace alone does, loops and several gateways included', () => {
    fc.assert(
      fc.property(topology, (firewalls) => {
        const net = testSite(firewalls);
        const space = classSpace(net);
        const atoms = space.atomsOf(4);
        // Device addresses and their neighbours: the ranges on either side of one are one class.
        const near = firewalls.flatMap((f) =>
          Object.values(f.interfaces)
            .flat()
            .flatMap((cidr) => {
              const v = Number(parsePrefix(cidr)!.host.value);
              return [v - 1, v, v + 1];
            }),
        );
        for (const seg of [...net.segments, null]) {
          const src = seg ? seg.prefix.host : { family: 4 as const, value: 0x08080808 };
          const from = seg ? (segmentOf(net, src) ?? null) : null;
          for (const a of atoms) {
            // Addresses of one class: the memo is filled by one and must serve the others.
            const inside = near.filter((v) => BigInt(v) >= a.lo && BigInt(v) < a.hi);
            for (const v of [Number(a.lo), Number(a.hi) - 1, ...inside]) {
              const dst = { family: 4 as const, value: v };
              const shared = space.routesFrom(from, 4, space.routeClassOf(4, BigInt(v)), src, dst);
              expect(shape(shared)).toEqual(shape(routePathsFrom(net, from, src, dst)));
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('does not lend a rest traced near the destination to a trace that enters deeper than the depth limit allows', () => {
    // A chain of 36 firewalls: c<k> joins 10.k.0.0/24 and 10.(k+1).0.0/24 and sends everything on.
    const n = 36;
    const chain: TestFirewall[] = Array.from({ length: n }, (_, k) => ({
      name: `c${k}`,
      rules: filter('', 'ACCEPT'),
      interfaces: { a: `10.${k}.0.1/24`, b: `10.${k + 1}.0.2/24` },
      routes: k + 1 < n ? [`0.0.0.0/0 via 10.${k + 1}.0.1`] : [],
    }));
    const net = testSite(chain);
    const space = classSpace(net);
    const dst = { family: 4 as const, value: (10 << 24) | (n << 16) | 9 };
    const rc = space.routeClassOf(4, BigInt(dst.value));
    const from = (k: number) => {
      const src = { family: 4 as const, value: (10 << 24) | (k << 16) | 9 };
      return { seg: segmentOf(net, src)!, src };
    };
    // Near the destination first (its rest from c31 on is kept), then from the far end.
    const near = from(30);
    expect(space.routesFrom(near.seg, 4, rc, near.src, dst).paths[0]!.outcome).toBe('delivered');
    const far = from(0);
    const shared = space.routesFrom(far.seg, 4, rc, far.src, dst);
    const alone = routePathsFrom(net, far.seg, far.src, dst);
    expect(alone.paths[0]!.outcome).toBe('loop');
    expect(shape(shared)).toEqual(shape(alone));
  });
});
