import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANY_PORT,
  PORT_END,
  type PortSet,
  PROTO,
  formatPorts,
  hasPorts,
  intervalsContain,
  isIcmp,
  parsePort,
  parsePortRange,
  parseProtocol,
  portComplement,
  portRange,
  portsFrom,
  protocolName,
} from '../../../models/net';

const NAMES = { http: 80, https: 443, ssh: 22 };
const ok = (r: ReturnType<typeof parsePortRange>): PortSet => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('single ports', () => {
  it('accepts 0 and 65535 and rejects 65536', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    expect(parsePort('65536')).toBeNull();
    expect(parsePort('99999')).toBeNull();
    expect(parsePort('123456')).toBeNull();
  });

  it('rejects signs, blanks, hex and unknown names', () => {
    for (const t of ['-1', '+1', '', ' 80', '80 ', '0x50', '8.0', 'www'])
      expect(parsePort(t, NAMES)).toBeNull();
  });

  it('resolves service names case-insensitively, and only the names given', () => {
    expect(parsePort('HTTPS', NAMES)).toBe(443);
    expect(parsePort('http')).toBeNull();
    for (const t of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(parsePort(t, NAMES)).toBeNull();
  });
});

describe('port ranges', () => {
  it.each([
    ['0', [0, 1]],
    ['65535', [65535, PORT_END]],
    [':1023', [0, 1024]],
    ['1024:', [1024, PORT_END]],
    [':', [0, PORT_END]],
    ['0:65535', [0, PORT_END]],
    ['80:80', [80, 81]],
    ['65535:', [65535, PORT_END]],
    [':0', [0, 1]],
    ['http:https', [80, 444]],
  ] as const)('parses %j as %j', (text, expected) => {
    expect(ok(parsePortRange(text, NAMES))).toEqual(expected);
  });

  it('rejects a reversed range, as iptables does', () => {
    const r = parsePortRange('1024:1023');
    expect(r).toEqual({ ok: false, error: "port range '1024:1023' ends before it starts" });
    expect(parsePortRange('https:http', NAMES).ok).toBe(false);
    expect(parsePortRange('5-3', undefined, true).ok).toBe(false);
  });

  it.each(['65536', '0:65536', '65536:', '1:2:3', '::', 'a:b', '80-90', '-', '', '80,81'])(
    'rejects %j',
    (text) => {
      const r = parsePortRange(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(text);
    },
  );

  it('accepts dash ranges only when asked', () => {
    expect(parsePortRange('1-1023').ok).toBe(false);
    expect(ok(parsePortRange('1-1023', undefined, true))).toEqual([1, 1024]);
    expect(ok(parsePortRange('ssh-http', NAMES, true))).toEqual([22, 81]);
  });

  it('holds exactly the ports between its ends, off-by-one on both sides', () => {
    const port = fc.oneof(
      fc.integer({ min: 0, max: 65535 }),
      fc.constantFrom(0, 1, 1023, 1024, 65534, 65535),
    );
    fc.assert(
      fc.property(port, port, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const closed = ok(parsePortRange(`${a}:${b}`));
        const openHi = ok(parsePortRange(`${a}:`));
        const openLo = ok(parsePortRange(`:${b}`));
        for (const p of [a - 1, a, a + 1, b - 1, b, b + 1].filter((p) => p >= 0 && p < PORT_END)) {
          expect(intervalsContain(closed, p)).toBe(a <= p && p <= b);
          expect(intervalsContain(openHi, p)).toBe(p >= a);
          expect(intervalsContain(openLo, p)).toBe(p <= b);
        }
        expect(parsePortRange(`${b}:${a}`).ok).toBe(a === b);
        expect(closed).toEqual(portRange(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('builds, complements and formats port sets', () => {
    expect(portRange(10, 9)).toEqual([]);
    expect(
      portsFrom([
        [100, 200],
        [50, 99],
        [300, 299],
      ]),
    ).toEqual([50, 201]);
    expect(portComplement(ANY_PORT)).toEqual([]);
    expect(portComplement([])).toEqual([0, PORT_END]);
    expect(portComplement(portRange(80, 80))).toEqual([0, 80, 81, PORT_END]);
    expect(portComplement(portRange(0, 0))).toEqual([1, PORT_END]);
    expect(portComplement(portRange(65535, 65535))).toEqual([0, 65535]);
    expect(formatPorts(ANY_PORT)).toBe('any');
    expect(
      formatPorts(
        portsFrom([
          [22, 22],
          [80, 81],
          [1024, 65535],
        ]),
      ),
    ).toBe('22,80-81,1024-65535');
    expect(formatPorts(portRange(0, 0))).toBe('0');
  });
});

describe('protocols', () => {
  it('parses names case-insensitively and numbers 0-255', () => {
    expect(parseProtocol('tcp')).toBe(PROTO.TCP);
    expect(parseProtocol('UDP')).toBe(PROTO.UDP);
    expect(parseProtocol('icmp')).toBe(PROTO.ICMP);
    expect(parseProtocol('ipv6-icmp')).toBe(PROTO.ICMPV6);
    expect(parseProtocol('icmpv6')).toBe(PROTO.ICMPV6);
    expect(parseProtocol('0')).toBe(0);
    expect(parseProtocol('255')).toBe(255);
  });

  it('rejects out-of-range numbers, unknown names and Object.prototype keys', () => {
    for (const t of ['256', '-1', '1000', '', 'tcpx', 'constructor', '__proto__', 'toString', 'valueOf']) {
      expect(parseProtocol(t)).toBeNull();
    }
  });

  it('names every protocol number with text that parses back to it', () => {
    for (let n = 0; n < 256; n++) expect(parseProtocol(protocolName(n))).toBe(n);
    expect(protocolName(6)).toBe('tcp');
    expect(protocolName(58)).toBe('icmpv6');
    expect(protocolName(253)).toBe('253');
  });

  it('knows which protocols carry ports and which are ICMP', () => {
    expect([...Array(256).keys()].filter(hasPorts)).toEqual([6, 17, 33, 132, 136]);
    expect([...Array(256).keys()].filter(isIcmp)).toEqual([1, 58]);
  });
});
