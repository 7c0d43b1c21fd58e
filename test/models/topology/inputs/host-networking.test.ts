import { describe, expect, it } from 'vitest';
import { detectHostNetworking, parseIpAddr, parseIpRoute } from '../../../../models/topology/inputs';
import { expectQuotedExactly, fixture, summary } from './helpers';

const addr = (file: string, text: string) => {
  const r = parseIpAddr(file, text);
  expectQuotedExactly(file, text, r.diagnostics);
  for (const i of r.interfaces)
    expectQuotedExactly(file, text, [
      { code: 'empty-input', severity: 'info', stage: 'topology', message: '', source: i.source },
    ]);
  return r;
};
const route = (file: string, text: string) => {
  const r = parseIpRoute(file, text);
  expectQuotedExactly(file, text, r.diagnostics);
  for (const x of r.routes)
    expectQuotedExactly(file, text, [
      { code: 'empty-input', severity: 'info', stage: 'topology', message: '', source: x.source! },
    ]);
  return r;
};
const ifaces = (r: ReturnType<typeof parseIpAddr>) =>
  r.interfaces.map((i) => [i.name, i.addresses, i.loopback, i.source.line]);
const routes = (r: ReturnType<typeof parseIpRoute>) =>
  r.routes.map((x) => [x.prefix, x.nextHop ?? '-', x.interface ?? '-', x.source?.line]);

const FW1_INTERFACES = [
  ['lo', ['127.0.0.1/8', '::1/128'], true],
  ['eth-it', ['10.10.0.1/24', 'fd00:10::1/64'], false],
  ['eth-ot', ['192.168.50.1/24', '192.168.51.1/24'], false],
  ['eth-dmz', ['172.20.0.1/28', 'fd00:20::1/64'], false],
  ['mgmt0', ['10.255.0.1/32'], false],
  ['eth-spare', [], false],
];

describe('parseIpAddr on output captured from a real namespace', () => {
  it('reads `ip addr`: addresses as CIDRs, link-local IPv6 left out, peer addresses as /32', () => {
    const r = addr('fw1.ip-addr.txt', fixture('ip/fw1.ip-addr.txt'));
    expect(r.diagnostics).toEqual([]);
    expect(r.routes).toEqual([]);
    expect(ifaces(r)).toEqual(FW1_INTERFACES.map((x, i) => [...x, [1, 7, 15, 23, 31, 37][i]]));
  });

  it('reads `ip -4 addr`', () => {
    const r = addr('fw1.ip-4-addr.txt', fixture('ip/fw1.ip-4-addr.txt'));
    expect(r.diagnostics).toEqual([]);
    expect(r.interfaces.map((i) => i.addresses)).toEqual([
      ['127.0.0.1/8'],
      ['10.10.0.1/24'],
      ['192.168.50.1/24', '192.168.51.1/24'],
      ['172.20.0.1/28'],
      ['10.255.0.1/32'],
    ]);
  });

  it('reads `ip -j addr` (one line) and `ip -j -p addr` (pretty) alike, citing lines', () => {
    const one = addr('a.json', fixture('ip/fw1.ip-addr.json'));
    const pretty = addr('a.pretty.json', fixture('ip/fw1.ip-addr.pretty.json'));
    expect(one.diagnostics).toEqual([]);
    expect(pretty.diagnostics).toEqual([]);
    expect(ifaces(one)).toEqual(FW1_INTERFACES.map((x) => [...x, 1]));
    expect(ifaces(pretty)).toEqual(FW1_INTERFACES.map((x, i) => [...x, [1, 29, 67, 105, 143, 175][i]]));
  });
});

// Discard routes (blackhole, unreachable, prohibit) are routes to a pseudo-interface of that name.
const FW1_V4_ROUTES = [
  ['0.0.0.0/0', '10.10.0.254', 'eth-it'],
  ['10.10.0.0/24', '-', 'eth-it'],
  ['10.99.0.0/16', '-', 'blackhole'],
  ['10.255.0.2/32', '-', 'mgmt0'],
  ['172.20.0.0/28', '-', 'eth-dmz'],
  ['192.168.50.0/24', '-', 'eth-ot'],
  ['192.168.51.0/24', '-', 'eth-ot'],
  ['192.168.60.0/24', '192.168.50.10', 'eth-ot'],
  ['192.168.61.0/24', '192.168.50.10', 'eth-ot'],
  ['192.168.70.0/24', '192.168.50.10', 'eth-ot'],
  ['192.168.70.0/24', '172.20.0.14', 'eth-dmz'],
  ['203.0.113.0/24', '-', 'unreachable'],
];
const FW1_V6_ROUTES = [
  ['fd00:10::/64', '-', 'eth-it'],
  ['fd00:20::/64', '-', 'eth-dmz'],
  ['fd00:60::/64', 'fd00:20::e', 'eth-dmz'],
  ['fe80::/64', '-', 'eth-it'],
  ['fe80::/64', '-', 'eth-ot'],
  ['fe80::/64', '-', 'eth-dmz'],
  ['fe80::/64', '-', 'mgmt0'],
  ['::/0', 'fd00:10::fe', 'eth-it'],
];

