/**
 * Address and service objects as FortiOS defines them, read from the batfish fixtures of the
 * corpus (in place): every address type, the re-edit of an entry in a second block, port ranges
 * with source ports, ICMP type/code, IP protocol numbers, and a protocol change dropping the
 * values of the previous protocol.
 */
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../../models/diagnostics';
import { Resolver, parseFortios, readCustomService } from '../../../../models/import/fortios';
import { formatAddressSet, formatServiceSet, serviceContains } from '../../../../models/net';
import { readCorpus } from './support';

describe('firewall service custom (batfish-firewall-service-custom.conf)', () => {
  const name = 'batfish-firewall-service-custom.conf';
  const vdom = parseFortios(name, readCorpus(name)).config.vdoms[0]!;
  const svc = (n: string): string => {
    const s = readCustomService(vdom.services.get(n)!.entry.settings);
    return s.problems.length > 0 ? `problems: ${s.problems.join('; ')}` : formatServiceSet(s.set);
  };

  it('reads tcp/udp/sctp port ranges as dst[-high][:src[-high]] lists', () => {
    expect(svc('custom_tcp')).toBe('tcp/1');
    expect(svc('src_port_defaults')).toBe('tcp/1; udp/1; sctp/1');
    const s = readCustomService(vdom.services.get('explicit_tcp')!.entry.settings).set;
    const has = (proto: number, sport: number, dport: number): boolean =>
      serviceContains(s, proto, sport, dport);
    expect([has(6, 3, 1), has(6, 4, 2), has(6, 5, 2), has(6, 2, 1)]).toEqual([true, true, false, false]);
    expect([has(6, 40000, 10), has(6, 0, 11), has(6, 40000, 12)]).toEqual([true, true, false]);
    expect([has(6, 6, 13), has(6, 7, 13), has(6, 8, 13)]).toEqual([true, true, false]);
    expect([has(17, 40000, 100), has(17, 40000, 101), has(6, 40000, 100)]).toEqual([true, false, false]);
    expect([has(132, 40000, 200), has(132, 300, 201), has(132, 301, 201)]).toEqual([true, true, false]);
  });

  it('reads ICMP type and code, ICMP6 without a type, and IP protocol numbers', () => {
    expect(svc('custom_icmp')).toBe('icmp type 255 code 255');
    expect(svc('custom_icmp6')).toBe('icmpv6');
    expect(svc('custom_ip')).toBe('254');
  });

  it('a protocol change drops the previous protocol values (IP with no number: every protocol)', () => {
    expect(svc('change_protocol')).toBe('any');
  });
});

describe('firewall address types (batfish-firewall-address-types.conf)', () => {
  const name = 'batfish-firewall-address-types.conf';
  const vdom = parseFortios(name, readCorpus(name)).config.vdoms[0]!;
  const sink = new DiagnosticSink('convert');
  const resolver = new Resolver(vdom, sink);
  const src = { file: name, line: 1, endLine: 1, text: '' };
  const addr = (n: string): string => {
    const b = resolver.addresses([{ name: n, source: src }], 4);
    return `${formatAddressSet(b.maybe)}${b.why.length > 0 ? ' (uncertain)' : ''}`;
  };

  it('reads ipmask (mask and prefix forms), iprange, wildcard and interface-subnet exactly', () => {
    expect(addr('ipmask')).toBe('1.1.1.0/24');
    expect(addr('abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxy')).toBe(
      '1.1.1.0/24',
    );
    expect(addr('iprange')).toBe('1.1.1.0/24');
    expect(addr('interface-subnet')).toBe('1.1.1.0/24');
    expect(addr('ipmask-default')).toBe('any4');
    expect(addr('iprange-default')).toBe('0.0.0.0-1.1.1.1');
  });

  it('a later block re-edits an entry (the wildcard of the second block wins; 16 free bits are approximated)', () => {
    expect(addr('wildcard')).toBe('2.0.0.2-2.255.255.2 (uncertain)');
  });

  it('fqdn, geography, dynamic, mac and an unknown interface are uncertain, with a diagnostic each', () => {
    for (const n of ['fqdn', 'geography', 'dynamic', 'mac', 'undefined-refs'])
      expect(addr(n)).toBe('any4 (uncertain)');
    expect(sink.diagnostics.map((d) => d.code)).toEqual([
      'lossy-conversion',
      'hostname-address',
      'uncertain-match',
      'uncertain-match',
      'uncertain-match',
      'uncertain-match',
    ]);
  });
});
