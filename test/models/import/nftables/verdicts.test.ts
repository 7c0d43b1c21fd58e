/**
 * Verdicts on the per-feature fixtures, each citing the line that decides: base chains of
 * several tables on one hook (priority order; accept ends only its own chain, drop is final),
 * address families per table, jump / goto / return, named and anonymous sets, verdict maps,
 * concatenations, connection-tracking state and notrack, masks and negation.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, lineOf, listVerdict, verdict } from './support';

describe('base chains of several tables on one hook', () => {
  const name = 'base-chains-priority.nft';
  const dev = device(name);
  const fwd = { in: 'eth0', out: 'eth1' };

  it('runs the ip table (priority filter - 10) before the inet table (priority 0)', () => {
    expect(dev.bindings.filter((b) => b.attachment === 'transit').map((b) => b.list)).toEqual([
      'inet/late/pre',
      'ip/early/fwd',
      'inet/late/fwd',
    ]);
  });

  it('an accept in the first chain does not end the second: both must accept', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.1.1', '198.51.100.1', 40000, 22), fwd), 'permit', name, 14);
    // Accepted by the ip table's policy, dropped by the inet table's policy.
    expectVerdict(verdict(dev, flow('tcp', '10.1.1.1', '198.51.100.1', 40000, 8080), fwd), 'deny', name, 13);
  });

  it('a drop in the first chain is final, whatever the later chain says', () => {
    const v = verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.66', 40000, 22), fwd);
    expectVerdict(v, 'deny', name, lineOf(name, 'ip daddr 192.0.2.66 drop'));
    expect(v.trace.some((s) => s.list === 'inet/late/fwd')).toBe(false);
  });

  it('an ip table filters IPv4 only; inet filters both', () => {
    expect(dev.bindings.find((b) => b.list === 'ip/early/fwd')?.family).toBe(4);
    expectVerdict(
      verdict(dev, flow('udp', '2001:db8:1::1', '2001:db8:2::1', 40000, 53), fwd),
      'permit',
      name,
      15,
    );
    expectVerdict(
      verdict(dev, flow('udp', '2001:db9:1::1', '2001:db9:2::1', 40000, 53), fwd),
      'deny',
      name,
      13,
    );
  });

  it('a prerouting chain at priority raw drops before forward and before input', () => {
    const line = lineOf(name, 'ip saddr 203.0.113.0/24 drop');
    expectVerdict(
      verdict(dev, flow('tcp', '203.0.113.9', '198.51.100.1', 40000, 22), fwd),
      'deny',
      name,
      line,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '203.0.113.9', '10.0.0.1', 40000, 22), { to: 'to-device', in: 'eth0' }),
      'deny',
      name,
      line,
    );
  });

  it('input and output hooks are the to-device and from-device attachments', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 22), { to: 'to-device', in: 'eth0' }),
      'permit',
      name,
      21,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 25), { to: 'to-device', in: 'eth0' }),
      'deny',
      name,
      19,
    );
    expectVerdict(
      verdict(dev, flow('udp', '127.0.0.1', '127.0.0.1', 40000, 25), { to: 'to-device', in: 'lo' }),
      'permit',
      name,
      20,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 25), { to: 'from-device', out: 'eth9' }),
      'deny',
      name,
      26,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.1', '192.0.2.1', 40000, 25), { to: 'from-device', out: 'eth0' }),
      'permit',
      name,
      25,
    );
  });
});

describe('jump, goto and return', () => {
  const name = 'jumps-goto-return.nft';
  const dev = device(name);
  const fwd = { in: 'eth0', out: 'eth1' };

  it('a jumped-to chain that accepts decides', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.1', '192.0.2.1', 40000, 443), fwd), 'permit', name, 4);
  });

  it('return goes back to the rule after the jump', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.9.1.1', '192.0.2.1', 40000, 443), fwd), 'deny', name, 16);
    expectVerdict(verdict(dev, flow('udp', '10.9.1.1', '192.0.2.1', 40000, 53), fwd), 'permit', name, 20);
  });

  it('goto continues in the target; falling off its end returns to the chain that jumped', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.5', '192.0.2.1', 40000, 22), fwd), 'permit', name, 8);
    // admin falls through: back in forward after the jump to to_admin, down to the policy.
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.5', '192.0.2.1', 40000, 25), fwd), 'deny', name, 16);
  });

  it('reject is a deny that keeps how it rejects', () => {
    const v = verdict(dev, flow('tcp', '10.3.0.1', '192.0.2.1', 40000, 8080), fwd);
    expectVerdict(v, 'deny', name, 21);
    expect(dev.lists.get('inet/filter/forward')!.rules.at(-1)!.detail).toBe('reject with tcp reset');
  });

  it('ct state established,related never matches a new connection', () => {
    expect(dev.lists.get('inet/filter/forward')!.rules[0]!.match.matchesNew).toBe(false);
  });

  it('a regular chain evaluated alone (--filter) denies what it does not decide', () => {
    const v = listVerdict(dev, 'inet/filter/admin', flow('tcp', '10.1.0.5', '192.0.2.1', 40000, 25));
    expect([v.action, v.reason]).toEqual(['deny', 'no-match']);
  });
});

describe('sets, maps, verdict maps and concatenations', () => {
  const name = 'sets-and-maps.nft';
  const dev = device(name);

  it('a named interval set with prefixes, ranges and hosts', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.20.3.4', '192.0.2.1', 40000, 502), { in: 'lan0', out: 'x' }),
      'permit',
      name,
      19,
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.30.1.9', '192.0.2.1', 40000, 161), { in: 'lan0', out: 'x' }),
      'permit',
      name,
      19,
    );
    // Outside the set, and tcp/502 is not in 1000-1999: back in forward, down to the policy.
    expectVerdict(
      verdict(dev, flow('tcp', '10.30.1.10', '192.0.2.1', 40000, 502), { in: 'lan0', out: 'x' }),
      'deny',
      name,
      29,
    );
  });

  it('a concatenation matches its pairs only, not their cross product', () => {
    expectVerdict(
      verdict(dev, flow('udp', '10.20.3.4', '192.0.2.1', 40000, 502), { in: 'lan0', out: 'x' }),
      'deny',
      name,
      29,
    );
  });

  it('a named verdict map: jump for lan0, goto for dmz0', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '192.0.2.1', 40000, 1500), { in: 'lan0', out: 'x' }),
      'permit',
      name,
      20,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '192.0.2.1', 40000, 443), { in: 'dmz0', out: 'x' }),
      'permit',
      name,
      24,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '10.20.0.1', 40000, 443), { in: 'dmz0', out: 'x' }),
      'deny',
      name,
      25,
    );
  });

  it('an anonymous verdict map keyed on the ingress interface', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '192.0.2.1', 40000, 9), { in: 'mgmt0', out: 'x' }),
      'permit',
      name,
      31,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '192.0.2.1', 40000, 9), { in: 'guest0', out: 'x' }),
      'deny',
      name,
      31,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.99.0.1', '192.0.2.1', 40000, 9), { in: 'eth7', out: 'x' }),
      'deny',
      name,
      29,
    );
  });
});

describe('connection tracking: state, notrack, ICMP', () => {
  const name = 'ct-state-notrack.nft';
  const dev = device(name);
  const fwd = { in: 'eth0', out: 'eth1' };

  it('notrack in the raw prerouting chain makes the flow UNTRACKED for later ct state tests', () => {
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '10.0.1.1', 40000, 4789), fwd), 'permit', name, 12);
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '10.0.1.1', 40000, 4790), fwd), 'deny', name, 10);
  });

  it('an ICMP echo request is NEW; an echo reply with no connection is INVALID', () => {
    expectVerdict(verdict(dev, flow('icmp', '10.0.0.1', '10.0.1.1', 0, 8), fwd), 'permit', name, 14);
    expectVerdict(verdict(dev, flow('icmp', '10.0.0.1', '10.0.1.1', 0, 0), fwd), 'deny', name, 11);
  });

  it('neighbour discovery is UNTRACKED, so ct state invalid does not drop it', () => {
    expectVerdict(verdict(dev, flow('ipv6-icmp', 'fe80::1', 'fe80::2', 0, 135), fwd), 'permit', name, 15);
  });

  it('ct state new matches a first packet; ct state != new does not', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '10.0.1.1', 40000, 22), fwd), 'permit', name, 16);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '10.0.1.1', 40000, 23), fwd), 'deny', name, 10);
  });
});

describe('masks and negation', () => {
  const name = 'masks-negation.nft';
  const dev = device(name);
  const inp = (i = 'eth0') => ({ to: 'to-device' as const, in: i });

  it('a contiguous mask is a prefix; a non-contiguous one a set of blocks', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.200.5', '10.0.0.1', 40000, 22), inp()), 'permit', name, 4);
    expectVerdict(verdict(dev, flow('tcp', '10.2.77.7', '10.0.0.1', 40000, 23), inp()), 'permit', name, 5);
    expectVerdict(verdict(dev, flow('tcp', '10.2.77.8', '10.0.0.1', 40000, 23), inp()), 'deny', name, 3);
  });

  it('a mask with too many blocks is uncertain, and the accept is taken as matching', () => {
    const v = verdict(dev, flow('tcp', '10.3.0.9', '10.0.0.1', 40000, 24), inp());
    expectVerdict(v, 'permit', name, 6);
    expect(v.uncertain.join(' ')).toMatch(/too many holes/);
  });

  it('!= on addresses, interfaces, ports and protocols', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '11.0.0.1', '10.0.0.1', 40000, 80), inp('eth0')),
      'permit',
      name,
      7,
    );
    expectVerdict(verdict(dev, flow('tcp', '11.0.0.1', '10.0.0.1', 40000, 80), inp('eth1')), 'deny', name, 3);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.9', '10.0.0.1', 40000, 80), inp('eth0')), 'deny', name, 3);
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.9', '10.0.0.1', 40000, 5000), inp('eth1')),
      'permit',
      name,
      8,
    );
    expectVerdict(verdict(dev, flow('gre', '10.0.0.9', '10.0.0.1'), inp('eth1')), 'permit', name, 9);
    expectVerdict(verdict(dev, flow('udp', '10.0.0.9', '10.0.0.1', 40000, 53), inp('eth1')), 'deny', name, 3);
  });

  it('an interface wildcard `wg*` matches by prefix', () => {
    expectVerdict(
      verdict(dev, flow('udp', '10.0.0.9', '10.0.0.1', 40000, 53), inp('wg0')),
      'permit',
      name,
      10,
    );
  });

  it('an IPv6 flow is not filtered by an ip table', () => {
    const v = verdict(dev, flow('tcp', '2001:db8::1', '2001:db8::2', 40000, 22), inp());
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
  });
});

describe('nft -j JSON rules', () => {
  const name = 'json-rules.json';
  const dev = device(name);
  const fwd = (out = 'ot0') => ({ in: 'lan0', out });

  it('a goto into a chain that accepts, citing the rule object', () => {
    const v = verdict(dev, flow('tcp', '10.10.5.9', '10.30.0.5', 40000, 502), fwd());
    expect(v.ruleId).toBe('inet/fw/to_ot#1');
    expectVerdict(v, 'permit', name, v.rule!.line);
    expect(v.rule!.text.trim()).toBe('"rule": {');
    expect(v.rule!.line).toBeGreaterThan(lineOf(name, '"name": "to_ot"'));
  });

  it('a reject at the end of the gone-to chain', () => {
    const v = verdict(dev, flow('tcp', '10.10.5.9', '10.31.0.9', 40000, 22), fwd());
    expect(v.action).toBe('deny');
    expect(dev.lists.get('inet/fw/to_ot')!.rules.at(-1)!.detail).toBe('reject with icmpx admin-prohibited');
  });

  it('a set with ranges, a ct state verdict map, and the policy', () => {
    expect(verdict(dev, flow('tcp', '10.10.5.9', '198.51.100.1', 40000, 8050), fwd('wan0')).action).toBe(
      'permit',
    );
    const reply = verdict(dev, flow('icmp', '10.10.5.9', '198.51.100.1', 0, 0), fwd('wan0'));
    expect(reply.action).toBe('deny');
    expect(reply.ruleId).toBe('inet/fw/forward#3');
    expect(verdict(dev, flow('tcp', '10.10.5.9', '198.51.100.1', 40000, 22), fwd('wan0')).reason).toBe(
      'default',
    );
  });
});

describe('nft -f command form', () => {
  const name = 'add-commands.nft';
  const dev = device(name);

  it('add table / chain / rule, with insert putting the rule first', () => {
    expect(dev.lists.get('inet/fw/forward')!.rules.map((r) => r.source.line)).toEqual([9, 7]);
    expectVerdict(
      verdict(dev, flow('tcp', '10.40.1.1', '192.0.2.1', 40000, 443), { in: 'a', out: 'b' }),
      'permit',
      name,
      8,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.41.1.1', '192.0.2.1', 40000, 443), { in: 'a', out: 'b' }),
      'deny',
      name,
      5,
    );
  });
});

describe('what cannot be decided offline', () => {
  const name = 'uncertain--warnings.nft';
  const dev = device(name);
  const inp = { to: 'to-device' as const, in: 'eth0' };

  it('a rate-limited accept is taken as matching, and the verdict says why it is uncertain', () => {
    const v = verdict(dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 22), inp);
    expectVerdict(v, 'permit', name, 10);
    expect(v.uncertain.join(' ')).toMatch(/rate limit/);
    expect(v.uncertain.join(' ')).toMatch(/blocklist/);
  });

  it('a drop on a dynamic set is taken as not matching, an accept on a mark as matching', () => {
    const v = verdict(dev, flow('tcp', '192.0.2.1', '10.0.0.1', 40000, 443), inp);
    expectVerdict(v, 'permit', name, 11);
    expect(v.uncertain.join(' ')).toMatch(/meta mark.*assumed to match/);
  });

  it('queue is taken as accept, uncertainly', () => {
    const queue = dev.lists.get('inet/filter/input')!.rules.find((r) => r.source.line === 12)!;
    expect([queue.action, queue.uncertainEffect]).toEqual([
      'permit',
      'queue hands the packet to a userspace program whose verdict is unknown',
    ]);
  });
});

describe('reject brings the dependency of its type', () => {
  const name = 'reject-dependencies.nft';
  const dev = device(name);

  it('a tcp reset rejects only TCP; the IPv6-only reject skips IPv4', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.1.1', '192.0.2.1', 40000, 80), { in: 'eth0', out: 'x' }),
      'deny',
      name,
      6,
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.1.1.1', '192.0.2.1', 40000, 53), { in: 'eth0', out: 'x' }),
      'permit',
      name,
      5,
    );
  });

  it('an icmp reject applies to IPv4 only; icmpx to both families', () => {
    expectVerdict(
      verdict(dev, flow('udp', '192.0.2.9', '192.0.2.1', 40000, 53), { in: 'eth1', out: 'x' }),
      'deny',
      name,
      8,
    );
    expectVerdict(
      verdict(dev, flow('udp', '2001:db8::9', '2001:db8::1', 40000, 53), { in: 'eth1', out: 'x' }),
      'permit',
      name,
      5,
    );
    expectVerdict(
      verdict(dev, flow('udp', '2001:db8::9', '2001:db8::1', 40000, 53), { in: 'eth2', out: 'x' }),
      'deny',
      name,
      9,
    );
  });
});

describe('an inet ingress chain', () => {
  const name = 'ingress-device.nft';
  const dev = device(name);

  it('filters only traffic entering its device, before everything else', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.7', '10.0.0.1', 40000, 80), { in: 'wan0', out: 'lan0' }),
      'deny',
      name,
      5,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.7', '10.0.0.1', 40000, 80), { in: 'lan0', out: 'wan0' }),
      'permit',
      name,
      9,
    );
    expect(dev.bindings.map((b) => [b.attachment, b.list, b.inInterface])).toEqual([
      ['transit', 'inet/edge/ingress_wan', 'wan0'],
      ['transit', 'inet/edge/forward', undefined],
      ['to-device', 'inet/edge/ingress_wan', 'wan0'],
    ]);
  });
});

describe('ct state before connection tracking', () => {
  const name = 'before-conntrack.nft';
  const dev = device(name);
  const fwd = { in: 'eth0', out: 'eth1' };

  it('ct state new never matches in a chain at priority raw; invalid matches a first packet there', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '10.0.1.1', 40000, 22), fwd), 'permit', name, 15);
    expectVerdict(verdict(dev, flow('tcp', '10.0.0.1', '10.0.1.1', 40000, 23), fwd), 'deny', name, 8);
  });

  it('after notrack the packet is UNTRACKED there too', () => {
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '10.0.1.1', 40000, 4789), fwd), 'deny', name, 9);
  });

  it('after connection tracking a first packet is NEW, not INVALID', () => {
    expectVerdict(verdict(dev, flow('udp', '10.0.0.1', '10.0.1.1', 40000, 53), fwd), 'permit', name, 15);
  });
});
