/**
 * IOS static NAT (applied across a site, inbound ACLs checked before NAT on the global address),
 * the flagged NAT forms, reflexive ACLs (`evaluate` matches no new connection) and CBAC.
 */
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../../../models/import';
import { parseAddress, type IpAddress } from '../../../../models/net';
import { traceSite } from '../../../../models/reach';
import { buildNetwork } from '../../../../models/topology';
import { device, expectVerdict, flow, lineOf, load, verdict } from './support';

const NAT = 'nat-static.cfg';
const REFLEXIVE = 'reflexive-cbac.cfg';

/** The line of the inbound ACL's deciding entry (the outbound ACL permits everything). */
const inboundLine = (hop: {
  verdict: { trace: readonly { list: string; source: { line: number } | null }[] };
}) => hop.verdict.trace.find((s) => s.list === 'FROM-OUTSIDE')?.source?.line;

const ip = (t: string): IpAddress => {
  const p = parseAddress(t);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

describe('IOS static inside-source NAT', () => {
  const dev = device(NAT);
  const net = buildNetwork({ devices: [dev] });
  const trace = (dst: string, dport: number) =>
    traceSite(net, { proto: 6, src: ip('100.64.0.7'), dst: ip(dst), sport: 40000, dport });

  it('inbound ACLs see the original destination: natPolicyMatch original', () => {
    expect(dev.natPolicyMatch).toBe('original');
  });

  it('statics become exact rewrites on traffic entering the ip nat outside interface; overlaps are not applied', () => {
    const dest = dev.nat
      .filter((n) => n.translates === 'destination')
      .map((n) => [n.source.line, n.match.inInterface?.names, n.rewrite ?? null]);
    expect(dest).toEqual([
      [lineOf(NAT, 'static 10.0.0.10 203.0.113.10'), ['GigabitEthernet0/0'], { address: '10.0.0.10/32' }],
      [lineOf(NAT, 'tcp 10.0.0.11 80'), ['GigabitEthernet0/0'], { address: '10.0.0.11/32', port: 80 }],
      [
        lineOf(NAT, 'interface GigabitEthernet0/0 2222'),
        ['GigabitEthernet0/0'],
        { address: '10.0.0.12/32', port: 22 },
      ],
      [lineOf(NAT, 'static network 10.0.1.0'), ['GigabitEthernet0/0'], { address: '10.0.1.0/24' }],
      [lineOf(NAT, '10.0.0.20 203.0.113.20'), ['GigabitEthernet0/0'], null],
      [lineOf(NAT, '10.0.0.21 203.0.113.20'), ['GigabitEthernet0/0'], null],
    ]);
  });

  it('one-to-one: the ACL entry for the global address permits, the packet reaches the local host', () => {
    const v = trace('203.0.113.10', 443);
    expect(v.action).toBe('permit');
    const hop = v.decisive.hops[0]!;
    expect([hop.in, hop.out, hop.nat?.to, hop.nat?.rule.line, inboundLine(hop)]).toEqual([
      'GigabitEthernet0/0',
      'GigabitEthernet0/1',
      ip('10.0.0.10'),
      lineOf(NAT, 'static 10.0.0.10 203.0.113.10'),
      lineOf(NAT, 'host 203.0.113.10 eq 443'),
    ]);
  });

  it('port forwards: the ACL names the global port, the packet leaves with the local port', () => {
    const v = trace('203.0.113.11', 8080);
    expect(v.action).toBe('permit');
    expect(v.decisive.hops[0]!.nat?.port).toBe(80);
    const onInterface = trace('203.0.113.2', 2222);
    expect(onInterface.action).toBe('permit');
    expect(onInterface.decisive.hops[0]!.nat?.to).toEqual(ip('10.0.0.12'));
    expect(inboundLine(onInterface.decisive.hops[0]!)).toBe(lineOf(NAT, 'host 203.0.113.2 eq 2222'));
  });

  it('a network static maps host bits one to one', () => {
    const v = trace('198.51.100.77', 22);
    expect(v.action).toBe('permit');
    expect(v.decisive.hops[0]!.nat?.to).toEqual(ip('10.0.1.77'));
  });

  it('the local address itself is not what the inbound ACL permits (checked before NAT)', () => {
    const v = verdict(dev, flow('tcp', '100.64.0.7', '10.0.0.10', 40000, 443), {
      in: 'GigabitEthernet0/0',
      out: 'GigabitEthernet0/1',
    });
    expectVerdict(v, 'deny', NAT, lineOf(NAT, ' deny ip any any'));
  });

  it('overlapping statics are not applied: the packet is routed as addressed', () => {
    expect(trace('203.0.113.20', 443).decisive.hops[0]?.nat ?? null).toBeNull();
  });

  it('dynamic NAT, outside source NAT and route-map statics are flagged on their lines', () => {
    const diags = load(NAT).diagnostics.map((d) => [d.code, d.severity, d.source?.line]);
    expect(diags).toEqual(
      expect.arrayContaining([
        ['unsupported-construct', 'info', lineOf(NAT, 'source list 10 pool POOL overload')],
        ['unsupported-construct', 'warning', lineOf(NAT, 'ip nat outside source static')],
        ['unsupported-construct', 'warning', lineOf(NAT, 'route-map RM')],
        ['lossy-conversion', 'info', lineOf(NAT, 'ip access-group TO-INSIDE out')],
      ]),
    );
  });

  it('without ip nat outside on any interface a static translates nothing', () => {
    const text = [
      'hostname r',
      'interface GigabitEthernet0/1',
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip nat inside',
      'ip nat inside source static 10.0.0.10 203.0.113.10',
      '',
    ].join('\n');
    const r = importConfig({ name: 'r.cfg', text }, { vendor: 'cisco-ios' });
    expect(r.devices[0]!.nat.some((n) => n.rewrite !== undefined)).toBe(false);
    expect(r.devices[0]!.natPolicyMatch).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.source?.line])).toContainEqual(['lossy-conversion', 5]);
  });
});

