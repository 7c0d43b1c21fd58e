/**
 * Verdicts through the converted Device (evaluateDevice): first match, policies and the line a
 * fall-through cites, jump / goto / RETURN, -I order, tables bound before filter, NAT notes.
 */
import { describe, expect, it } from 'vitest';
import { device, expectVerdict, flow, verdict } from './support';

const FWD = { in: 'eth0', out: 'eth1' } as const;

describe('chains-and-policies', () => {
  const F = 'chains-and-policies.iptables-save';
  const dev = device(F);

  it('the first matching rule decides, even when a later rule would permit', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.5', '192.0.2.9', 40000, 80), FWD), 'deny', F, 9);
  });

  it('a rule shadowed by an earlier permit never decides', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.9', '192.0.2.9', 40000, 80), FWD), 'permit', F, 10);
  });

  it('a fall-through applies the chain policy and cites the policy line', () => {
    const v = verdict(dev, flow('udp', '10.2.0.1', '192.0.2.9', 40000, 53), FWD);
    expectVerdict(v, 'deny', F, 6);
    expect(v.reason).toBe('default');
    expect(v.ruleId).toBeNull();
    expect(v.uncertain).toEqual([]);
  });

  it('INPUT decides traffic to the device and its ACCEPT policy cites line 5', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.2.0.1', '192.0.2.254', 40000, 22), { in: 'eth0', to: 'to-device' }),
      'deny',
      F,
      13,
    );
    expectVerdict(
      verdict(dev, flow('tcp', '10.2.0.1', '192.0.2.254', 40000, 23), { in: 'eth0', to: 'to-device' }),
      'permit',
      F,
      5,
    );
  });

  it('INPUT rules do not apply to transit traffic', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.1', '192.0.2.254', 40000, 22), FWD), 'deny', F, 6);
  });

  it('OUTPUT rules decide what the device sends; a later -P replaces the policy and is cited', () => {
    const out = { out: 'eth1', to: 'from-device' } as const;
    expectVerdict(verdict(dev, flow('tcp', '192.0.2.254', '192.0.2.1', 40000, 443), out), 'permit', F, 14);
    expectVerdict(verdict(dev, flow('tcp', '192.0.2.254', '192.0.2.2', 40000, 443), out), 'deny', F, 17);
    expectVerdict(verdict(dev, flow('tcp', '192.0.2.254', '198.51.100.1', 40000, 443), out), 'permit', F, 16);
  });

  it('an empty mangle table is evaluated first but filter is the list cited', () => {
    const v = verdict(dev, flow('tcp', '10.1.0.9', '192.0.2.9', 40000, 80), FWD);
    expect(v.trace.map((s) => s.list)).toEqual([
      'mangle/PREROUTING',
      'mangle/FORWARD',
      'filter/FORWARD',
      'mangle/POSTROUTING',
    ]);
    expect(v.ruleId).toBe('filter/FORWARD#2');
  });
});

describe('user-chains-jump-goto-return', () => {
  const F = 'user-chains-jump-goto-return.iptables-save';
  const dev = device(F);
  const tcp = (src: string, dport: number, dst = '192.0.2.9') =>
    verdict(dev, flow('tcp', src, dst, 40000, dport), FWD);

  it('RETURN in a built-in chain applies its policy instead of going on', () => {
    expectVerdict(tcp('198.51.100.7', 443), 'deny', F, 5);
  });

  it('a jumped-to chain that decides ends evaluation', () => {
    expectVerdict(tcp('10.1.1.1', 80, '192.0.2.80'), 'permit', F, 21);
    expectVerdict(tcp('10.1.1.1', 8080), 'deny', F, 24);
  });

  it('RETURN leaves only the user chain: evaluation resumes after the jump', () => {
    expectVerdict(tcp('10.9.1.1', 8080), 'permit', F, 20);
  });

  it('a jumped-to chain that falls through resumes after the jump', () => {
    expectVerdict(tcp('10.1.1.1', 443), 'permit', F, 20);
    expectVerdict(verdict(dev, flow('udp', '10.1.1.1', '192.0.2.9', 40000, 53), FWD), 'deny', F, 5);
  });

  it('a jump inside a goto-ed chain comes back into it', () => {
    expectVerdict(tcp('172.16.0.1', 22), 'permit', F, 25);
    expectVerdict(tcp('172.16.0.1', 23), 'deny', F, 28);
  });

  it('a goto-ed chain that falls through leaves the calling built-in chain: its policy decides', () => {
    const v = tcp('172.16.0.1', 443);
    expectVerdict(v, 'deny', F, 5);
    expect(v.trace.map((s) => s.rule)).toEqual(['filter/FORWARD#3', 'filter/SSH#2', null]);
  });

  it('a goto from a jumped-to chain returns to the chain that jumped, after the jump', () => {
    expectVerdict(tcp('192.168.1.1', 443), 'permit', F, 20);
    expectVerdict(verdict(dev, flow('udp', '192.168.1.1', '192.0.2.9', 40000, 53), FWD), 'deny', F, 32);
  });

  it('every user chain becomes a list that returns on fall-through', () => {
    for (const name of ['WEB', 'SSH', 'OUTER', 'INNER', 'TAIL']) {
      expect(dev.lists.get(`filter/${name}`)?.fallThrough).toEqual({ kind: 'return' });
    }
    expect(dev.lists.get('filter/TAIL')?.source?.line).toBe(11);
  });
});

