/**
 * The seeded random source and the vocabulary the kernel differential test's generator draws
 * from: chain and interface names, ports, ICMP types, TCP flag tests, service names.
 */

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error('pick from empty list');
    return x;
  }
}

/** Independent, reproducible seed for ruleset `index` of a run seeded with `seed`. */
export function subSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const CHAIN_NAMES = ['web_in', 'OT-MGMT', 'scada', 'dmz_svc', 'LOGDROP', 'trusted'];
/** -i / -o names: mostly ones that exist on that side, some that exist on the other, and a ghost */
export const IFACE_NAMES = {
  i: ['lan0', 'lan1', 'dmz0', 'lan+', 'lan+', 'dmz+', '+', 'wan0', 'eth0', 'lan'],
  o: ['wan0', 'ot0', 'ot+', 'wan+', 'o+', '+', 'lan0', 'eth0'],
};
export const COMMON_PORTS = [0, 1, 22, 53, 80, 443, 502, 1024, 3389, 8080, 20000, 44818, 65535];
export const COMMENTS = ['allow web', 'ticket #4711: ops', 'was -j DROP before', 'plain', "it's OT"];
/** [written, type, codeLo, codeHi]; type 255 = any */
export const ICMP_TYPES: Array<[string, number, number, number]> = [
  ['echo-request', 8, 0, 255],
  ['8', 8, 0, 255],
  ['8/0', 8, 0, 0],
  ['echo-reply', 0, 0, 255],
  ['destination-unreachable', 3, 0, 255],
  ['port-unreachable', 3, 3, 3],
  ['3/4', 3, 4, 4],
  ['host-unreachable', 3, 1, 1],
  ['time-exceeded', 11, 0, 255],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['timestamp-request', 13, 0, 255],
  ['13', 13, 0, 255],
  ['address-mask-request', 17, 0, 255],
  ['17/1', 17, 1, 1],
  ['any', 255, 0, 255],
];
/** [written, mask, comp] on FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32; probes are bare SYNs */
export const TCP_FLAGS: Array<[string, number, number]> = [
  ['--syn', 0x17, 0x02],
  ['--tcp-flags SYN,ACK SYN', 0x12, 0x02],
  ['--tcp-flags ALL SYN', 0x3f, 0x02],
  ['--tcp-flags ALL NONE', 0x3f, 0x00],
  ['--tcp-flags SYN,RST SYN', 0x06, 0x02],
  ['--tcp-flags ACK ACK', 0x10, 0x10],
  ['--tcp-flags RST RST', 0x04, 0x04],
  ['--tcp-flags ALL ACK', 0x3f, 0x10],
];
/** ICMP types conntrack can start a flow with (others are INVALID or RELATED to it). */
export const ICMP_NEW_TYPES = [8, 13, 15, 17];

/** /etc/services names (package netbase) that iptables resolves per protocol */
export const SERVICES: Record<number, Array<[string, number]>> = {
  6: [
    ['ssh', 22],
    ['http', 80],
    ['https', 443],
    ['domain', 53],
    ['ldap', 389],
    ['microsoft-ds', 445],
    ['ms-wbt-server', 3389],
    ['telnet', 23],
    ['bgp', 179],
    ['postgresql', 5432],
  ],
  17: [
    ['domain', 53],
    ['ntp', 123],
    ['snmp', 161],
    ['syslog', 514],
    ['https', 443],
    ['openvpn', 1194],
  ],
};
