/**
 * Verdicts of single ACLs (as `--filter` evaluates them): first match, the implicit deny,
 * standard vs extended, wildcard masks (non-contiguous too), port operators at their
 * boundaries, `established`, sequence-number order, object-groups, NX-OS and show output.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, listVerdict } from './support';

const NUM = 'numbered-acls.cfg';
const NAMED = 'named-acls.cfg';
const OG = 'object-groups.cfg';
const NX = 'nxos-acls.cfg';
const SHOW = 'show-ip-access-lists.txt';

describe('numbered standard ACLs', () => {
  const dev = device(NUM);
  it('takes the first matching entry, even when a later one is more specific or opposite', () => {
    expectVerdict(
      listVerdict(dev, '10', flow('tcp', '192.0.2.10', '10.0.0.1', 1234, 22)),
      'permit',
      NUM,
      lineOf(NUM, 'access-list 10 permit host'),
    );
    expectVerdict(
      listVerdict(dev, '10', flow('tcp', '192.0.2.11', '10.0.0.1', 1234, 22)),
      'deny',
      NUM,
      lineOf(NUM, 'access-list 10 deny'),
    );
  });
  it('matches the source only, whatever the protocol and destination', () => {
    expectVerdict(
      listVerdict(dev, '10', flow('udp', '198.51.100.7', '8.8.8.8', 5, 53)),
      'permit',
      NUM,
      lineOf(NUM, 'access-list 10 permit 198'),
    );
    expectVerdict(
      listVerdict(dev, '10', flow('icmp', '198.51.100.7', '1.1.1.1', 0, 8)),
      'permit',
      NUM,
      lineOf(NUM, 'access-list 10 permit 198'),
    );
  });
  it('ends in the implicit deny, citing no line', () => {
    const v = listVerdict(dev, '10', flow('tcp', '8.8.8.8', '10.0.0.1', 1234, 22));
    expectVerdict(v, 'deny', NUM, null);
    expect(v.reason).toBe('implicit-deny');
  });
  it('honours a non-contiguous wildcard (0.0.0.254: the odd hosts of 10.1.1.0/24)', () => {
    const at = lineOf(NUM, 'access-list 1300');
    for (const odd of ['10.1.1.1', '10.1.1.3', '10.1.1.255'])
      expectVerdict(listVerdict(dev, '1300', flow('tcp', odd, '1.1.1.1', 1, 1)), 'permit', NUM, at);
    for (const other of ['10.1.1.0', '10.1.1.4', '10.1.2.1'])
      expectVerdict(listVerdict(dev, '1300', flow('tcp', other, '1.1.1.1', 1, 1)), 'deny', NUM, null);
  });
});

describe('numbered extended ACLs', () => {
  const dev = device(NUM);
  const q = (proto: string, dst: string, dport: number, sport = 40000): ReturnType<typeof listVerdict> =>
    listVerdict(dev, '101', flow(proto, '192.0.2.1', dst, sport, dport));
  it('lt / gt exclude the port they name', () => {
    expectVerdict(q('tcp', '10.0.0.1', 1023), 'permit', NUM, lineOf(NUM, 'lt 1024'));
    expectVerdict(q('tcp', '10.0.0.1', 1024), 'deny', NUM, null);
    expectVerdict(q('tcp', '10.0.0.2', 1025), 'permit', NUM, lineOf(NUM, 'gt 1024'));
    expectVerdict(q('tcp', '10.0.0.2', 1024), 'deny', NUM, null);
  });
  it('neq takes a Cisco keyword (telnet = 23) and excludes it', () => {
    expectVerdict(q('tcp', '10.0.0.3', 22), 'permit', NUM, lineOf(NUM, 'neq telnet'));
    expectVerdict(q('tcp', '10.0.0.3', 23), 'deny', NUM, null);
  });
  it('range includes both ends', () => {
    for (const p of [5000, 5010])
      expectVerdict(q('udp', '10.0.0.4', p), 'permit', NUM, lineOf(NUM, 'range 5000 5010'));
    for (const p of [4999, 5011]) expectVerdict(q('udp', '10.0.0.4', p), 'deny', NUM, null);
  });
  it('a deny before a broader permit wins (www = 80)', () => {
    expectVerdict(q('tcp', '10.0.0.5', 80), 'deny', NUM, lineOf(NUM, 'eq www'));
    expectVerdict(q('tcp', '10.0.0.5', 81), 'permit', NUM, lineOf(NUM, 'permit tcp any host 10.0.0.5'));
  });
  it('established never matches the first packet of a connection', () => {
    expectVerdict(q('tcp', '10.9.9.9', 443), 'deny', NUM, null);
    const rule = dev.lists.get('101')!.rules.find((r) => r.source.line === lineOf(NUM, 'established'))!;
    expect(rule.match.matchesNew).toBe(false);
  });
  it('icmp echo is type 8 only', () => {
    expectVerdict(
      listVerdict(dev, '101', flow('icmp', '192.0.2.1', '10.9.9.9', 0, 8)),
      'permit',
      NUM,
      lineOf(NUM, 'icmp any any echo'),
    );
    expectVerdict(listVerdict(dev, '101', flow('icmp', '192.0.2.1', '10.9.9.9', 0, 0)), 'deny', NUM, null);
  });
  it('a port after the source address is a source port (eq bgp = 179)', () => {
    expectVerdict(q('tcp', '10.0.0.6', 5000, 179), 'permit', NUM, lineOf(NUM, 'eq bgp'));
    expectVerdict(q('tcp', '10.0.0.6', 179, 180), 'deny', NUM, null);
  });
  it('the expanded range 2000-2699 is extended', () => {
    expectVerdict(
      listVerdict(dev, '2000', flow('udp', '172.31.255.255', '1.1.1.1', 1, 1)),
      'permit',
      NUM,
      lineOf(NUM, 'access-list 2000'),
    );
    expectVerdict(listVerdict(dev, '2000', flow('udp', '172.32.0.0', '1.1.1.1', 1, 1)), 'deny', NUM, null);
  });
});

describe('named ACLs', () => {
  const dev = device(NAMED);
  const web = (src: string, proto: string, dst: string, dport: number): ReturnType<typeof listVerdict> =>
    listVerdict(dev, 'WEB', flow(proto, src, dst, 40000, dport));
  it('evaluates in sequence-number order, not file order', () => {
    expectVerdict(
      web('10.9.9.9', 'tcp', '10.1.0.5', 80),
      'deny',
      NAMED,
      lineOf(NAMED, '10 deny tcp host 10.9.9.9'),
    );
    expectVerdict(
      web('10.8.8.8', 'udp', '10.1.0.53', 53),
      'deny',
      NAMED,
      lineOf(NAMED, '30 deny ip any any log'),
    );
  });
  it('eq with several ports matches each, and keeps the remark as the label', () => {
    const v = web('10.8.8.8', 'tcp', '10.1.2.3', 443);
    expectVerdict(v, 'permit', NAMED, lineOf(NAMED, 'eq www 443'));
    const rule = dev.lists.get('WEB')!.rules.find((r) => r.source.line === v.rule!.line)!;
    expect(rule.label).toBe('allow the web servers');
  });
  it('an entry appended without a number goes after the highest one', () => {
    expectVerdict(
      web('10.8.8.8', 'tcp', '10.2.2.2', 22),
      'deny',
      NAMED,
      lineOf(NAMED, '30 deny ip any any log'),
    );
  });
  it('a standard named list', () => {
    expectVerdict(
      listVerdict(dev, 'MGMT', flow('tcp', '192.0.2.99', '1.1.1.1', 1, 1)),
      'permit',
      NAMED,
      lineOf(NAMED, '10 permit 192.0.2.0'),
    );
    expectVerdict(
      listVerdict(dev, 'MGMT', flow('tcp', '192.0.3.1', '1.1.1.1', 1, 1)),
      'deny',
      NAMED,
      lineOf(NAMED, '20 deny any log'),
    );
  });
  it('an undecidable permit (time-range) is taken to match and the verdict says it is uncertain', () => {
    const v = listVerdict(dev, 'BROKEN', flow('tcp', '1.1.1.1', '2.2.2.2', 40000, 80));
    expectVerdict(v, 'permit', NAMED, lineOf(NAMED, 'time-range BUSINESS-HOURS'));
    expect(v.uncertain.length).toBeGreaterThan(0);
  });
  it('an undecidable deny (dscp) is taken not to match', () => {
    const v = listVerdict(dev, 'BROKEN', flow('tcp', '1.1.1.1', '2.2.2.2', 40000, 25));
    expectVerdict(v, 'deny', NAMED, null);
    expect(v.uncertain.length).toBeGreaterThan(0);
  });
});

describe('object-groups', () => {
  const dev = device(OG);
  const at = lineOf(OG, 'permit object-group APP-PORTS');
  const q = (proto: string, dst: string, dport: number, sport = 40000): ReturnType<typeof listVerdict> =>
    listVerdict(dev, 'FROM-OUTSIDE', flow(proto, '198.51.100.1', dst, sport, dport));
  it('resolves nested network and service groups (mask, host, range members)', () => {
    expectVerdict(q('tcp', '10.2.1.7', 80), 'permit', OG, at);
    expectVerdict(q('tcp', '10.2.9.9', 443), 'permit', OG, at);
    expectVerdict(q('udp', '10.2.2.5', 8005), 'permit', OG, at);
    expectVerdict(q('tcp', '10.2.0.10', 53), 'permit', OG, at);
    expectVerdict(q('udp', '10.2.0.10', 53), 'permit', OG, at);
    expectVerdict(
      listVerdict(dev, 'FROM-OUTSIDE', flow('icmp', '198.51.100.1', '10.2.0.10', 0, 8)),
      'permit',
      OG,
      at,
    );
  });
  it('stays exact at the group edges', () => {
    expectVerdict(q('udp', '10.2.2.6', 8005), 'deny', OG, null);
    expectVerdict(q('udp', '10.2.2.5', 8011), 'deny', OG, null);
    expectVerdict(q('tcp', '10.2.0.10', 8443, 1024), 'permit', OG, at);
    expectVerdict(q('tcp', '10.2.0.10', 8443, 1023), 'deny', OG, null);
  });
  it('a looping group keeps its other members; an undefined group matches nothing', () => {
    expectVerdict(q('tcp', '10.3.3.3', 1), 'permit', OG, lineOf(OG, 'object-group LOOP-A'));
    expectVerdict(q('tcp', '10.7.7.7', 1), 'deny', OG, null);
  });
});

describe('NX-OS ACLs', () => {
  const dev = device(NX);
  const q = (proto: string, src: string, dst: string, dport: number): ReturnType<typeof listVerdict> =>
    listVerdict(dev, 'acl_in', flow(proto, src, dst, 40000, dport));
  it('addrgroup / portgroup, CIDR prefixes and wildcard members', () => {
    expectVerdict(q('tcp', '1.1.1.1', '10.10.1.5', 80), 'permit', NX, lineOf(NX, '20 permit tcp'));
    expectVerdict(q('tcp', '1.1.1.1', '10.10.2.9', 8081), 'permit', NX, lineOf(NX, '20 permit tcp'));
    expectVerdict(q('tcp', '1.1.1.1', '10.10.2.9', 8082), 'deny', NX, lineOf(NX, '60 deny ip any any'));
    expectVerdict(q('tcp', '1.1.1.1', '10.10.0.11', 80), 'deny', NX, lineOf(NX, '60 deny ip any any'));
  });
  it('first match among CIDR entries', () => {
    expectVerdict(q('udp', '10.1.1.1', '192.0.2.1', 53), 'deny', NX, lineOf(NX, '30 deny udp'));
    expectVerdict(q('udp', '192.168.1.1', '192.0.2.1', 53), 'permit', NX, lineOf(NX, '40 permit udp'));
    expectVerdict(
      listVerdict(dev, 'acl_in', flow('icmp', '1.1.1.1', '2.2.2.2', 0, 0)),
      'permit',
      NX,
      lineOf(NX, 'echo-reply'),
    );
  });
});

describe('show ip access-lists output', () => {
  const dev = device(SHOW);
  it('reads `, wildcard bits` and ignores match counters', () => {
    expectVerdict(
      listVerdict(dev, '5', flow('tcp', '10.5.10.77', '1.1.1.1', 1, 1)),
      'permit',
      SHOW,
      lineOf(SHOW, 'wildcard bits'),
    );
    expectVerdict(
      listVerdict(dev, '5', flow('tcp', '10.5.11.1', '1.1.1.1', 1, 1)),
      'deny',
      SHOW,
      lineOf(SHOW, '20 deny   any log'),
    );
  });
  it('several source ports after eq, and neq on the destination', () => {
    expectVerdict(
      listVerdict(dev, 'OUTBOUND', flow('tcp', '10.3.3.3', '10.1.0.1', 22, 80)),
      'permit',
      SHOW,
      lineOf(SHOW, 'eq telnet ssh'),
    );
    expectVerdict(
      listVerdict(dev, 'OUTBOUND', flow('tcp', '10.3.3.3', '10.1.0.1', 22, 22)),
      'permit',
      SHOW,
      lineOf(SHOW, 'match-any +syn'),
    );
  });
  it('TCP flag matches are decided for a SYN-only first packet', () => {
    const rules = dev.lists.get('OUTBOUND')!.rules;
    expect(rules.find((r) => r.source.text.includes('match-all +ack'))!.match.matchesNew).toBe(false);
    expect(rules.find((r) => r.source.text.includes('match-any +syn'))!.match.matchesNew).toBe(true);
  });
  it('IPv6 lists with trailing sequence numbers', () => {
    expectVerdict(
      listVerdict(dev, 'V6', flow('icmpv6', '2001:db8::1', '2001:db8::2', 0, 128)),
      'permit',
      SHOW,
      lineOf(SHOW, 'echo-request sequence 10'),
    );
    expectVerdict(
      listVerdict(dev, 'V6', flow('tcp', '2001:db8::1', '2001:db8::2', 1, 1)),
      'deny',
      SHOW,
      lineOf(SHOW, 'deny ipv6 any any'),
    );
  });
});
