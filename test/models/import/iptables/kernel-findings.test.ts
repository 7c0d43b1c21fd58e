/**
 * Disagreements the kernel differential test (test/kernel) found, pinned as small cases:
 * each verdict here is what Linux 6.x with iptables 1.8.9 (nft and legacy) does.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { type Flow, parseAddress, parseProtocol } from '../../../../models/net';
import { evaluateDevice } from '../../../../models/reach';

const ip = (s: string) => {
  const p = parseAddress(s);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};
const flow = (proto: string, src: string, dst: string, dport: number): Flow => ({
  proto: parseProtocol(proto)!,
  src: ip(src),
  dst: ip(dst),
  sport: 1024,
  dport,
});
const FILTER = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
const load = (lines: string[]) => {
  const r = importConfig({ name: 'k.iptables-save', text: `${lines.join('\n')}\n` });
  expect(r.devices).toHaveLength(1);
  return { device: r.devices[0]!, diagnostics: r.diagnostics };
};
const lanToWan = { inInterface: 'lan0', outInterface: 'wan0' };

describe('NOTRACK in the raw table', () => {
  const raw = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];

  it('makes the flow UNTRACKED, so a --ctstate NEW accept no longer matches and the policy drops it', () => {
    const { device } = load([
      ...raw,
      '-A PREROUTING -p udp --dport 53 -j NOTRACK',
      'COMMIT',
      ...FILTER,
      '-A FORWARD -m conntrack --ctstate NEW -j ACCEPT',
      'COMMIT',
    ]);
    const v = evaluateDevice(device, { flow: flow('udp', '198.51.100.7', '203.0.113.9', 53), ...lanToWan });
    expect([v.action, v.reason, v.rule?.line]).toEqual(['deny', 'default', 8]);
    const other = evaluateDevice(device, {
      flow: flow('udp', '198.51.100.7', '203.0.113.9', 54),
      ...lanToWan,
    });
    expect([other.action, other.rule?.line]).toEqual(['permit', 10]);
  });

  it('lets --ctstate UNTRACKED match, and CT --notrack does the same', () => {
    const { device } = load([
      ...raw,
      '-A PREROUTING -p tcp --dport 80 -j CT --notrack',
      'COMMIT',
      ...FILTER,
      '-A FORWARD -m state --state NEW -j DROP',
      '-A FORWARD -m conntrack --ctstate UNTRACKED -j ACCEPT',
      'COMMIT',
    ]);
    const v = evaluateDevice(device, { flow: flow('tcp', '10.0.0.1', '203.0.113.9', 80), ...lanToWan });
    expect([v.action, v.rule?.line]).toEqual(['permit', 11]);
    const tracked = evaluateDevice(device, { flow: flow('tcp', '10.0.0.1', '203.0.113.9', 81), ...lanToWan });
    expect([tracked.action, tracked.rule?.line]).toEqual(['deny', 10]);
  });

  it('leaves rules that do not test the state alone', () => {
    const { device } = load([
      ...raw,
      '-A PREROUTING -j NOTRACK',
      'COMMIT',
      ...FILTER,
      '-A FORWARD -p tcp --syn -j ACCEPT',
      'COMMIT',
    ]);
    const v = evaluateDevice(device, { flow: flow('tcp', '10.0.0.1', '203.0.113.9', 443), ...lanToWan });
    expect([v.action, v.rule?.line]).toEqual(['permit', 10]);
  });
});

describe('address lists and rule numbers', () => {
  it('expands -s a,b into one rule per address, so -I CHAIN n counts them as the kernel does', () => {
    const { device } = load([
      ...FILTER,
      '-A FORWARD -s 10.0.0.1,10.0.0.2 -j ACCEPT',
      '-I FORWARD 2 -s 10.0.0.0/8 -j REJECT',
      'COMMIT',
    ]);
    const rules = device.lists.get('filter/FORWARD')!.rules.map((r) => r.source.line);
    expect(rules).toEqual([5, 6, 5]);
    const v = evaluateDevice(device, { flow: flow('tcp', '10.0.0.2', '198.51.100.9', 80), ...lanToWan });
    expect([v.action, v.rule?.line]).toEqual(['deny', 6]);
    const first = evaluateDevice(device, { flow: flow('tcp', '10.0.0.1', '198.51.100.9', 80), ...lanToWan });
    expect([first.action, first.rule?.line]).toEqual(['permit', 5]);
  });

  it('expands sources outer and destinations inner', () => {
    const { device } = load([
      ...FILTER,
      '-A FORWARD -s 10.0.0.1,10.0.0.2 -d 192.0.2.1,192.0.2.2 -j ACCEPT',
      'COMMIT',
    ]);
    expect(device.lists.get('filter/FORWARD')!.rules.map((r) => r.id)).toHaveLength(4);
  });

  it('refuses ! with an address list, as iptables does', () => {
    const { device, diagnostics } = load([
      ...FILTER,
      '-A FORWARD ! -s 10.0.0.1,10.0.0.2 -j ACCEPT',
      'COMMIT',
    ]);
    expect(device.lists.get('filter/FORWARD')!.rules).toHaveLength(0);
    expect(diagnostics.map((d) => [d.code, d.source.line])).toContainEqual(['invalid-value', 5]);
  });
});

describe('service names', () => {
  it('resolves well-known names per the rule protocol, as getservbyname does', () => {
    const { device, diagnostics } = load([
      ...FILTER,
      '-A FORWARD -p tcp --dport ssh -j ACCEPT',
      '-A FORWARD -p udp -m multiport --dports domain,ntp -j ACCEPT',
      '-A FORWARD -p udp --dport syslog -j DROP',
      'COMMIT',
    ]);
    expect(diagnostics).toEqual([]);
    const at = (proto: string, dport: number) =>
      evaluateDevice(device, { flow: flow(proto, '10.0.0.1', '192.0.2.1', dport), ...lanToWan }).rule?.line;
    expect([at('tcp', 22), at('udp', 53), at('udp', 123), at('udp', 514), at('tcp', 23)]).toEqual([
      5, 6, 6, 7, 3,
    ]);
  });

  it('leaves a name the protocol does not define unresolved and the rule uncertain', () => {
    const { diagnostics } = load([...FILTER, '-A FORWARD -p udp --dport ssh -j ACCEPT', 'COMMIT']);
    expect(diagnostics.map((d) => [d.code, d.source.line])).toEqual([['invalid-value', 5]]);
  });
});

describe('ICMP messages that cannot open a connection', () => {
  it('are INVALID to conntrack: a --state NEW accept does not take an echo reply, an INVALID one does', () => {
    const { device } = load([
      ...FILTER,
      '-A FORWARD -p icmp -m state --state NEW -j ACCEPT',
      '-A FORWARD -p icmp -m conntrack --ctstate INVALID -d 192.0.2.7 -j ACCEPT',
      'COMMIT',
    ]);
    const icmp = (type: number, dst: string) =>
      evaluateDevice(device, { flow: { ...flow('icmp', '10.0.0.1', dst, type), sport: 0 }, ...lanToWan });
    expect([icmp(8, '192.0.2.1').action, icmp(8, '192.0.2.1').rule?.line]).toEqual(['permit', 5]);
    expect([icmp(0, '192.0.2.1').action, icmp(0, '192.0.2.1').rule?.line]).toEqual(['deny', 3]);
    expect([icmp(3, '192.0.2.7').action, icmp(3, '192.0.2.7').rule?.line]).toEqual(['permit', 6]);
  });
});

describe('`iptables -S` output (bare commands, no *filter, no COMMIT)', () => {
  const save = [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':ot - [0:0]',
    '-A FORWARD -i lan0 -o wan0 -j ot',
    '-A ot -p tcp --dport 502 -j ACCEPT',
    'COMMIT',
  ];
  const dashS = [
    '-P INPUT DROP',
    '-P FORWARD DROP',
    '-P OUTPUT ACCEPT',
    '-N ot',
    '-A FORWARD -i lan0 -o wan0 -j ot',
    '-A ot -p tcp --dport 502 -j ACCEPT',
  ];

  it('is read as the filter table, with the same verdicts as the iptables-save form', () => {
    const a = load(save).device;
    const r = importConfig({ name: 's.rules', text: `${dashS.join('\n')}\n` });
    expect(r.vendor).toBe('iptables');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.source.line])).toEqual([
      ['info', 'unsupported-construct', 1],
    ]);
    const b = r.devices[0]!;
    for (const dport of [502, 503]) {
      const va = evaluateDevice(a, { flow: flow('tcp', '10.0.0.1', '192.0.2.1', dport), ...lanToWan });
      const vb = evaluateDevice(b, { flow: flow('tcp', '10.0.0.1', '192.0.2.1', dport), ...lanToWan });
      expect([vb.action, vb.reason, vb.rule?.text]).toEqual([
        va.action,
        va.reason,
        va.rule?.text.replace(/^:FORWARD DROP \[0:0\]$/, '-P FORWARD DROP'),
      ]);
    }
  });
});