describe('parseIpRoute on output captured from a real namespace', () => {
  it('reads `ip route`: default, connected, via, metric and one route per multipath next hop', () => {
    const r = route('fw1.ip-route.txt', fixture('ip/fw1.ip-route.txt'));
    expect(routes(r)).toEqual(
      FW1_V4_ROUTES.map((x, i) => [...x, [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13][i]]),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('reads `ip -6 route`: default is ::/0', () => {
    const r = route('fw1.ip-6-route.txt', fixture('ip/fw1.ip-6-route.txt'));
    expect(r.diagnostics).toEqual([]);
    expect(routes(r)).toEqual(FW1_V6_ROUTES.map((x, i) => [...x, i + 1]));
  });

  it('reads `ip -j route` and `ip -j -p route` alike', () => {
    const one = route('r.json', fixture('ip/fw1.ip-route.json'));
    const pretty = route('r.pretty.json', fixture('ip/fw1.ip-route.pretty.json'));
    expect(routes(one)).toEqual(FW1_V4_ROUTES.map((x) => [...x, 1]));
    expect(routes(pretty)).toEqual(
      FW1_V4_ROUTES.map((x, i) => [...x, [1, 6, 13, 17, 24, 31, 38, 45, 50, 59, 64, 70][i]]),
    );
    expect(pretty.diagnostics).toEqual([]);
    const v6 = route('r6.json', fixture('ip/fw1.ip-6-route.json'));
    expect(routes(v6)).toEqual(FW1_V6_ROUTES.map((x) => [...x, 1]));
  });

  it('skips local and broadcast table entries of `show table all` with an info', () => {
    for (const f of ['ip/fw1.ip-route-table-all.txt', 'ip/fw1.ip-route-table-all.json']) {
      const r = route(f, fixture(f));
      expect(routes(r).map((x) => x.slice(0, 3))).toEqual([...FW1_V4_ROUTES, ...FW1_V6_ROUTES]);
      const infos = r.diagnostics.filter((d) => d.severity === 'info');
      expect(infos.length).toBe(22);
      expect(infos.every((d) => d.code === 'unsupported-construct')).toBe(true);
    }
    const txt = route('all.txt', fixture('ip/fw1.ip-route-table-all.txt'));
    expect(
      txt.diagnostics.find((d) => d.message.includes("broadcast route '10.10.0.255'"))!.source.line,
    ).toBe(15);
  });
});

describe('detectHostNetworking', () => {
  it('tells every captured fixture apart', () => {
    const expected: Record<string, string> = {
      'fw1.ip-addr.txt': 'ip-addr',
      'fw1.ip-4-addr.txt': 'ip-addr',
      'fw1.ip-addr.json': 'ip-addr',
      'fw1.ip-addr.pretty.json': 'ip-addr',
      'fw1.ip-route.txt': 'ip-route',
      'fw1.ip-6-route.txt': 'ip-route',
      'fw1.ip-route.json': 'ip-route',
      'fw1.ip-route.pretty.json': 'ip-route',
      'fw1.ip-6-route.json': 'ip-route',
      'fw1.ip-route-table-all.txt': 'ip-route',
      'fw1.ip-route-table-all.json': 'ip-route',
    };
    for (const [f, kind] of Object.entries(expected))
      expect([f, detectHostNetworking(fixture(`ip/${f}`))]).toEqual([f, kind]);
  });

  it('reads a routing table of multipath routes only', () => {
    expect(detectHostNetworking('10.0.0.0/8 proto static\n\tnexthop via 10.1.1.1 dev eth0 weight 1\n')).toBe(
      'ip-route',
    );
  });

  it('says null for other inputs', () => {
    for (const text of [
      '',
      '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n',
      'hostname fw1\ninterface GigabitEthernet0/0\n',
      '{"nftables": []}',
      '[]',
      '<config/>',
      'ip,name\n10.0.0.1,a\n',
      'name: plant\nzones: []\n',
      '10.0.0.1\n10.0.0.2\n192.168.0.0/16\n',
      'cafe\nbeef dev x\n',
    ]) {
      expect(detectHostNetworking(text)).toBeNull();
    }
  });
});

describe('host networking: bad input', () => {
  it('reports empty, binary and swapped files', () => {
    expect(summary(addr('a', '').diagnostics)).toEqual(['1 warning empty-input']);
    expect(summary(route('r', ' \n').diagnostics)).toEqual(['1 warning empty-input']);
    expect(summary(addr('a', '\u0000x').diagnostics)).toEqual(['1 error binary-input']);
    expect(summary(route('r', '\u0000x').diagnostics)).toEqual(['1 error binary-input']);
    expect(summary(addr('a', fixture('ip/fw1.ip-route.txt')).diagnostics)).toEqual([
      '1 error vendor-mismatch',
    ]);
    expect(summary(route('r', fixture('ip/fw1.ip-addr.txt')).diagnostics)).toEqual([
      '1 error vendor-mismatch',
    ]);
  });

  it('reports unknown and bad lines of `ip addr` with their line, reading the rest', () => {
    const text = [
      '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
      '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.0.0.300/24 brd 10.0.0.255 scope global eth0',
      '    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0',
      '    inet6 10.0.0.6/64 scope global',
      '    frobnicate 1',
      'garbage here',
      '    inet 10.9.9.9/33 scope global eth0',
    ].join('\n');
    const r = addr('a.txt', text);
    expect(ifaces(r)).toEqual([['eth0', ['10.0.0.5/24'], false, 1]]);
    expect(summary(r.diagnostics)).toEqual([
      '3 warning invalid-value',
      '5 warning invalid-value',
      '6 info unrecognized-line',
      '7 warning unrecognized-line',
      '8 warning invalid-value',
    ]);
  });

  it('reports unknown and bad lines of `ip route` with their line', () => {
    const text = [
      'default via 192.0.2.1 dev eth0 proto dhcp src 192.0.2.10 metric 100',
      '10.1.0.0/16 via not-an-ip dev eth0',
      '10.2.0.0/33 dev eth0',
      'this is not a route',
      '10.3.0.0/16 via 10.0.0.1 dev eth0 table 100',
      '10.4.0.0/16 proto static',
      '    nexthop via 10.0.0.1 dev eth0',
      'prohibit 10.5.0.0/16',
      'throw 10.6.0.0/16',
      'nat 10.7.0.0/16 via 10.0.0.1',
      '10.8.0.0/16 via inet6 fe80::1 dev eth0',
    ].join('\n');
    const r = route('r.txt', text);
    expect(routes(r)).toEqual([
      ['0.0.0.0/0', '192.0.2.1', 'eth0', 1],
      ['10.4.0.0/16', '10.0.0.1', 'eth0', 7],
      ['10.5.0.0/16', '-', 'prohibit', 8],
      ['10.8.0.0/16', 'fe80::1', 'eth0', 11],
    ]);
    expect(summary(r.diagnostics)).toEqual([
      '2 warning invalid-value',
      '3 warning invalid-value',
      '4 warning unrecognized-line',
      '5 warning unsupported-construct',
      '9 warning lossy-conversion',
      '10 warning unsupported-construct',
    ]);
  });

  it('reports malformed JSON with its line, keeping what was read', () => {
    const text = fixture('ip/fw1.ip-route.pretty.json').split('\n').slice(0, 30).join('\n');
    const r = route('cut.json', text);
    expect(routes(r).map((x) => x[0])).toEqual([
      '0.0.0.0/0',
      '10.10.0.0/24',
      '10.99.0.0/16',
      '10.255.0.2/32',
      '172.20.0.0/28',
    ]);
    expect(summary(r.diagnostics).filter((s) => s.includes('malformed'))).toEqual([
      '30 error malformed-input',
    ]);
    const a = addr('cut.json', fixture('ip/fw1.ip-addr.pretty.json').split('\n').slice(0, 40).join('\n'));
    expect(a.interfaces.map((i) => i.name)).toEqual(['lo', 'eth-it']);
    expect(summary(a.diagnostics)).toEqual(['40 error malformed-input']);
  });

  it('refuses JSON nested far deeper than ip -j writes, citing the line', () => {
    const text = `[\n{"dst": "10.0.0.0/8", "dev": "x"},\n${'['.repeat(40)}`;
    expect(summary(route('deep.json', text).diagnostics)).toEqual(['3 error malformed-input']);
    const a = `[{"ifname": "lo", "addr_info": []},\n\n\n${'{"a":'.repeat(40)}`;
    expect(summary(addr('deep.json', a).diagnostics)).toEqual(['4 error malformed-input']);
  });

  it('reports JSON of the wrong shape', () => {
    expect(summary(addr('a.json', '{"ifname": "x"}').diagnostics)).toEqual(['1 error vendor-mismatch']);
    expect(
      summary(
        route('r.json', '[\n{"dst": "10.0.0.0/8", "dev": "x"},\n 3,\n{"type": "unicast"}\n]').diagnostics,
      ),
    ).toEqual(['3 warning unrecognized-line', '4 warning unrecognized-line']);
  });
});