describe('insert-order and counters', () => {
  it('-I without a position inserts at the top; -I N becomes rule N', () => {
    const F = 'insert-order.iptables-save';
    const dev = device(F);
    expect(dev.lists.get('filter/FORWARD')!.rules.map((r) => r.source.line)).toEqual([12, 10, 14, 8, 16, 18]);
    expect(dev.lists.get('filter/FORWARD')!.rules.map((r) => r.id)[2]).toBe('filter/FORWARD#3');
    const from = (src: string) => verdict(dev, flow('tcp', src, '192.0.2.9', 40000, 80), FWD);
    expectVerdict(from('10.0.0.1'), 'deny', F, 10);
    expectVerdict(from('10.0.0.2'), 'deny', F, 12);
    expectVerdict(from('10.0.0.3'), 'deny', F, 14);
    expectVerdict(from('10.0.0.4'), 'permit', F, 8);
    expectVerdict(from('10.0.0.5'), 'permit', F, 8);
  });

  it('counters before a rule or inside it change nothing', () => {
    const F = 'counters.iptables-save';
    const dev = device(F);
    expect(dev.lists.get('filter/FORWARD')!.rules.map((r) => r.source.line)).toEqual([11, 7, 8, 9]);
    expectVerdict(verdict(dev, flow('tcp', '10.9.9.9', '192.0.2.9', 40000, 80), FWD), 'deny', F, 11);
    expectVerdict(verdict(dev, flow('tcp', '10.1.1.1', '192.0.2.9', 40000, 22), FWD), 'permit', F, 7);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.1', 40000, 22), FWD), 'deny', F, 8);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.1', 40000, 80), FWD), 'permit', F, 9);
    expectVerdict(verdict(dev, flow('tcp', '172.16.0.1', '192.0.2.2', 40000, 80), FWD), 'deny', F, 5);
  });

  it('a re-opened table starts afresh: the first section no longer decides', () => {
    const F = 'table-reopened--warnings.iptables-save';
    const dev = device(F);
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.1', '192.0.2.9', 40000, 80), FWD), 'permit', F, 16);
    expectVerdict(verdict(dev, flow('tcp', '10.2.0.1', '192.0.2.9', 40000, 80), FWD), 'deny', F, 14);
    expect(dev.lists.has('filter/OLD')).toBe(false);
  });
});

