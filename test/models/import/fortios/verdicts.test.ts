/**
 * FortiOS semantics, one edge per test, on test/fixtures/import/fortios/policies.conf: policies
 * in file order (not by id), srcintf/dstintf as interfaces, zones or any, address groups with
 * exclusions, negation, service port ranges with source ports, iprange-limited services,
 * disabled policies, schedules and FQDNs (uncertain), intrazone allow after the policies, VIPs,
 * and the implicit deny. Every verdict cites its line, checked by exact text.
 */
import { describe, expect, it } from 'vitest';
import { addressContains, parseAddress } from '../../../../models/net';
import { device, expectVerdict, flow, lineOf, verdict } from './support';

const F = 'policies.conf';
const dev = device(F);
const edit = (id: number): number => lineOf(F, `    edit ${id}`, lineOf(F, 'config firewall policy'));
const INTRAZONE = lineOf(F, 'set intrazone allow');

describe('policy order and interfaces', () => {
  it('evaluates policies in the order of the file, not by id (edit 20 comes before edit 5)', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.5', '10.4.0.12', 40000, 502), { in: 'port1', out: 'port4' });
    expectVerdict(v, 'deny', F, edit(20));
    expect(v.reason).toBe('rule');
    expect(v.uncertain).toEqual([]);
  });

  it('a zone in srcintf / dstintf stands for each of its interfaces', () => {
    for (const [i, o] of [
      ['port1', 'port3'],
      ['port2', 'port4'],
    ] as const) {
      expectVerdict(
        verdict(dev, flow('tcp', '10.1.2.3', '10.4.0.12', 40000, 502), { in: i, out: o }),
        'permit',
        F,
        edit(5),
      );
    }
  });

  it('a policy does not apply to another ingress interface', () => {
    const v = verdict(dev, flow('tcp', '10.1.2.3', '10.4.0.12', 40000, 502), { in: 'wan1', out: 'port3' });
    expectVerdict(v, 'deny', F, null);
    expect(v.reason).toBe('implicit-deny');
  });

  it('a disabled policy (srcintf any, service ALL) is skipped: the implicit deny decides', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.7', '10.3.0.99', 40000, 9999), {
      in: 'wan1',
      out: 'port3',
    });
    expectVerdict(v, 'deny', F, null);
    expect(v.uncertain).toEqual([]);
  });

  it('without interfaces, a rule that tests them is uncertain (permits assumed to match)', () => {
    const v = verdict(dev, flow('tcp', '10.1.2.3', '10.4.0.12', 40000, 502));
    expect(v.action).toBe('permit');
    expect(v.uncertain.length).toBeGreaterThan(0);
  });

  it('an IPv6 flow matches no IPv4 policy and meets the implicit deny', () => {
    const v = verdict(dev, flow('tcp', '2001:db8:ffff::9', '2001:db8:1::1', 40000, 443), {
      in: 'wan1',
      out: 'port2',
    });
    expectVerdict(v, 'deny', F, null);
  });
});

describe('addresses and services', () => {
  it('an address group with exclude-member leaves the excluded subnet out', () => {
    const rule = dev.lists.get('firewall policy')!.rules.find((r) => r.source.line === edit(5))!;
    const has = (a: string): boolean =>
      addressContains(rule.match.src, (parseAddress(a) as { ok: true; value: never }).value);
    expect(has('10.1.1.9')).toBe(true);
    expect(has('10.1.0.9')).toBe(false);
  });

  it('a service group: echo request permitted, echo reply not', () => {
    const Q = { in: 'port1', out: 'port3' };
    expectVerdict(verdict(dev, flow('icmp', '10.1.2.3', '10.3.0.10', 0, 8), Q), 'permit', F, edit(5));
    expectVerdict(verdict(dev, flow('icmp', '10.1.2.3', '10.3.0.10', 0, 0), Q), 'deny', F, null);
  });

  it('srcaddr-negate: every source but it-net', () => {
    const Q = { in: 'wan1', out: 'port2' };
    expectVerdict(verdict(dev, flow('tcp', '198.51.100.7', '10.2.0.5', 40000, 443), Q), 'permit', F, edit(7));
    expectVerdict(verdict(dev, flow('tcp', '10.1.2.3', '10.2.0.5', 40000, 443), Q), 'deny', F, null);
  });

  it('interface-subnet addresses follow the interface (port2 is 10.2.0.0/24)', () => {
    const Q = { in: 'wan1', out: 'port2' };
    expectVerdict(verdict(dev, flow('tcp', '198.51.100.7', '10.2.1.5', 40000, 443), Q), 'deny', F, null);
  });

  it('tcp-portrange dst:src — destination 8000-8100 from source ports 1-1023 only', () => {
    const Q = { in: 'wan1', out: 'port1' };
    expectVerdict(verdict(dev, flow('tcp', '198.51.100.7', '10.2.0.5', 1000, 8050), Q), 'permit', F, edit(7));
    expectVerdict(verdict(dev, flow('tcp', '198.51.100.7', '10.2.0.5', 2000, 8050), Q), 'deny', F, null);
    expectVerdict(
      verdict(dev, flow('udp', '198.51.100.7', '10.2.0.5', 50000, 9000), Q),
      'permit',
      F,
      edit(7),
    );
  });

  it('service-negate: everything except HTTP and HTTPS', () => {
    const Q = { in: 'port2', out: 'wan1' };
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.5', '198.51.100.7', 40000, 22), Q), 'permit', F, edit(8));
    expectVerdict(verdict(dev, flow('udp', '10.2.0.5', '198.51.100.7', 40000, 53), Q), 'permit', F, edit(8));
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.5', '198.51.100.7', 40000, 80), Q), 'deny', F, null);
  });

  it('a schedule other than always and an FQDN destination make the permit uncertain', () => {
    const v = verdict(dev, flow('tcp', '10.2.0.5', '198.51.100.7', 40000, 443), { in: 'port2', out: 'wan1' });
    expectVerdict(v, 'permit', F, edit(9));
    expect(v.uncertain.join(' ')).toContain('office-hours');
    expect(v.uncertain.join(' ')).toContain('updates.example.com');
  });

  it('a service with an iprange matches only those destinations; the other service of the policy any', () => {
    const Q = { in: 'port2', out: 'port4' };
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.5', '10.4.0.20', 40000, 443), Q), 'permit', F, edit(10));
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.5', '10.4.0.12', 40000, 443), Q), 'deny', F, null);
    expectVerdict(verdict(dev, flow('gre', '10.2.0.5', '10.4.0.12'), Q), 'permit', F, edit(10));
  });
});

