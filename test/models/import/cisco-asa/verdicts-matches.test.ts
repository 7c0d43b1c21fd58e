/**
 * Matches: object-group nesting, port operators at their boundaries, inactive entries,
 * remarks, standard ACLs, any4 / any6, management access and NAT; verdict and cited line.
 */
import { describe, expect, it } from 'vitest';
import { formatServiceSet } from '../../../../models/net';
import { device, expectVerdict, flow, lineOf, listVerdict, verdict } from './support';

describe('object-groups', () => {
  const file = 'object-groups.cfg';
  const dev = device(file);
  const a = (f: ReturnType<typeof flow>) => listVerdict(dev, 'A', f);
  const line1 = lineOf(file, 'permit tcp any object-group OUTER');

  it('a nested group reaches the members of its members (object, host, mask, name alias, IPv6)', () => {
    for (const dst of ['10.6.0.1', '10.7.0.200', '10.2.0.10', '10.9.0.5', '2001:db8:7::1']) {
      expectVerdict(a(flow('tcp', '1.1.1.1', dst, 40000, 53)), 'permit', file, line1);
    }
    const v = a(flow('tcp', '1.1.1.1', '10.7.1.1', 40000, 53));
    expect([v.action, v.reason]).toEqual(['deny', 'implicit-deny']);
  });

  it('a tcp-udp group counts a nested udp group for udp only', () => {
    expect(a(flow('tcp', '1.1.1.1', '10.6.0.1', 40000, 5005)).action).toBe('deny');
    expectVerdict(
      a(flow('udp', '1.1.1.1', '10.6.0.1', 40000, 5005)),
      'permit',
      file,
      lineOf(file, 'permit udp any object-group OUTER'),
    );
    expectVerdict(
      a(flow('udp', '1.1.1.1', '10.6.0.1', 40000, 123)),
      'permit',
      file,
      lineOf(file, 'permit udp any object-group OUTER'),
    );
  });

  it('a protocol group with a port, a range object and a subnet object', () => {
    const line = lineOf(file, 'object-group TCPUDP');
    expectVerdict(a(flow('udp', '10.3.0.9', '10.4.255.255', 40000, 443)), 'permit', file, line);
    expect(a(flow('udp', '10.3.0.10', '10.4.0.1', 40000, 443)).action).toBe('deny');
  });

  it('a service group of a service object, a udp service and icmp echo', () => {
    const line = lineOf(file, 'object-group SVC');
    expectVerdict(a(flow('tcp', '1.1.1.1', '10.2.0.10', 40000, 443)), 'permit', file, line);
    expectVerdict(a(flow('udp', '1.1.1.1', '10.2.0.10', 40000, 161)), 'permit', file, line);
    expectVerdict(a(flow('icmp', '1.1.1.1', '10.2.0.10', 0, 8)), 'permit', file, line);
  });

  it('an icmp-type group matches its types only', () => {
    const line = lineOf(file, 'object-group PINGS');
    expectVerdict(a(flow('icmp', '1.1.1.1', '9.9.9.9', 0, 0)), 'permit', file, line);
    expect(a(flow('icmp', '1.1.1.1', '9.9.9.9', 0, 3)).action).toBe('deny');
  });
});

describe('port operators at their boundaries', () => {
  const file = 'port-operators.cfg';
  const dev = device(file);
  const p = (proto: string, sport: number, dport: number) =>
    listVerdict(dev, 'P', flow(proto, '10.0.0.1', '10.0.0.2', sport, dport));
  const deny = lineOf(file, 'deny ip any any');

  it('lt N excludes N; gt N excludes N', () => {
    expectVerdict(p('tcp', 40000, 1023), 'permit', file, lineOf(file, 'lt 1024'));
    expectVerdict(p('tcp', 40000, 1024), 'deny', file, deny);
    expectVerdict(p('tcp', 40000, 60000), 'deny', file, deny);
    expectVerdict(p('tcp', 40000, 60001), 'permit', file, lineOf(file, 'gt 60000'));
  });

  it('neq N matches everything but N', () => {
    expectVerdict(p('udp', 40000, 53), 'deny', file, deny);
    expectVerdict(p('udp', 40000, 52), 'permit', file, lineOf(file, 'neq 53'));
    expectVerdict(p('udp', 40000, 54), 'permit', file, lineOf(file, 'neq 53'));
  });

  it('range A B includes both ends', () => {
    expectVerdict(p('tcp', 40000, 8000), 'permit', file, lineOf(file, 'range 8000 8080'));
    expectVerdict(p('tcp', 40000, 8080), 'permit', file, lineOf(file, 'range 8000 8080'));
    expectVerdict(p('tcp', 40000, 8081), 'deny', file, deny);
  });

  it('a source port operator matches the source port', () => {
    expectVerdict(p('tcp', 1023, 5000), 'permit', file, lineOf(file, 'range 1 1023'));
    expectVerdict(p('tcp', 1024, 5000), 'deny', file, deny);
  });

  it('ASA port names (bootpc/bootps for udp, ldaps for tcp)', () => {
    // udp 68 -> 67 is taken first by `neq 53`; the named rule itself holds exactly that
    const named = dev.lists.get('P')!.rules.find((r) => r.source.line === lineOf(file, 'bootpc'))!;
    expect(formatServiceSet(named.match.service)).toBe('udp/67 from 68');
    const ldaps = dev.lists.get('P')!.rules.find((r) => r.source.line === lineOf(file, 'ldaps'))!;
    expect(formatServiceSet(ldaps.match.service)).toBe('tcp/636');
  });
});

