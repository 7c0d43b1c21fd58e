import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../models/import';
import { type Flow, formatFlow, parseAddress } from '../../../models/net';
import { evaluateDevice, evaluateList } from '../../../models/reach';

const addr = (s: string) => {
  const p = parseAddress(s);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};
const tcp = (src: string, dst: string, dport: number): Flow => ({
  proto: 6,
  src: addr(src),
  dst: addr(dst),
  sport: 40000,
  dport,
});
const device = (name: string, text: string) => importConfig({ name, text }).devices[0]!;

describe('address families an export does not cover', () => {
  const v6 = device(
    'fw6.ip6tables-save',
    '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -d 2001:db8:1::/48 -p tcp --dport 443 -j ACCEPT\nCOMMIT\n',
  );
  const v4 = device(
    'fw4.iptables-save',
    '*filter\n:FORWARD ACCEPT [0:0]\n:INPUT DROP [0:0]\n-A FORWARD -d 10.0.0.0/8 -j DROP\nCOMMIT\n',
  );

  it('records the family of the export', () => {
    expect(v6.families).toEqual([6]);
    expect(v4.families).toEqual([4]);
  });

  it('does not apply an ip6tables policy to an IPv4 flow: unknown, reported as possibly permitted', () => {
    const v = evaluateDevice(v6, { flow: tcp('10.0.0.1', '10.0.0.2', 80) });
    expect([v.action, v.reason, v.rule]).toEqual(['permit', 'unfiltered', null]);
    expect(v.uncertain.join(' ')).toMatch(/covers IPv6 only/);
  });

  it('does not apply an iptables policy to an IPv6 flow, on a device or a single list', () => {
    const v = evaluateDevice(v4, { flow: tcp('2001:db8::1', '2001:db8::2', 80) });
    expect([v.action, v.reason]).toEqual(['permit', 'unfiltered']);
    expect(v.uncertain.join(' ')).toMatch(/covers IPv4 only/);
    const l = evaluateList(v4, 'filter/INPUT', { flow: tcp('2001:db8::1', '2001:db8::2', 22) })!;
    expect(l.uncertain.join(' ')).toMatch(/covers IPv4 only/);
  });

  it('still decides flows of its own family with certainty', () => {
    const v = evaluateDevice(v6, { flow: tcp('2001:db8:9::1', '2001:db8:1::5', 443) });
    expect([v.action, v.rule?.line, v.uncertain]).toEqual(['permit', 3, []]);
    const d = evaluateDevice(v4, { flow: tcp('192.0.2.1', '10.1.1.1', 443) });
    expect([d.action, d.rule?.line, d.uncertain]).toEqual(['deny', 4, []]);
  });
});

describe('formatFlow', () => {
  it('brackets IPv6 addresses that carry a port', () => {
    expect(formatFlow(tcp('2001:db8::1', '2001:db8::2', 443))).toBe(
      'tcp [2001:db8::1]:40000 -> [2001:db8::2]:443',
    );
    expect(formatFlow(tcp('10.0.0.1', '10.0.0.2', 443))).toBe('tcp 10.0.0.1:40000 -> 10.0.0.2:443');
  });
});
