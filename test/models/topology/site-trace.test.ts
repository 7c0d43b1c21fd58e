import { describe, expect, it } from 'vitest';
import { traceSite } from '../../../models/reach';
import { filter, flow, testSite } from './helpers';

/**
 *   10.1.0.0/24 (it) --fw1-- 10.2.0.0/24 (dmz) --fw2-- 10.3.0.0/24 (ot) --fw3-- 10.4.0.0/24 (cell)
 */
const site = () =>
  testSite([
    {
      name: 'fw1',
      rules: filter(
        '-A FORWARD -s 10.1.0.0/24 -d 10.2.0.10/32 -p tcp --dport 443 -j ACCEPT\n-A FORWARD -s 10.1.0.0/24 -p tcp --dport 3389 -j ACCEPT',
      ),
      interfaces: { eth0: '10.1.0.1/24', eth1: '10.2.0.1/24' },
      routes: ['10.3.0.0/24 via 10.2.0.2', '10.4.0.0/24 via 10.2.0.2'],
    },
    {
      name: 'fw2',
      rules: filter(
        '-A FORWARD -i eth0 -o eth1 -p tcp --dport 3389 -j ACCEPT\n-A FORWARD -s 10.2.0.10 -d 10.4.0.0/24 -p tcp --dport 502 -j ACCEPT',
      ),
      interfaces: { eth0: '10.2.0.2/24', eth1: '10.3.0.1/24' },
      routes: ['10.1.0.0/24 via 10.2.0.1', '10.4.0.0/24 via 10.3.0.2'],
    },
    {
      name: 'fw3',
      rules: filter('-A FORWARD -d 10.4.0.10 -p tcp --dport 502 -j ACCEPT', 'DROP'),
      interfaces: { up: '10.3.0.2/24', cell: '10.4.0.1/24' },
      routes: ['0.0.0.0/0 via 10.3.0.1'],
    },
  ]);

describe('traceSite', () => {
  it('builds segments from interface addresses and joins devices to them', () => {
    const net = site();
    expect(net.segments.map((s) => [s.id, s.attachments.map((a) => `${a.device}:${a.interface}`)])).toEqual([
      ['10.1.0.0/24', ['fw1:eth0']],
      ['10.2.0.0/24', ['fw1:eth1', 'fw2:eth0']],
      ['10.3.0.0/24', ['fw2:eth1', 'fw3:up']],
      ['10.4.0.0/24', ['fw3:cell']],
    ]);
  });

  it('permits same-segment traffic with no firewall on the way', () => {
    const v = traceSite(site(), flow('tcp', '10.1.0.5', '10.1.0.9', 445));
    expect(v.action).toBe('permit');
    expect(v.decisive.hops).toEqual([]);
  });

  it('follows static routes through every firewall and cites each rule', () => {
    const v = traceSite(site(), flow('tcp', '10.2.0.10', '10.4.0.10', 502));
    expect(v.action).toBe('permit');
    expect(v.decisive.hops.map((h) => [h.device, h.in, h.out, h.verdict.rule?.line])).toEqual([
      ['fw2', 'eth0', 'eth1', 6],
      ['fw3', 'up', 'cell', 5],
    ]);
    expect(v.routeAssumed).toBe(false);
  });

  it('denies at the first firewall that drops, citing it', () => {
    const v = traceSite(site(), flow('tcp', '10.1.0.5', '10.4.0.10', 502));
    expect(v.action).toBe('deny');
    expect(v.denyingHop?.device).toBe('fw1');
    expect(v.denyingHop?.verdict.reason).toBe('default');
  });

  it('RDP from IT passes fw1 and fw2 but not the cell firewall', () => {
    const net = site();
    expect(traceSite(net, flow('tcp', '10.1.0.5', '10.3.0.20', 3389)).action).toBe('permit');
    const v = traceSite(net, flow('tcp', '10.1.0.5', '10.4.0.20', 3389));
    expect(v.action).toBe('deny');
    expect(v.denyingHop?.device).toBe('fw3');
  });

  it('reports a black hole when a firewall has no route', () => {
    const v = traceSite(site(), flow('tcp', '10.4.0.10', '192.0.2.1', 80));
    // fw3 routes everything to fw2, which has no route to 192.0.2.1.
    expect(v.action).toBe('deny');
    expect(v.decisive.outcome).not.toBe('delivered');
  });
});