describe('inactive entries, remarks, standard ACLs, any4 / any6', () => {
  const file = 'inactive-remarks-standard.cfg';
  const dev = device(file);

  it('an inactive entry is skipped: the next entry decides', () => {
    expectVerdict(
      listVerdict(dev, 'E', flow('tcp', '10.0.0.5', '10.9.9.9', 40000, 22)),
      'deny',
      file,
      lineOf(file, 'deny tcp any any eq ssh'),
    );
    expect(dev.lists.get('E')!.rules.some((r) => r.source.line === lineOf(file, 'inactive'))).toBe(false);
  });

  it('consecutive remarks label the entries after them', () => {
    const rules = dev.lists.get('E')!.rules;
    expect(rules[0]!.label).toBe('allow SSH from the jump host (ticket 42)');
    expect(rules[1]!.label).toBe('IPv4 only');
  });

  it('any4 matches IPv4 only, any6 IPv6 only', () => {
    expectVerdict(
      listVerdict(dev, 'E', flow('udp', '10.0.0.5', '10.9.9.9', 1, 2)),
      'permit',
      file,
      lineOf(file, 'any4 any4'),
    );
    expectVerdict(
      listVerdict(dev, 'E', flow('udp', '2001:db8::1', '2001:db8::2', 1, 2)),
      'permit',
      file,
      lineOf(file, 'any6 any6'),
    );
    const mixed = listVerdict(dev, 'E', flow('udp', '2001:db8::1', '10.0.0.1', 1, 2));
    expect(mixed.action).toBe('deny');
  });

  it('a standard ACL matches the destination address', () => {
    expectVerdict(
      listVerdict(dev, 'S', flow('tcp', '9.9.9.9', '10.1.1.1', 1, 2)),
      'permit',
      file,
      lineOf(file, 'standard permit host 10.1.1.1'),
    );
    expectVerdict(
      listVerdict(dev, 'S', flow('tcp', '10.1.1.1', '9.9.9.9', 1, 2)),
      'deny',
      file,
      lineOf(file, 'standard deny any4'),
    );
    expectVerdict(
      listVerdict(dev, 'S2', flow('tcp', '1.1.1.1', '10.8.200.1', 1, 2)),
      'permit',
      file,
      lineOf(file, 'S2 standard'),
    );
  });
});

describe('management access to the device', () => {
  const file = 'management.cfg';
  const dev = device(file);
  const to = (src: string, port: number, iface: string) =>
    verdict(dev, flow('tcp', src, '10.1.0.1', 40000, port), { in: iface, to: 'to-device' });

  it('ssh, telnet and http (on its configured port) from the listed networks and interface', () => {
    expectVerdict(to('10.1.0.9', 22, 'inside'), 'permit', file, lineOf(file, 'ssh 10.1.0.0'));
    expectVerdict(to('198.51.100.7', 22, 'outside'), 'permit', file, lineOf(file, 'ssh 198.51.100.7'));
    expectVerdict(to('10.1.0.50', 23, 'inside'), 'permit', file, lineOf(file, 'telnet 10.1'));
    expectVerdict(to('10.1.0.9', 8443, 'inside'), 'permit', file, lineOf(file, 'http 10.1.0.0'));
  });

  it('anything else to the device meets the implicit deny', () => {
    for (const v of [
      to('10.1.0.9', 443, 'inside'),
      to('10.1.0.9', 22, 'outside'),
      to('10.1.0.51', 23, 'inside'),
    ]) {
      expect([v.action, v.reason]).toEqual(['deny', 'implicit-deny']);
    }
  });
});

describe('NAT is recorded, ACLs match real addresses', () => {
  const file = 'nat.cfg';
  const dev = device(file);

  it('the ACL permits the real address; a flow to the mapped address is uncertain', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '8.8.8.8', '10.2.0.10', 40000, 443), { in: 'outside', out: 'inside' }),
      'permit',
      file,
      lineOf(file, 'eq https'),
    );
    const mapped = verdict(dev, flow('tcp', '8.8.8.8', '198.51.100.10', 40000, 443), {
      in: 'outside',
      out: 'inside',
    });
    expect(mapped.action).toBe('deny');
    expect(mapped.uncertain.join(' ')).toMatch(/destination NAT/);
  });

  it('static NAT is recorded both ways, dynamic as source NAT, twice NAT with its destination', () => {
    expect(dev.nat.map((n) => [n.id, n.kind, n.translates, n.source.line])).toEqual([
      ['nat#1', 'static', 'source', 11],
      ['nat#1/reverse', 'static', 'destination', 11],
      ['nat#2', 'snat', 'source', 14],
      ['nat#3/destination', 'dnat', 'destination', 19],
    ]);
    expect(dev.support.nat).toBe('recorded');
  });
});