describe('IOS reflexive ACLs and CBAC', () => {
  const dev = device(REFLEXIVE);
  const inbound = { in: 'GigabitEthernet0/0', out: 'GigabitEthernet0/1' };

  it('evaluate entries keep their place but match no new connection', () => {
    const rules = dev.lists.get('INBOUND')!.rules;
    expect(rules.map((r) => [r.source?.line, r.action, r.match.matchesNew])).toEqual([
      [lineOf(REFLEXIVE, 'host 10.0.0.25 eq 25'), 'permit', true],
      [lineOf(REFLEXIVE, 'evaluate MIRROR'), 'permit', false],
      [lineOf(REFLEXIVE, 'evaluate NEVER-FILLED'), 'permit', false],
      [lineOf(REFLEXIVE, 'echo-reply'), 'permit', true],
    ]);
  });

  it('a new connection from outside passes the evaluate entries and meets the implicit deny', () => {
    const v = verdict(dev, flow('tcp', '198.51.100.1', '10.0.0.50', 40000, 80), inbound);
    expectVerdict(v, 'deny', REFLEXIVE, null);
    expect(v.reason).toBe('implicit-deny');
  });

  it('entries after the evaluate entries still decide (first match goes on past them)', () => {
    expectVerdict(
      verdict(dev, flow('icmp', '198.51.100.1', '10.0.0.50', 0, 0), inbound),
      'permit',
      REFLEXIVE,
      lineOf(REFLEXIVE, 'echo-reply'),
    );
    expectVerdict(
      verdict(dev, flow('tcp', '198.51.100.1', '10.0.0.25', 40000, 25), inbound),
      'permit',
      REFLEXIVE,
      lineOf(REFLEXIVE, 'host 10.0.0.25 eq 25'),
    );
  });

  it('reflect entries are modelled as written (outbound permits cite them)', () => {
    expectVerdict(
      verdict(dev, flow('tcp', '10.0.0.5', '198.51.100.1', 40000, 443), {
        in: 'GigabitEthernet0/1',
        out: 'GigabitEthernet0/0',
      }),
      'permit',
      REFLEXIVE,
      lineOf(REFLEXIVE, 'any reflect MIRROR'),
    );
  });

  it('CBAC, evaluate without a reflect, and reflect are reported on their lines', () => {
    const diags = load(REFLEXIVE).diagnostics.map((d) => [d.code, d.severity, d.source?.line]);
    expect(diags).toEqual(
      expect.arrayContaining([
        ['unsupported-construct', 'info', lineOf(REFLEXIVE, 'ip inspect name FW tcp')],
        ['unsupported-construct', 'info', lineOf(REFLEXIVE, 'ip inspect FW out')],
        ['lossy-conversion', 'info', lineOf(REFLEXIVE, 'evaluate MIRROR')],
        ['undefined-reference', 'warning', lineOf(REFLEXIVE, 'evaluate NEVER-FILLED')],
        ['lossy-conversion', 'info', lineOf(REFLEXIVE, 'any reflect MIRROR')],
      ]),
    );
  });
});