describe('zones and intrazone traffic', () => {
  it('intrazone allow passes traffic between two interfaces of the zone, citing the setting', () => {
    const v = verdict(dev, flow('tcp', '10.3.0.10', '10.4.0.12', 40000, 80), { in: 'port3', out: 'port4' });
    expectVerdict(v, 'permit', F, INTRAZONE);
  });

  it('an explicit deny policy is checked before intrazone allow', () => {
    const v = verdict(dev, flow('tcp', '10.3.0.10', '10.4.0.12', 40000, 502), { in: 'port3', out: 'port4' });
    expectVerdict(v, 'deny', F, edit(11));
  });

  it('intrazone allow does not cover traffic in and out of the same interface', () => {
    const v = verdict(dev, flow('tcp', '10.3.0.10', '10.3.0.12', 40000, 80), { in: 'port3', out: 'port3' });
    expectVerdict(v, 'deny', F, null);
  });

  it('a zone without intrazone allow (the default) needs a policy between its interfaces', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.10', '10.2.0.12', 40000, 80), { in: 'port1', out: 'port2' });
    expectVerdict(v, 'deny', F, null);
  });

  it('interfaces carry their zone, primary and secondary addresses and IPv6 address', () => {
    expect(dev.interfaces.map((i) => [i.name, i.zone ?? null, i.addresses])).toEqual([
      ['port1', 'it', ['10.1.0.1/24', '10.1.1.1/24']],
      ['port2', 'it', ['10.2.0.1/24']],
      ['port3', 'ot', ['10.3.0.1/24']],
      ['port4', 'ot', ['10.4.0.1/24']],
      ['wan1', null, ['203.0.113.2/30', '2001:db8:ffff::2/64']],
    ]);
  });
});

describe('VIPs and routes', () => {
  it('a VIP is destination NAT with an exact rewrite (host and port)', () => {
    expect(dev.nat).toHaveLength(1);
    const n = dev.nat[0]!;
    expect(n.translates).toBe('destination');
    expect(n.rewrite).toEqual({ address: '10.3.0.10', port: 443 });
    expect(n.source.line).toBe(lineOf(F, 'edit "hmi-web"'));
  });

  it('a policy to a VIP matches the mapped address, uncertain (only translated flows match)', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.7', '10.3.0.10', 40000, 443), {
      in: 'wan1',
      out: 'port3',
    });
    expectVerdict(v, 'permit', F, edit(12));
    expect(v.uncertain.join(' ')).toContain("VIP 'hmi-web'");
  });

  it('a deny policy without match-vip is uncertain for the VIP-mapped addresses only', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.5', '10.3.0.10', 40000, 502), { in: 'port1', out: 'port3' });
    expect(v.action).toBe('deny');
    expect(v.uncertain.join(' ')).toContain('match-vip');
    const other = verdict(dev, flow('tcp', '10.1.0.5', '10.3.0.11', 40000, 502), {
      in: 'port1',
      out: 'port3',
    });
    expectVerdict(other, 'deny', F, edit(20));
    expect(other.uncertain).toEqual([]);
  });

  it('static routes: default when dst is unset', () => {
    expect(dev.routes.map((r) => [r.prefix, r.nextHop, r.interface])).toEqual([
      ['0.0.0.0/0', '203.0.113.1', 'wan1'],
      ['192.168.50.0/24', '10.2.0.254', 'port2'],
    ]);
  });
});

describe('SD-WAN zones and Internet Service Database objects (sdwan.conf)', () => {
  const S = 'sdwan.conf';
  const sd = device(S);
  const sdEdit = (id: number): number => lineOf(S, `    edit ${id}`, lineOf(S, 'config firewall policy'));

  it('an SD-WAN zone in dstintf stands for its member interfaces (wan1 by default, wan2 by set zone)', () => {
    for (const out of ['wan1', 'wan2']) {
      const v = verdict(sd, flow('tcp', '10.50.0.9', '93.184.216.34', 40000, 443), { in: 'lan', out });
      expectVerdict(v, 'permit', S, sdEdit(6));
    }
    expect(sd.zones.find((z) => z.name === 'virtual-wan-link')?.interfaces).toEqual(['wan1', 'wan2']);
  });

  it('a deny by Internet Service Database object is uncertain and assumed not to match', () => {
    const v = verdict(sd, flow('udp', '10.50.0.9', '8.8.8.8', 40000, 53), { in: 'lan', out: 'wan2' });
    expectVerdict(v, 'permit', S, sdEdit(6));
    expect(v.uncertain.join(' ')).toContain('Internet Service Database');
  });
});
