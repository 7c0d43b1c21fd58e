/**
 * Verdicts that depend on how each match converts: negations, interface wildcards, port and
 * address ranges (both ends), conntrack state, ICMP types, TCP flags, quoting.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, verdict } from './support';

const FWD = { in: 'eth0', out: 'eth1' } as const;

describe('negations', () => {
  const F = 'negations.iptables-save';
  const dev = device(F);
  const tcp = (src: string, dst: string, dport = 80, ask: { in?: string; out?: string } = FWD) =>
    verdict(dev, flow('tcp', src, dst, 40000, dport), ask);

  it('! -s drops sources outside the prefix and only those', () => {
    expectVerdict(tcp('172.16.0.1', '192.0.2.1'), 'deny', F, 8);
    expectVerdict(tcp('10.0.0.1', '192.0.2.1'), 'permit', F, 5);
  });

  it('! -i drops what enters on another interface and only that', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.2', 80, { in: 'eth2', out: 'eth1' }), 'deny', F, 10);
    expectVerdict(tcp('10.0.0.1', '192.0.2.2', 80, { in: 'eth0', out: 'eth1' }), 'permit', F, 5);
  });

  it('! -p drops every protocol but the one named', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.3'), 'deny', F, 12);
    expectVerdict(verdict(dev, flow('icmp', '10.0.0.1', '192.0.2.3', 0, 8), FWD), 'deny', F, 12);
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '192.0.2.3', 40000, 53), FWD), 'permit', F, 5);
  });

  it('! --dport drops every port but the one named', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.4', 21), 'deny', F, 14);
    expectVerdict(tcp('10.0.0.1', '192.0.2.4', 23), 'deny', F, 14);
    expectVerdict(tcp('10.0.0.1', '192.0.2.4', 22), 'permit', F, 5);
  });

  it('the old `--dport ! 443` form negates like `! --dport 443`', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.5', 80), 'deny', F, 16);
    expectVerdict(tcp('10.0.0.1', '192.0.2.5', 443), 'permit', F, 5);
  });

  it('the old `-s ! prefix` form negates the source', () => {
    expectVerdict(tcp('172.16.0.1', '192.0.2.6'), 'deny', F, 18);
    expectVerdict(tcp('10.200.0.1', '192.0.2.6'), 'permit', F, 5);
  });

  it('! -d and ! --sport on one rule both have to hold', () => {
    const udp = (dst: string, sport: number) => verdict(dev, flow('udp', '10.0.0.1', dst, sport, 9999), FWD);
    expectVerdict(udp('198.51.100.1', 40000), 'deny', F, 20);
    expectVerdict(udp('198.51.100.1', 53), 'permit', F, 5);
    expectVerdict(udp('192.0.2.77', 40000), 'permit', F, 5);
  });

  it('a quoted "!" is text: the rule is not negated', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.7'), 'deny', F, 22);
    expect(dev.lists.get('filter/FORWARD')!.rules[7]!.label).toBe('!');
  });

  it('! -o drops what leaves on another interface and only that', () => {
    expectVerdict(tcp('10.0.0.1', '192.0.2.8', 80, { in: 'eth0', out: 'eth2' }), 'deny', F, 24);
    expectVerdict(tcp('10.0.0.1', '192.0.2.8', 80, { in: 'eth0', out: 'eth1' }), 'permit', F, 5);
  });
});

describe('interfaces-wildcards', () => {
  const F = 'interfaces-wildcards.iptables-save';
  const dev = device(F);
  const through = (i: string, o: string) =>
    verdict(dev, flow('tcp', '10.0.0.1', '10.1.0.1', 40000, 443), { in: i, out: o });

  it('eth+ matches every name starting with eth, and nothing else', () => {
    expectVerdict(through('eth0', 'dmz0'), 'permit', F, 8);
    expectVerdict(through('eth1.100', 'dmz0'), 'permit', F, 8);
    expectVerdict(through('eth', 'dmz0'), 'permit', F, 8);
    expectVerdict(through('veth0', 'dmz0'), 'deny', F, 5);
  });

  it('a negated wildcard excludes the whole prefix', () => {
    expectVerdict(through('ppp0', 'eth0'), 'deny', F, 10);
    expectVerdict(through('ppp0', 'ppp1'), 'permit', F, 11);
  });

  it('a lone + matches every interface', () => {
    expectVerdict(through('wg0', 'ot0'), 'deny', F, 13);
    expectVerdict(through('wg0', 'eth3'), 'permit', F, 14);
  });

  it('lists only exact interface names on the device', () => {
    expect(dev.interfaces.map((i) => i.name)).toEqual(['dmz0', 'lo', 'ot0', 'wg0']);
  });

  it('without the interface, a loopback-only rule cannot match a packet from another host', () => {
    const v = verdict(dev, flow('tcp', '10.0.0.1', '10.1.0.1', 40000, 443), { to: 'to-device' });
    expectVerdict(v, 'deny', F, 4);
    expect(v.uncertain).toEqual([]);
  });

  it('without the interface, a rule testing it is uncertain, assumed to match when it permits', () => {
    const v = verdict(dev, flow('tcp', '127.0.0.1', '10.1.0.1', 40000, 443), { to: 'to-device' });
    expectVerdict(v, 'permit', F, 16);
    expect(v.uncertain.join(' ')).toMatch(/filter\/INPUT#1/);
  });
});

describe('ports-and-ranges', () => {
  const F = 'ports-and-ranges.iptables-save';
  const dev = device(F);
  const to = (dst: string, dport: number, proto = 'tcp', sport = 40000) =>
    verdict(dev, flow(proto, '10.0.0.1', dst, sport, dport), FWD);

  it('a:b includes both ends and nothing past them', () => {
    expectVerdict(to('192.0.2.1', 999), 'deny', F, 5);
    expectVerdict(to('192.0.2.1', 1000), 'permit', F, 8);
    expectVerdict(to('192.0.2.1', 2000), 'permit', F, 8);
    expectVerdict(to('192.0.2.1', 2001), 'deny', F, 5);
  });

  it(':b starts at port 0', () => {
    expectVerdict(to('192.0.2.2', 0), 'permit', F, 10);
    expectVerdict(to('192.0.2.2', 1023), 'permit', F, 10);
    expectVerdict(to('192.0.2.2', 1024), 'deny', F, 5);
  });

  it('a: runs to 65535', () => {
    expectVerdict(to('192.0.2.3', 59999, 'udp'), 'deny', F, 5);
    expectVerdict(to('192.0.2.3', 60000, 'udp'), 'permit', F, 12);
    expectVerdict(to('192.0.2.3', 65535, 'udp'), 'permit', F, 12);
    expectVerdict(to('192.0.2.3', 60000, 'tcp'), 'deny', F, 5);
  });

  it('--sport ranges test the source port', () => {
    expectVerdict(to('192.0.2.4', 40000, 'udp', 52), 'deny', F, 5);
    expectVerdict(to('192.0.2.4', 40000, 'udp', 53), 'permit', F, 14);
    expectVerdict(to('192.0.2.4', 40000, 'udp', 54), 'permit', F, 14);
    expectVerdict(to('192.0.2.4', 40000, 'udp', 55), 'deny', F, 5);
  });

  it('multiport lists hold single ports and inclusive ranges', () => {
    for (const [port, ok] of [
      [21, false],
      [22, true],
      [23, false],
      [80, true],
      [7999, false],
      [8000, true],
      [8080, true],
      [8081, false],
    ] as const) {
      expectVerdict(to('192.0.2.5', port), ok ? 'permit' : 'deny', F, ok ? 16 : 5);
    }
  });

  it('multiport --sports tests the source port', () => {
    expectVerdict(to('192.0.2.6', 80, 'tcp', 1023), 'deny', F, 5);
    expectVerdict(to('192.0.2.6', 80, 'tcp', 1024), 'permit', F, 17);
  });

  it('--ports matches the source or the destination port', () => {
    expectVerdict(to('192.0.2.7', 502, 'tcp', 40000), 'permit', F, 19);
    expectVerdict(to('192.0.2.7', 40000, 'tcp', 20000), 'permit', F, 19);
    expectVerdict(to('192.0.2.7', 503, 'tcp', 40000), 'deny', F, 5);
  });

  it('! --dports excludes exactly the listed ports', () => {
    expectVerdict(to('192.0.2.8', 22), 'permit', F, 21);
    expectVerdict(to('192.0.2.8', 23), 'deny', F, 5);
    expectVerdict(to('192.0.2.8', 24), 'permit', F, 21);
    expectVerdict(to('192.0.2.8', 445), 'deny', F, 5);
  });

  it('--sport and --dport on one rule both have to hold', () => {
    expectVerdict(to('192.0.2.9', 102, 'tcp', 1024), 'permit', F, 23);
    expectVerdict(to('192.0.2.9', 102, 'tcp', 1023), 'deny', F, 5);
    expectVerdict(to('192.0.2.9', 103, 'tcp', 1024), 'deny', F, 5);
  });
});

describe('iprange', () => {
  const F = 'iprange.iptables-save';
  const dev = device(F);
  const from = (src: string, dst: string) => verdict(dev, flow('tcp', src, dst, 40000, 443), FWD);

  it('--src-range includes both ends and nothing past them', () => {
    expectVerdict(from('10.0.0.9', '192.0.2.1'), 'deny', F, 5);
    expectVerdict(from('10.0.0.10', '192.0.2.1'), 'permit', F, 7);
    expectVerdict(from('10.0.0.20', '192.0.2.1'), 'permit', F, 7);
    expectVerdict(from('10.0.0.21', '192.0.2.1'), 'deny', F, 5);
  });

  it('--dst-range includes both ends', () => {
    expectVerdict(from('172.16.0.1', '192.0.2.99'), 'deny', F, 5);
    expectVerdict(from('172.16.0.1', '192.0.2.100'), 'permit', F, 8);
    expectVerdict(from('172.16.0.1', '192.0.2.200'), 'permit', F, 8);
    expectVerdict(from('172.16.0.1', '192.0.2.201'), 'deny', F, 5);
  });

  it('! --dst-range matches outside the range only', () => {
    expectVerdict(from('10.1.0.1', '192.0.2.31'), 'deny', F, 5);
    expectVerdict(from('10.1.0.1', '192.0.2.32'), 'permit', F, 10);
    expectVerdict(from('10.1.0.1', '198.51.100.7'), 'permit', F, 10);
  });

  it('a range of one address matches that address only', () => {
    expectVerdict(from('10.2.0.1', '198.51.100.7'), 'permit', F, 12);
    expectVerdict(from('10.2.0.2', '198.51.100.7'), 'deny', F, 5);
  });

  it('source and destination ranges on one rule both have to hold', () => {
    expectVerdict(from('10.3.0.255', '198.51.100.2'), 'permit', F, 14);
    expectVerdict(from('10.3.0.255', '198.51.100.3'), 'deny', F, 5);
  });
});

describe('conntrack-state', () => {
  const F = 'conntrack-state.iptables-save';
  const dev = device(F);
  const to = (dst: string) => verdict(dev, flow('tcp', '10.0.0.1', dst, 40000, 443), FWD);

  it('ESTABLISHED,RELATED rules never decide a new connection: the policy does', () => {
    expectVerdict(to('192.0.2.1'), 'deny', F, 5);
    expect(to('192.0.2.1').trace.map((s) => s.rule)).toEqual([null]);
  });

  it('--ctstate NEW matches a new connection', () => {
    expectVerdict(to('192.0.2.2'), 'permit', F, 11);
  });

  it('! --ctstate NEW never matches a new connection', () => {
    expectVerdict(to('192.0.2.3'), 'permit', F, 14);
  });

  it('! --ctstate ESTABLISHED matches a new connection', () => {
    expectVerdict(to('192.0.2.4'), 'deny', F, 16);
  });

  it('NEW among other states matches; INVALID alone does not', () => {
    expectVerdict(to('192.0.2.5'), 'permit', F, 19);
    expectVerdict(to('192.0.2.6'), 'deny', F, 5);
  });
});

describe('icmp-types', () => {
  const F = 'icmp-types.iptables-save';
  const dev = device(F);
  // For ICMP a flow's sport is the code and dport the type.
  const icmp = (dst: string, type: number, code = 0) =>
    verdict(dev, flow('icmp', '10.0.0.1', dst, code, type), FWD);

  it('a numeric type matches that type with any code', () => {
    expectVerdict(icmp('192.0.2.1', 8), 'permit', F, 8);
    expectVerdict(icmp('192.0.2.1', 8, 5), 'permit', F, 8);
    expectVerdict(icmp('192.0.2.1', 0), 'deny', F, 5);
  });

  it('a name maps to its number', () => {
    expectVerdict(icmp('192.0.2.2', 0), 'permit', F, 10);
    expectVerdict(icmp('192.0.2.2', 8), 'deny', F, 5);
  });

  it('type/code matches that code only', () => {
    expectVerdict(icmp('192.0.2.3', 3, 4), 'permit', F, 12);
    expectVerdict(icmp('192.0.2.3', 3, 3), 'deny', F, 5);
    expectVerdict(icmp('192.0.2.3', 4, 4), 'deny', F, 5);
  });

  it('a name that carries a code matches that code only', () => {
    expectVerdict(icmp('192.0.2.4', 3, 3), 'permit', F, 14);
    expectVerdict(icmp('192.0.2.4', 3, 1), 'deny', F, 5);
  });

  it('! --icmp-type matches every other ICMP type, and no other protocol', () => {
    expectVerdict(icmp('192.0.2.5', 8), 'deny', F, 5);
    expectVerdict(icmp('192.0.2.5', 0), 'permit', F, 16);
    expectVerdict(icmp('192.0.2.5', 13), 'permit', F, 16);
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '192.0.2.5', 40000, 8), FWD), 'deny', F, 5);
  });

  it('any matches every type; a name without a code matches every code', () => {
    expectVerdict(icmp('192.0.2.6', 255, 255), 'permit', F, 18);
    expectVerdict(icmp('192.0.2.7', 3, 13), 'permit', F, 20);
    expectVerdict(icmp('192.0.2.7', 11, 0), 'deny', F, 5);
  });
});

describe('ip6tables', () => {
  const F = 'ip6tables.iptables-save';
  const dev = device(F);
  const icmp6 = (dst: string, type: number, code = 0, to: 'transit' | 'to-device' = 'transit') =>
    verdict(dev, flow('ipv6-icmp', '2001:db8:1::5', dst, code, type), { ...FWD, to });

  it('ICMPv6 names and numbers match their types only', () => {
    expectVerdict(icmp6('2001:db8:ffff::1', 135, 0, 'to-device'), 'permit', F, 9);
    expectVerdict(icmp6('2001:db8:ffff::1', 128, 0, 'to-device'), 'permit', F, 10);
    expectVerdict(icmp6('2001:db8:ffff::1', 129, 0, 'to-device'), 'deny', F, 5);
  });

  it('ICMPv6 type/code matches that code only', () => {
    expectVerdict(icmp6('2001:db8:9::1', 1, 4), 'permit', F, 14);
    expectVerdict(icmp6('2001:db8:9::1', 1, 3), 'deny', F, 6);
  });

  it('! --icmpv6-type matches every other type', () => {
    expectVerdict(icmp6('2001:db8:2::99', 128), 'deny', F, 6);
    expectVerdict(icmp6('2001:db8:2::99', 129), 'permit', F, 16);
  });

  it('IPv6 prefixes and ranges decide by address', () => {
    const tcp = (src: string, dst: string, dport: number) =>
      verdict(dev, flow('tcp', src, dst, 40000, dport), FWD);
    expectVerdict(tcp('2001:db8:1:ffff::1', '2001:db8:2::10', 443), 'permit', F, 12);
    expectVerdict(tcp('2001:db8:5::1', '2001:db8:2::10', 443), 'deny', F, 6);
    expectVerdict(tcp('2001:db8:1::f', '2001:db8:3::1', 80), 'deny', F, 6);
    expectVerdict(tcp('2001:db8:1::10', '2001:db8:3::1', 80), 'permit', F, 17);
    expectVerdict(tcp('2001:db8:1::20', '2001:db8:3::1', 80), 'permit', F, 17);
    expectVerdict(tcp('2001:db8:1::21', '2001:db8:3::1', 80), 'deny', F, 6);
  });
});

describe('tcp-flags', () => {
  const F = 'tcp-flags.iptables-save';
  const dev = device(F);
  const to = (dst: string) => verdict(dev, flow('tcp', '10.0.0.1', dst, 40000, 443), FWD);

  it('--syn and a mask that a plain SYN satisfies match a new connection', () => {
    expectVerdict(to('192.0.2.1'), 'permit', F, 9);
    expectVerdict(to('192.0.2.3'), 'permit', F, 14);
  });

  it('! --syn and a negated SYN mask never match a new connection', () => {
    expectVerdict(to('192.0.2.2'), 'permit', F, 12);
    expectVerdict(to('192.0.2.5'), 'permit', F, 19);
  });

  it('a mask requiring ACK never matches a new connection', () => {
    expectVerdict(to('192.0.2.4'), 'deny', F, 6);
  });
});

describe('comments-and-quotes and options-after-target', () => {
  const F = 'comments-and-quotes.iptables-save';
  const dev = device(F);
  const to = (dst: string) => verdict(dev, flow('tcp', '10.0.0.1', dst, 40000, 443), FWD);

  it('keeps comments as labels, with escaped quotes, "!" and option-looking text as written', () => {
    expect(dev.lists.get('filter/FORWARD')!.rules.map((r) => r.label ?? null)).toEqual([
      'allow "quoted" word',
      '!',
      '! not a negation',
      'single quoted',
      '-j DROP',
      null,
      null,
      '# not a comment',
    ]);
    expect(dev.lists.get('filter/FORWARD')!.rules[5]!.detail).toBe(
      'LOG --log-prefix "-- fw: " --log-level 4',
    );
  });

  it('text inside quotes never changes what a rule does', () => {
    expectVerdict(to('192.0.2.1'), 'permit', F, 7);
    expectVerdict(to('192.0.2.2'), 'deny', F, 9);
    expectVerdict(to('192.0.2.3'), 'deny', F, 10);
    expectVerdict(to('192.0.2.5'), 'permit', F, 13);
    expectVerdict(to('192.0.2.6'), 'permit', F, 16);
    expectVerdict(to('192.0.2.7'), 'permit', F, 18);
  });

  it('match options written after -j still narrow the match', () => {
    const G = 'options-after-target.iptables-save';
    const d = device(G);
    expectVerdict(verdict(d, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 22), FWD), 'permit', G, 9);
    expectVerdict(verdict(d, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 23), FWD), 'deny', G, 6);
    expectVerdict(verdict(d, flow('tcp', '10.0.0.1', '192.0.2.2', 40000, 22), FWD), 'deny', G, 6);
    expectVerdict(verdict(d, flow('udp', '10.0.0.1', '192.0.2.2', 40000, 123), FWD), 'permit', G, 13);
    expect(d.lists.get('filter/FORWARD')!.rules[1]!.detail).toBe('LOG --log-prefix "fw "');
  });
});
