/**
 * Pre-8.3 NAT (`static`, `nat (if) ID`, `global`, `nat-control`). Before 8.3 the ACLs match the
 * mapped address and port (Cisco's 8.3 migration guide), so the device says natPolicyMatch
 * 'original' and the site trace filters the packet as it arrived, then routes it to the real host.
 */
import { describe, expect, it } from 'vitest';
import type { Device } from '../../../../models/device';
import { importConfig } from '../../../../models/import';
import { parseAddress, type IpAddress } from '../../../../models/net';
import { traceSite } from '../../../../models/reach';
import { buildNetwork } from '../../../../models/topology';

const ip = (t: string): IpAddress => {
  const p = parseAddress(t);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

const pix = (...body: string[]): string =>
  [
    'PIX Version 7.2(4)',
    'hostname fw',
    'interface Ethernet0',
    ' nameif outside',
    ' security-level 0',
    ' ip address 203.0.113.2 255.255.255.0',
    'interface Ethernet1',
    ' nameif inside',
    ' security-level 100',
    ' ip address 10.0.0.1 255.255.255.0',
    'route outside 0.0.0.0 0.0.0.0 203.0.113.1',
    ...body,
    '',
  ].join('\n');

const load = (text: string) => importConfig({ name: 'fw.cfg', text });
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function trace(device: Device, dst: string, dport: number) {
  const net = buildNetwork({ devices: [device] });
  return traceSite(net, { proto: 6, src: ip('198.51.100.7'), dst: ip(dst), sport: 40000, dport });
}

const MAPPED_ACL = pix(
  'access-list OUT extended permit tcp any host 203.0.113.10 eq www',
  'access-list OUT extended permit tcp any host 203.0.113.11 eq 8080',
  'access-list OUT extended permit tcp any 203.0.113.64 255.255.255.192 eq 22',
  'access-group OUT in interface outside',
  'static (inside,outside) 203.0.113.10 10.0.0.10 netmask 255.255.255.255',
  'static (inside,outside) tcp 203.0.113.11 8080 10.0.0.11 www netmask 255.255.255.255',
  'static (inside,outside) 203.0.113.64 10.0.0.128 netmask 255.255.255.192 dns norandomseq',
  'nat (inside) 1 10.0.0.0 255.255.255.0',
  'global (outside) 1 interface',
);

describe('ASA pre-8.3 static NAT', () => {
  const result = load(MAPPED_ACL);
  const dev = result.devices[0]!;

  it('says ACLs match the original (mapped) destination', () => {
    expect(dev.natPolicyMatch).toBe('original');
    expect(dev.support.nat).toBe('recorded');
  });

  it('static one-to-one, static PAT and a netmask static are exact destination rewrites on the mapped interface', () => {
    const dest = dev.nat
      .filter((n) => n.translates === 'destination')
      .map((n) => [n.source.line, n.match.inInterface?.names, n.rewrite]);
    expect(dest).toEqual([
      [lineOf(MAPPED_ACL, 'static (inside,outside) 203.0.113.10'), ['outside'], { address: '10.0.0.10/32' }],
      [lineOf(MAPPED_ACL, 'tcp 203.0.113.11'), ['outside'], { address: '10.0.0.11/32', port: 80 }],
      [lineOf(MAPPED_ACL, '203.0.113.64 10.0.0.128'), ['outside'], { address: '10.0.0.128/26' }],
    ]);
  });

  it('an ACL written for the mapped address permits; the packet reaches the real host', () => {
    const v = trace(dev, '203.0.113.10', 80);
    expect(v.action).toBe('permit');
    const hop = v.decisive.hops[0]!;
    expect(hop.nat?.rule.line).toBe(lineOf(MAPPED_ACL, 'static (inside,outside) 203.0.113.10'));
    expect(hop.nat?.to).toEqual(ip('10.0.0.10'));
    expect(hop.out).toBe('inside');
    expect(hop.verdict.rule?.line).toBe(lineOf(MAPPED_ACL, 'host 203.0.113.10 eq www'));
  });

  it('static PAT: the ACL names the mapped port, the packet arrives on the real port', () => {
    const v = trace(dev, '203.0.113.11', 8080);
    expect(v.action).toBe('permit');
    expect(v.decisive.hops[0]!.nat?.port).toBe(80);
    expect(v.decisive.hops[0]!.verdict.rule?.line).toBe(lineOf(MAPPED_ACL, 'eq 8080'));
    // Port 80 on the mapped address is not forwarded and not permitted.
    expect(trace(dev, '203.0.113.11', 80).action).toBe('deny');
  });

  it('a netmask static maps host bits one to one', () => {
    const v = trace(dev, '203.0.113.70', 22);
    expect(v.action).toBe('permit');
    expect(v.decisive.hops[0]!.nat?.to).toEqual(ip('10.0.0.134'));
  });

  it('an ACL written for the real address (8.3 style) does not match on a pre-8.3 device', () => {
    const text = pix(
      'access-list OUT extended permit tcp any host 10.0.0.10 eq www',
      'access-group OUT in interface outside',
      'static (inside,outside) 203.0.113.10 10.0.0.10 netmask 255.255.255.255',
    );
    const v = trace(load(text).devices[0]!, '203.0.113.10', 80);
    expect(v.action).toBe('deny');
    expect(v.denyingHop?.verdict.reason).toBe('implicit-deny');
  });

  it('dynamic NAT, nat-control and policy statics are flagged on their lines, never silent', () => {
    const text = pix(
      'nat (inside) 1 10.0.0.0 255.255.255.0',
      'global (outside) 1 interface',
      'nat-control',
      'static (inside,outside) 203.0.113.20 access-list POLICY',
      'static (inside,outside) 203.0.113.21 10.0.0.21',
      'static (inside,outside) 203.0.113.21 10.0.0.22',
    );
    const diags = load(text).diagnostics.map((d) => [d.code, d.severity, d.source?.line]);
    expect(diags).toEqual(
      expect.arrayContaining([
        ['unsupported-construct', 'info', lineOf(text, 'nat (inside) 1')],
        ['unsupported-construct', 'info', lineOf(text, 'global (outside)')],
        ['unsupported-construct', 'warning', lineOf(text, 'nat-control')],
        ['unsupported-construct', 'warning', lineOf(text, 'access-list POLICY')],
        ['lossy-conversion', 'warning', lineOf(text, '10.0.0.21')],
        ['lossy-conversion', 'warning', lineOf(text, '10.0.0.22')],
      ]),
    );
    const dev2 = load(text).devices[0]!;
    expect(dev2.nat.filter((n) => n.rewrite !== undefined)).toEqual([]);
    expect(dev2.natPolicyMatch).toBe('original');
  });

  it('8.3+ NAT keeps the default (ACLs match the real, translated address)', () => {
    const text = pix('object network WEB', ' host 10.0.0.10', ' nat (inside,outside) static 203.0.113.10');
    expect(load(text).devices[0]!.natPolicyMatch).toBeUndefined();
  });
});
