/**
 * Static routes (`routing-options static route P ...`) become Device.routes, which the site model
 * routes with: a next-hop address, an interface next hop, and discard / reject black holes.
 */
import { describe, expect, it } from 'vitest';
import { importJunos } from '../../../../models/import/junos';
import { parseAddress } from '../../../../models/net';
import { routeLookup } from '../../../../models/topology';

const SET = [
  'set system host-name r1', // 1
  'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/29', // 2
  'set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24', // 3
  'set interfaces st0 unit 0 family inet address 169.254.10.1/30', // 4
  'set routing-options static route 0.0.0.0/0 next-hop 192.0.2.6', // 5
  'set routing-options static route 10.50.0.0/16 next-hop st0.0', // 6
  'set routing-options static route 10.60.0.0/16 next-hop st0', // 7
  'set routing-options static route 10.99.0.0/16 discard', // 8
  'set routing-options static route 10.98.0.0/16 reject', // 9
  'set routing-options static route 10.70.0.0/16 qualified-next-hop 10.1.0.254', // 10
  'set interfaces ge-0/0/1 unit 0 family inet6 address 2001:db8:1::1/64', // 11
  'set routing-options rib inet6.0 static route ::/0 next-hop 2001:db8:1::fe', // 12
  'set routing-options rib inet.3 static route 10.80.0.0/16 next-hop 10.1.0.253', // 13
].join('\n');

const CURLY = `system {
    host-name r1;
}
interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet {
                address 192.0.2.1/29;
            }
        }
    }
    ge-0/0/1 {
        unit 0 {
            family inet {
                address 10.1.0.1/24;
            }
            family inet6 {
                address 2001:db8:1::1/64;
            }
        }
    }
    st0 {
        unit 0 {
            family inet {
                address 169.254.10.1/30;
            }
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 192.0.2.6;
        route 10.50.0.0/16 next-hop st0.0;
        route 10.60.0.0/16 next-hop st0;
        route 10.99.0.0/16 discard;
        route 10.98.0.0/16 reject;
        route 10.70.0.0/16 qualified-next-hop 10.1.0.254;
    }
    rib inet6.0 {
        static {
            route ::/0 next-hop 2001:db8:1::fe;
        }
    }
    rib inet.3 {
        static {
            route 10.80.0.0/16 next-hop 10.1.0.253;
        }
    }
}
`;

function deviceOf(name: string, text: string) {
  const r = importJunos(name, text);
  expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  expect(r.devices).toHaveLength(1);
  return r.devices[0]!;
}

const ip = (text: string) => {
  const a = parseAddress(text);
  if (!a.ok) throw new Error(text);
  return a.value;
};

describe('Junos static routes', () => {
  it('become Device.routes: next-hop addresses, interface next hops, discard and reject', () => {
    const d = deviceOf('r1.set', SET);
    expect(d.support.routes).toBe('modelled');
    expect(d.routes.map((r) => [r.prefix, r.nextHop ?? null, r.interface ?? null, r.source?.line])).toEqual([
      ['0.0.0.0/0', '192.0.2.6', null, 5],
      ['10.50.0.0/16', null, 'st0.0', 6],
      ['10.60.0.0/16', null, 'st0.0', 7],
      ['10.99.0.0/16', null, 'discard', 8],
      ['10.98.0.0/16', null, 'reject', 9],
      ['10.70.0.0/16', '10.1.0.254', null, 10],
      ['::/0', '2001:db8:1::fe', null, 12],
    ]);
  });

  it('give the same routes in the curly form, each citing its route line', () => {
    const set = deviceOf('r1.set', SET);
    const curly = deviceOf('r1.conf', CURLY);
    const lines = CURLY.split('\n');
    expect(curly.routes.map((r) => [r.prefix, r.nextHop, r.interface])).toEqual(
      set.routes.map((r) => [r.prefix, r.nextHop, r.interface]),
    );
    for (const r of curly.routes) expect(lines[r.source!.line - 1]!.trim()).toBe(r.source!.text.trim());
    expect(curly.routes[0]!.source!.text.trim()).toBe('route 0.0.0.0/0 next-hop 192.0.2.6;');
  });

  it('route packets in the site model: longest prefix, next hop resolved to its interface, black holes', () => {
    const d = deviceOf('r1.set', SET);
    expect(routeLookup(d, ip('8.8.8.8'))).toMatchObject({ kind: 'route', interface: 'ge-0/0/0.0' });
    expect(routeLookup(d, ip('10.50.3.4'))).toMatchObject({ kind: 'route', interface: 'st0.0' });
    expect(routeLookup(d, ip('10.70.1.1'))).toMatchObject({ kind: 'route', interface: 'ge-0/0/1.0' });
    expect(routeLookup(d, ip('10.1.0.9'))).toMatchObject({
      kind: 'route',
      interface: 'ge-0/0/1.0',
      nextHop: null,
    });
    expect(routeLookup(d, ip('10.99.1.1'))).toMatchObject({ kind: 'none', source: { line: 8 } });
    expect(routeLookup(d, ip('10.98.1.1'))).toMatchObject({ kind: 'none', source: { line: 9 } });
    expect(routeLookup(d, ip('2001:db8:ffff::1'))).toMatchObject({ kind: 'route', interface: 'ge-0/0/1.0' });
    // inet.3 (MPLS next hops) is not the forwarding table: 10.80/16 follows the default route.
    expect(routeLookup(d, ip('10.80.0.1'))).toMatchObject({ kind: 'route', interface: 'ge-0/0/0.0' });
  });

  it('leave a device without routing-options with no routes (the site model then assumes routes)', () => {
    const d = deviceOf('r2.set', 'set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24');
    expect(d.routes).toEqual([]);
    expect(d.support.routes).toBe('absent');
  });
});
