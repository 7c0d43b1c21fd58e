import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ICMPV6_TYPE,
  DEFAULT_ICMP_TYPE,
  DEFAULT_SPORT,
  buildFlow,
  flowToJson,
  parseUint,
  resolveProtocol,
} from '../../cli/query/flow';
import { PROTO } from '../../models/net';

describe('buildFlow', () => {
  it('builds a TCP flow and defaults the source port to the first ephemeral port', () => {
    const f = buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', dport: '443' });
    expect(f).toMatchObject({ ok: true, value: { proto: PROTO.TCP, sport: DEFAULT_SPORT, dport: 443 } });
  });

  it('accepts protocol numbers and names in any case', () => {
    expect(
      buildFlow({ proto: '17', src: '10.0.0.1', dst: '10.0.0.2', sport: '5000', dport: '53' }),
    ).toMatchObject({ ok: true, value: { proto: 17, sport: 5000 } });
    expect(buildFlow({ proto: 'UDP', src: '10.0.0.1', dst: '10.0.0.2', dport: '53' })).toMatchObject({
      ok: true,
      value: { proto: 17 },
    });
  });

  it('reads ICMP type from dport and code from sport, with echo request as the default type', () => {
    expect(
      buildFlow({ proto: 'icmp', src: '10.0.0.1', dst: '10.0.0.2', sport: '1', dport: '3' }),
    ).toMatchObject({ ok: true, value: { sport: 1, dport: 3 } });
    expect(buildFlow({ proto: 'icmp', src: '10.0.0.1', dst: '10.0.0.2' })).toMatchObject({
      ok: true,
      value: { sport: 0, dport: DEFAULT_ICMP_TYPE },
    });
  });

  it('takes icmp between IPv6 hosts as ICMPv6', () => {
    const f = buildFlow({ proto: 'icmp', src: '2001:db8::1', dst: '2001:db8::2' });
    expect(f).toMatchObject({
      ok: true,
      value: { proto: PROTO.ICMPV6, dport: DEFAULT_ICMPV6_TYPE, sport: 0 },
    });
    expect(resolveProtocol('icmpv6', 4)).toMatchObject({ ok: false });
  });

  it('gives protocols without ports zero ports and rejects ports for them', () => {
    expect(buildFlow({ proto: 'gre', src: '10.0.0.1', dst: '10.0.0.2' })).toMatchObject({
      ok: true,
      value: { proto: 47, sport: 0, dport: 0 },
    });
    expect(buildFlow({ proto: '47', src: '10.0.0.1', dst: '10.0.0.2', dport: '80' })).toMatchObject({
      ok: false,
      field: 'dport',
    });
  });

  it('names the field at fault', () => {
    expect(buildFlow({ proto: 'tcp', src: '10.0.0.300', dst: '10.0.0.2', dport: '1' })).toMatchObject({
      ok: false,
      field: 'src',
    });
    expect(buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: 'fw1', dport: '1' })).toMatchObject({
      ok: false,
      field: 'dst',
    });
    expect(buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '::1', dport: '1' })).toMatchObject({
      ok: false,
      field: 'dst',
    });
    expect(buildFlow({ proto: 'tcpp', src: '10.0.0.1', dst: '10.0.0.2', dport: '1' })).toMatchObject({
      ok: false,
      field: 'proto',
    });
    expect(buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2' })).toMatchObject({
      ok: false,
      field: 'dport',
    });
    expect(buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', dport: '65536' })).toMatchObject({
      ok: false,
      field: 'dport',
    });
    expect(
      buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', sport: '-1', dport: '1' }),
    ).toMatchObject({ ok: false, field: 'sport' });
    expect(buildFlow({ proto: 'icmp', src: '10.0.0.1', dst: '10.0.0.2', dport: '256' })).toMatchObject({
      ok: false,
      field: 'dport',
    });
  });

  it('caches parsed addresses by their text', () => {
    const cache = new Map();
    const a = buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', dport: '1' }, cache);
    const b = buildFlow({ proto: 'udp', src: '10.0.0.1', dst: '10.0.0.2', dport: '2' }, cache);
    expect(a.ok && b.ok && a.value.src === b.value.src).toBe(true);
    expect(cache.size).toBe(2);
  });
});

describe('parseUint', () => {
  it('accepts decimal integers in range only', () => {
    expect(parseUint('0', 10)).toBe(0);
    expect(parseUint('10', 10)).toBe(10);
    expect(parseUint('11', 10)).toBeNull();
    expect(parseUint('1e3', 65535)).toBeNull();
    expect(parseUint(' 1', 65535)).toBeNull();
    expect(parseUint('', 65535)).toBeNull();
  });
});

describe('flowToJson', () => {
  it('names ports for TCP/UDP, type and code for ICMP, nothing for other protocols', () => {
    const tcp = buildFlow({ proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', dport: '22' });
    const icmp = buildFlow({ proto: 'icmp', src: '10.0.0.1', dst: '10.0.0.2', sport: '0', dport: '0' });
    const gre = buildFlow({ proto: 'gre', src: '10.0.0.1', dst: '10.0.0.2' });
    expect(tcp.ok && flowToJson(tcp.value)).toEqual({
      proto: 'tcp',
      src: '10.0.0.1',
      dst: '10.0.0.2',
      sport: DEFAULT_SPORT,
      dport: 22,
    });
    expect(icmp.ok && flowToJson(icmp.value)).toEqual({
      proto: 'icmp',
      src: '10.0.0.1',
      dst: '10.0.0.2',
      icmpType: 0,
      icmpCode: 0,
    });
    expect(gre.ok && flowToJson(gre.value)).toEqual({ proto: 'gre', src: '10.0.0.1', dst: '10.0.0.2' });
  });
});
