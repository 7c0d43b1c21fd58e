import { TCP_SERVICES, UDP_SERVICES, parseProtocol } from '../../net';

/**
 * Cisco's own port keywords in ACLs, as IOS and NX-OS accept them (Batfish's Cisco and NX-OS
 * grammars list the same words: `toInteger(Tcp_portContext)` / `Udp_portContext`). They differ
 * from /etc/services in places (`cmd` and `syslog` are both 514, `www` is 80, `exec`/`biff` 512),
 * so they live here rather than in models/net. A name in neither table falls back to the IANA
 * names of models/net (`ssh`, `https`, which IOS-XE also accepts).
 */
export const CISCO_TCP_PORTS: Readonly<Record<string, number>> = {
  bgp: 179,
  chargen: 19,
  cmd: 514,
  daytime: 13,
  discard: 9,
  domain: 53,
  drip: 3949,
  echo: 7,
  exec: 512,
  finger: 79,
  ftp: 21,
  'ftp-data': 20,
  gopher: 70,
  hostname: 101,
  ident: 113,
  irc: 194,
  klogin: 543,
  kshell: 544,
  login: 513,
  lpd: 515,
  nntp: 119,
  'pim-auto-rp': 496,
  pop2: 109,
  pop3: 110,
  smtp: 25,
  sunrpc: 111,
  tacacs: 49,
  talk: 517,
  telnet: 23,
  time: 37,
  uucp: 540,
  whois: 43,
  www: 80,
};

export const CISCO_UDP_PORTS: Readonly<Record<string, number>> = {
  biff: 512,
  bootpc: 68,
  bootps: 67,
  discard: 9,
  dnsix: 195,
  domain: 53,
  echo: 7,
  isakmp: 500,
  'mobile-ip': 434,
  nameserver: 42,
  'netbios-dgm': 138,
  'netbios-ns': 137,
  'netbios-ss': 139,
  'non500-isakmp': 4500,
  ntp: 123,
  'pim-auto-rp': 496,
  rip: 520,
  snmp: 161,
  snmptrap: 162,
  sunrpc: 111,
  syslog: 514,
  tacacs: 49,
  talk: 517,
  tftp: 69,
  time: 37,
  who: 513,
  xdmcp: 177,
};

/** The port names valid for a protocol (6 tcp, 17 udp); null for protocols without names. */
export function portNames(proto: number | 'tcp-udp'): Readonly<Record<string, number>> | null {
  if (proto === 6) return { ...TCP_SERVICES, ...CISCO_TCP_PORTS };
  if (proto === 17) return { ...UDP_SERVICES, ...CISCO_UDP_PORTS };
  if (proto === 'tcp-udp') {
    const tcp = portNames(6)!;
    const udp = portNames(17)!;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(tcp)) if (udp[k] === v) out[k] = v;
    return out;
  }
  return null;
}

const TCP_NAMES = portNames(6)!;
const UDP_NAMES = portNames(17)!;
const BOTH_NAMES = portNames('tcp-udp')!;

export function resolvePort(text: string, proto: number | 'tcp-udp'): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : null;
  }
  const table = proto === 6 ? TCP_NAMES : proto === 17 ? UDP_NAMES : proto === 'tcp-udp' ? BOTH_NAMES : null;
  const key = text.toLowerCase();
  return table !== null && Object.hasOwn(table, key) ? table[key]! : null;
}

/** Cisco protocol keywords that are not IANA names (`ahp`, `ipinip`, `nos`, `pcp`). */
const CISCO_PROTOCOLS: Readonly<Record<string, number>> = { ahp: 51, ipinip: 4, nos: 94, pcp: 108 };

/** Protocol number for a Cisco ACL protocol keyword or number; `ip`/`ipv6` (all) give 'all'. */
export function resolveProtocol(text: string, family: 4 | 6): number | 'all' | null {
  const t = text.toLowerCase();
  if (t === 'ip' || (family === 6 && t === 'ipv6')) return 'all';
  if (t === 'icmp') return family === 6 ? 58 : 1;
  if (Object.hasOwn(CISCO_PROTOCOLS, t)) return CISCO_PROTOCOLS[t]!;
  return parseProtocol(t);
}

/** ICMP message names in IOS / NX-OS ACLs, as [type, code?]. */
export const CISCO_ICMP: Readonly<Record<string, readonly [number, number?]>> = {
  'echo-reply': [0],
  unreachable: [3],
  'net-unreachable': [3, 0],
  'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2],
  'port-unreachable': [3, 3],
  'packet-too-big': [3, 4],
  'source-route-failed': [3, 5],
  'network-unknown': [3, 6],
  'host-unknown': [3, 7],
  'host-isolated': [3, 8],
  'dod-net-prohibited': [3, 9],
  'dod-host-prohibited': [3, 10],
  'net-tos-unreachable': [3, 11],
  'host-tos-unreachable': [3, 12],
  'administratively-prohibited': [3, 13],
  'host-precedence-unreachable': [3, 14],
  'precedence-unreachable': [3, 15],
  'source-quench': [4],
  redirect: [5],
  'net-redirect': [5, 0],
  'host-redirect': [5, 1],
  'net-tos-redirect': [5, 2],
  'host-tos-redirect': [5, 3],
  'alternate-address': [6],
  echo: [8],
  'router-advertisement': [9],
  'router-solicitation': [10],
  'time-exceeded': [11],
  'ttl-exceeded': [11, 0],
  'reassembly-timeout': [11, 1],
  'parameter-problem': [12],
  'option-missing': [12, 1],
  'timestamp-request': [13],
  'timestamp-reply': [14],
  'information-request': [15],
  'information-reply': [16],
  'mask-request': [17],
  'mask-reply': [18],
  traceroute: [30],
  'conversion-error': [31],
  'mobile-redirect': [32],
};

/** ICMPv6 message names in IOS `ipv6 access-list` entries (RFC 4443 / 4861 numbers). */
export const CISCO_ICMPV6: Readonly<Record<string, readonly [number, number?]>> = {
  unreachable: [1],
  'no-route': [1, 0],
  'admin-prohibited': [1, 1],
  'beyond-scope': [1, 2],
  'address-unreachable': [1, 3],
  'port-unreachable': [1, 4],
  'packet-too-big': [2],
  'time-exceeded': [3],
  'hop-limit': [3, 0],
  'reassembly-timeout': [3, 1],
  'parameter-problem': [4],
  'echo-request': [128],
  'echo-reply': [129],
  'mld-query': [130],
  'mld-report': [131],
  'mld-reduction': [132],
  'router-solicitation': [133],
  'router-advertisement': [134],
  'nd-ns': [135],
  'nd-na': [136],
  redirect: [137],
};

/**
 * `match protocol X` in an inspect class-map: the L4 protocols exactly, and a few application
 * protocols by their PAM default port (IANA well-known), which is lossy: NBAR/PAM classify
 * traffic, not ports, and a PAM table can remap them.
 */
export const ZBF_L4: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };
export const ZBF_APPS: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>> = {
  http: [[6, 80]],
  https: [[6, 443]],
  ftp: [[6, 21]],
  ssh: [[6, 22]],
  telnet: [[6, 23]],
  smtp: [[6, 25]],
  dns: [
    [6, 53],
    [17, 53],
  ],
  ntp: [[17, 123]],
  tftp: [[17, 69]],
  snmp: [[17, 161]],
  ldap: [[6, 389]],
  pop3: [[6, 110]],
  imap: [[6, 143]],
};