describe('routing problems in the zone matrix', () => {
  it('reports a black hole where a firewall with routes has none for the destination, and a loop', async () => {
    const { zoneMatrix } = await import('../../../models/reach');
    const holes = zoneMatrix(site()).routing.filter((r) => r.kind === 'black-hole');
    // fw2 has routes but none to the internet: packets from the cell (routed there by fw3's default) die at fw2.
    expect(holes.some((r) => r.device === 'fw2' && r.toZone === 'internet')).toBe(true);
    const loop = testSite([
      {
        name: 'a',
        rules: filter('', 'ACCEPT'),
        interfaces: { x: '10.1.0.1/24', y: '10.2.0.1/24' },
        routes: ['10.9.0.0/16 via 10.2.0.2'],
      },
      {
        name: 'b',
        rules: filter('', 'ACCEPT'),
        interfaces: { y: '10.2.0.2/24', z: '10.3.0.1/24' },
        routes: ['10.9.0.0/16 via 10.2.0.1'],
      },
    ]);
    const v = traceSite(loop, flow('tcp', '10.1.0.5', '10.9.1.1', 80));
    expect(v.decisive.outcome).toBe('loop');
  });
});

describe('traceSite edges', () => {
  it("traffic to a firewall's own address from its own segment meets the firewall's INPUT", () => {
    const net = testSite([
      {
        name: 'fw',
        rules:
          '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
        interfaces: { a: '10.1.0.1/24', b: '10.2.0.1/24' },
      },
    ]);
    const ssh = traceSite(net, flow('tcp', '10.1.0.5', '10.1.0.1', 22));
    expect([ssh.action, ssh.decisive.hops[0]?.out, ssh.decisive.hops[0]?.verdict.rule?.line]).toEqual([
      'permit',
      null,
      5,
    ]);
    const telnet = traceSite(net, flow('tcp', '10.1.0.5', '10.1.0.1', 23));
    expect([telnet.action, telnet.denyingHop?.verdict.reason]).toEqual(['deny', 'default']);
  });

  it('an interface with a secondary subnet delivers to the subnet that holds the destination', () => {
    const net = testSite([
      {
        name: 'fw',
        rules: filter('-A FORWARD -d 10.3.0.0/24 -j ACCEPT'),
        interfaces: { a: '10.1.0.1/24', b: ['10.2.0.1/24', '10.3.0.1/24'] },
      },
    ]);
    const v = traceSite(net, flow('tcp', '10.1.0.5', '10.3.0.9', 80));
    expect([v.action, v.decisive.outcome, v.decisive.reason]).toEqual([
      'permit',
      'delivered',
      'reached 10.3.0.0/24',
    ]);
  });
});

describe('discard routes from ip route', () => {
  it('a blackhole route drops what it covers, though a broader route would forward it', async () => {
    const { assembleSite } = await import('../../../models/topology');
    const addr = JSON.stringify([
      { ifname: 'a', addr_info: [{ family: 'inet', local: '10.1.0.1', prefixlen: 24 }] },
      { ifname: 'b', addr_info: [{ family: 'inet', local: '10.2.0.1', prefixlen: 24 }] },
    ]);
    const route = [
      '10.1.0.0/24 dev a proto kernel scope link src 10.1.0.1',
      '10.2.0.0/24 dev b proto kernel scope link src 10.2.0.1',
      'blackhole 10.2.0.128/25',
    ].join('\n');
    const site = assembleSite([
      { name: 'fw.iptables-save', text: filter('', 'ACCEPT') },
      { name: 'fw.ip-addr.json', text: addr },
      { name: 'fw.ip-route.txt', text: route },
    ]);
    expect(traceSite(site.network, flow('tcp', '10.1.0.5', '10.2.0.9', 80)).action).toBe('permit');
    const dropped = traceSite(site.network, flow('tcp', '10.1.0.5', '10.2.0.200', 80));
    expect([dropped.action, dropped.decisive.outcome, dropped.decisive.hops[0]?.route?.line]).toEqual([
      'deny',
      'no-route',
      3,
    ]);
  });
});