describe('mangle-raw-drop', () => {
  const F = 'mangle-raw-drop.iptables-save';
  const dev = device(F);

  it('binds raw and mangle chains before filter on each path', () => {
    expect(dev.bindings.filter((b) => b.attachment === 'transit').map((b) => b.list)).toEqual([
      'raw/PREROUTING',
      'mangle/PREROUTING',
      'mangle/FORWARD',
      'filter/FORWARD',
      'mangle/POSTROUTING',
    ]);
    expect(dev.bindings.filter((b) => b.primary).map((b) => b.list)).toEqual([
      'filter/FORWARD',
      'filter/INPUT',
      'filter/OUTPUT',
    ]);
  });

  it('a raw PREROUTING DROP blocks transit that filter accepts', () => {
    expectVerdict(verdict(dev, flow('tcp', '198.51.100.7', '10.1.0.1', 40000, 443), FWD), 'deny', F, 6);
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.7', '10.1.0.1', 40000, 443), { in: 'eth0', to: 'to-device' }),
      'deny',
      F,
      6,
    );
  });

  it('NOTRACK in raw does not decide', () => {
    expectVerdict(verdict(dev, flow('udp', '10.1.0.1', '10.2.0.1', 40000, 161), FWD), 'permit', F, 30);
  });

  it('a mangle PREROUTING DROP blocks transit and traffic to the device', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.1', '10.2.0.1', 40000, 23), FWD), 'deny', F, 17);
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.1', '10.2.0.1', 40000, 23), { in: 'eth0', to: 'to-device' }),
      'deny',
      F,
      17,
    );
  });

  it('mangle INPUT drops only traffic to the device', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.1.0.1', '10.2.0.1', 40000, 2222), { in: 'eth0', to: 'to-device' }),
      'deny',
      F,
      20,
    );
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.1', '10.2.0.1', 40000, 2222), FWD), 'permit', F, 30);
  });

  it('mangle FORWARD and POSTROUTING drops block transit', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.1.0.1', '10.9.0.1', 40000, 443), FWD), 'deny', F, 21);
    expectVerdict(
      verdict(dev, flow('udp', '10.1.0.1', '10.2.0.1', 40000, 5353), { in: 'eth0', out: 'ot0' }),
      'deny',
      F,
      23,
    );
    expectVerdict(
      verdict(dev, flow('udp', '10.1.0.1', '10.2.0.1', 40000, 5353), { in: 'eth0', out: 'eth1' }),
      'permit',
      F,
      30,
    );
  });

  it('mangle OUTPUT drops what the device sends', () => {
    expectVerdict(
      verdict(dev, flow('udp', '10.0.0.254', '192.0.2.53', 40000, 53), { out: 'eth1', to: 'from-device' }),
      'deny',
      F,
      22,
    );
  });

  it('an ACCEPT in mangle does not skip filter', () => {
    expectVerdict(verdict(dev, flow('tcp', '10.5.0.1', '10.2.0.1', 40000, 443), FWD), 'deny', F, 29);
  });
});

describe('nat-table', () => {
  const F = 'nat-table.iptables-save';
  const dev = device(F);

  it('records each NAT rule with its kind, the address it translates and the translation', () => {
    expect(dev.nat.map((n) => [n.id, n.source.line, n.kind, n.translates, n.to])).toEqual([
      ['nat/PREROUTING#1', 9, 'dnat', 'destination', '--to-destination 10.0.0.10:443'],
      ['nat/PREROUTING#2', 10, 'netmap', 'destination', '--to 10.1.0.0/24'],
      ['nat/PREROUTING#3', 11, 'redirect', 'destination', '--to-ports 3128'],
      ['nat/OUTPUT#1', 12, 'dnat', 'destination', '--to-destination 10.0.0.9'],
      ['nat/POSTROUTING#1', 14, 'netmap', 'source', '--to 203.0.113.0/24'],
      ['nat/POSTROUTING#2', 15, 'masquerade', 'source', ''],
      ['nat/POSTROUTING#3', 16, 'snat', 'source', '--to-source 198.51.100.1'],
    ]);
    expect(dev.nat[0]!.match.inInterface).toEqual({ names: ['eth0'], negate: false });
    expect(dev.support.nat).toBe('recorded');
    expect([...dev.lists.keys()].filter((k) => k.startsWith('nat/'))).toEqual([]);
  });

  it('a flow a DNAT may translate is decided by filter but marked uncertain, citing the NAT line', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.9', '203.0.113.1', 40000, 8443), {
      in: 'eth0',
      out: 'eth1',
    });
    expectVerdict(v, 'deny', F, 22);
    expect(v.uncertain.some((u) => u.includes('nat/PREROUTING#1') && u.includes(`${F}:9`))).toBe(true);
  });

  it('a DNAT on another ingress interface does not make the verdict uncertain', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.9', '192.0.2.1', 40000, 8443), {
      in: 'eth2',
      out: 'eth1',
    });
    expect(v.uncertain).toEqual([]);
  });

  it('the translated flow is permitted by the filter rule for it', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.9', '10.0.0.10', 40000, 443), { in: 'eth0', out: 'eth1' }),
      'permit',
      F,
      24,
    );
  });
});
