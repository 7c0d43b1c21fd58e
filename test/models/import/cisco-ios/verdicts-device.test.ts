/**
 * Verdicts of whole devices: ACLs bound in and out on interfaces (and by address family), an
 * applied but undefined ACL (IOS then filters nothing), traffic to the router, and the
 * zone-based firewall (zone-pairs, class-maps, class-default, no zone-pair, zone to no zone,
 * two unzoned interfaces, the self zone).
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, parse, verdict } from './support';

const IF = 'interfaces-bindings.cfg';
const ZBF = 'zone-based-firewall.cfg';

describe('interface bindings', () => {
  const dev = device(IF);
  it('an inbound ACL decides traffic entering its interface', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.1', '10.0.0.10', 40000, 443), {
        in: 'GigabitEthernet0/0',
        out: 'GigabitEthernet0/1',
      }),
      'permit',
      IF,
      lineOf(IF, 'host 10.0.0.10 eq 443'),
    );
    const v = verdict(dev, flow('tcp', '198.51.100.1', '10.0.0.10', 40000, 80), {
      in: 'GigabitEthernet0/0',
      out: 'GigabitEthernet0/1',
    });
    expectVerdict(v, 'deny', IF, null);
    expect(v.reason).toBe('implicit-deny');
  });
  it('an outbound ACL decides traffic leaving its interface', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.1', 40000, 25), {
        in: 'GigabitEthernet0/1',
        out: 'GigabitEthernet0/0',
      }),
      'deny',
      IF,
      lineOf(IF, 'deny tcp any any eq 25'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.1', 40000, 80), {
        in: 'GigabitEthernet0/1',
        out: 'GigabitEthernet0/0',
      }),
      'permit',
      IF,
      lineOf(IF, 'permit ip any any'),
    );
  });
  it('an applied but undefined ACL filters nothing, and says so at the access-group line', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.5', '10.0.1.9', 40000, 3389), {
      in: 'GigabitEthernet0/1',
      out: 'GigabitEthernet0/2',
    });
    expect(v.action).toBe('permit');
    expect(v.reason).toBe('unfiltered');
    expect(dev.lists.has('NOT-DEFINED')).toBe(false);
    expect(dev.bindings.some((b) => b.inInterface === 'GigabitEthernet0/1')).toBe(false);
  });
  it('IPv4 access-groups do not filter IPv6, and ipv6 traffic-filter does', () => {
    const ask = { in: 'GigabitEthernet0/0', out: 'GigabitEthernet0/1' };
    expectVerdict(
      verdict(dev, flow('tcp', '2001:db8:9::1', '2001:db8:2::10', 40000, 443), ask),
      'permit',
      IF,
      lineOf(IF, 'host 2001:db8:2::10 eq 443'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '2001:db8:9::1', '2001:db8:2::10', 40000, 80), ask),
      'deny',
      IF,
      lineOf(IF, 'deny ipv6 any any log'),
    );
  });
  it('an inbound ACL also filters traffic to the router itself', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.1', '203.0.113.2', 40000, 22), {
        in: 'GigabitEthernet0/0',
        to: 'to-device',
      }),
      'permit',
      IF,
      lineOf(IF, 'host 203.0.113.2 eq 22'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.1', '203.0.113.2', 40000, 23), {
        in: 'GigabitEthernet0/0',
        to: 'to-device',
      }),
      'deny',
      IF,
      null,
    );
  });
  it('records addresses (secondary too), static routes, shutdown, and keeps the description as data', () => {
    expect(dev.interfaces.map((i) => [i.name, i.addresses])).toEqual([
      ['GigabitEthernet0/0', ['203.0.113.2/30', '2001:db8:1::2/64']],
      ['GigabitEthernet0/1', ['10.0.0.1/24', '10.0.1.1/24']],
      ['GigabitEthernet0/2', []],
      ['Loopback0', ['192.0.2.1/32']],
    ]);
    expect(dev.interfaces.find((i) => i.name === 'Loopback0')!.loopback).toBe(true);
    expect(dev.routes.map((r) => [r.prefix, r.nextHop ?? null, r.interface ?? null])).toEqual([
      ['0.0.0.0/0', '203.0.113.1', null],
      ['10.50.0.0/16', '10.0.0.254', 'GigabitEthernet0/1'],
      ['::/0', '2001:db8:1::1', null],
    ]);
    const cfg = parse(IF).config;
    expect(cfg.interfaces.get('GigabitEthernet0/2')!.shutdown).toBe(true);
    expect(cfg.interfaces.get('GigabitEthernet0/0')!.description).toBe(
      '<script>alert(1)</script> "; rm -rf / ; `uplink`',
    );
  });
});

describe('zone-based firewall', () => {
  const dev = device(ZBF);
  const inOut = { in: 'GigabitEthernet1', out: 'GigabitEthernet2' };
  const defaultDrop = lineOf(ZBF, '  drop', lineOf(ZBF, 'class class-default'));
  it('a zone-pair policy applies its classes in order', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '8.8.8.8', 40000, 80), inOut),
      'permit',
      ZBF,
      lineOf(ZBF, 'match protocol http'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '8.8.8.8', 40000, 22), inOut),
      'deny',
      ZBF,
      lineOf(ZBF, 'permit tcp 10.0.0.0 0.0.0.255 any eq 22'),
    );
  });
  it('a match-all class needs every match; a deny in its ACL is a miss, falling to class-default', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.66', '8.8.8.8', 40000, 22), inOut),
      'deny',
      ZBF,
      defaultDrop,
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.0.0.5', '8.8.8.8', 40000, 53), inOut),
      'deny',
      ZBF,
      defaultDrop,
    );
  });
  it('zones without a zone-pair drop, citing no line', () => {
    const v = verdict(dev, flow('tcp', '8.8.8.8', '10.0.0.5', 40000, 80), {
      in: 'GigabitEthernet2',
      out: 'GigabitEthernet1',
    });
    expectVerdict(v, 'deny', ZBF, null);
    expect(v.reason).toBe('implicit-deny');
  });
  it('pass permits; a policy without class-default ends in the implicit drop', () => {
    const ask = { in: 'GigabitEthernet2', out: 'GigabitEthernet3' };
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '172.16.0.10', 40000, 443), ask),
      'permit',
      ZBF,
      lineOf(ZBF, 'access-list 120'),
    );
    expectVerdict(verdict(dev, flow('tcp', '8.8.8.8', '172.16.0.11', 40000, 443), ask), 'deny', ZBF, null);
  });
  it('traffic between a zone and no zone is dropped, both ways; two unzoned interfaces pass', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '192.168.9.9', 40000, 80), {
        in: 'GigabitEthernet1',
        out: 'GigabitEthernet4',
      }),
      'deny',
      ZBF,
      null,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '192.168.9.9', '10.0.0.5', 40000, 80), {
        in: 'GigabitEthernet4',
        out: 'GigabitEthernet1',
      }),
      'deny',
      ZBF,
      null,
    );
    const v = verdict(dev, flow('tcp', '192.168.9.9', '192.168.10.9', 40000, 80), {
      in: 'GigabitEthernet4',
      out: 'GigabitEthernet5',
    });
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
  });
  it('traffic within one zone passes', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.5', '10.0.0.6', 40000, 80), {
      fromZone: 'INSIDE',
      toZone: 'INSIDE',
    });
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
  });
  it('the self zone: a zone-pair to self filters traffic to the router; without one it passes', () => {
    const fromOutside = { in: 'GigabitEthernet2', to: 'to-device' as const };
    expectVerdict(
      verdict(dev, flow('tcp', '203.0.113.50', '203.0.113.1', 40000, 22), fromOutside),
      'permit',
      ZBF,
      lineOf(ZBF, '  pass', lineOf(ZBF, 'policy-map type inspect TO-SELF')),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '203.0.113.1', 40000, 22), fromOutside),
      'permit',
      ZBF,
      lineOf(ZBF, 'permit tcp 10.0.0.0 0.0.0.255 any eq 22'),
    );
    const v = verdict(dev, flow('tcp', '10.0.0.5', '10.0.0.1', 40000, 22), {
      in: 'GigabitEthernet1',
      to: 'to-device',
    });
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
  });
  it('exposes zones and their members', () => {
    expect(dev.zones.map((z) => [z.name, z.interfaces])).toEqual([
      ['INSIDE', ['GigabitEthernet1']],
      ['OUTSIDE', ['GigabitEthernet2']],
      ['DMZ', ['GigabitEthernet3']],
    ]);
  });
});

describe('zone-based firewall mistakes', () => {
  const F = 'zbf-mistakes--warnings.cfg';
  const dev = device(F);
  it('a zone-pair without a service-policy drops', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.1', '10.2.2.2', 40000, 80), {
      in: 'Ethernet1',
      out: 'Ethernet0',
    });
    expectVerdict(v, 'deny', F, null);
  });
  it('an undecidable protocol match on a pass class is taken to match, and the verdict says it is uncertain', () => {
    const v = verdict(dev, flow('tcp', '10.1.1.1', '10.2.2.2', 40000, 80), {
      in: 'Ethernet0',
      out: 'Ethernet1',
    });
    expectVerdict(v, 'permit', F, lineOf(F, 'match protocol gopher'));
    expect(v.uncertain.length).toBeGreaterThan(0);
  });
  it('an interface whose zone is undefined is in no zone, so traffic from a zone to it drops', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.1', '10.3.3.3', 40000, 80), { in: 'Ethernet0', out: 'Ethernet2' }),
      'deny',
      F,
      null,
    );
  });
});
