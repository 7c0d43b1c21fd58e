import {
  type Intervals,
  type ServiceSet,
  ANY_PORT,
  ANY_SERVICE,
  PROTO,
  icmpService,
  parseProtocol,
  portRange,
  serviceOf,
  serviceOfProtocol,
  serviceUnion,
} from '../../net';

/**
 * Port names Junos accepts for `source-port` / `destination-port` (Juniper, "destination-port",
 * [edit applications application] — Table "Port Names Supported by Services Interfaces",
 * Junos-ES 9.3 command reference; the same names are valid in firewall filter terms).
 */
export const JUNOS_PORT_NAMES: Readonly<Record<string, number>> = {
  afs: 1483,
  bgp: 179,
  biff: 512,
  bootpc: 68,
  bootps: 67,
  cmd: 514,
  cvspserver: 2401,
  dhcp: 67,
  domain: 53,
  eklogin: 2105,
  ekshell: 2106,
  exec: 512,
  finger: 79,
  ftp: 21,
  'ftp-data': 20,
  http: 80,
  https: 443,
  ident: 113,
  imap: 143,
  'kerberos-sec': 88,
  klogin: 543,
  kpasswd: 761,
  'krb-prop': 754,
  krbupdate: 760,
  kshell: 544,
  ldap: 389,
  ldp: 646,
  login: 513,
  'mobileip-agent': 434,
  'mobilip-mn': 435,
  msdp: 639,
  'netbios-dgm': 138,
  'netbios-ns': 137,
  'netbios-ssn': 139,
  nfsd: 2049,
  nntp: 119,
  ntalk: 518,
  ntp: 123,
  pop3: 110,
  pptp: 1723,
  printer: 515,
  radacct: 1813,
  radius: 1812,
  rip: 520,
  rkinit: 2108,
  smtp: 25,
  snmp: 161,
  'snmp-trap': 162,
  snpp: 444,
  socks: 1080,
  ssh: 22,
  sunrpc: 111,
  syslog: 514,
  tacacs: 49,
  'tacacs-ds': 65,
  talk: 517,
  telnet: 23,
  tftp: 69,
  timed: 525,
  who: 513,
  xdmcp: 177,
};

/** ICMP type names Junos accepts in `icmp-type` (the common ones; others stay uncertain). */
export const JUNOS_ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0,
  unreachable: 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  'router-advertisement': 9,
  'router-solicit': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  timestamp: 13,
  'timestamp-reply': 14,
  'info-request': 15,
  'info-reply': 16,
  'mask-request': 17,
  'mask-reply': 18,
};

/** A port or range: `80`, `1024-65535`, `http`, `low-high` by name; null when not a port. */
export function junosPorts(text: string): Intervals<number> | null {
  const one = (t: string): number | null => {
    if (/^\d{1,5}$/.test(t)) return Number(t) <= 65535 ? Number(t) : null;
    return Object.hasOwn(JUNOS_PORT_NAMES, t) ? JUNOS_PORT_NAMES[t]! : null;
  };
  const m = /^([^-]+)-([^-]+)$/.exec(text);
  const [a, b] = m ? [one(m[1]!), one(m[2]!)] : [one(text), one(text)];
  if (a === null || b === null || a > b) return null;
  return portRange(a, b);
}

export function junosIcmpType(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text) <= 255 ? Number(text) : null;
  return Object.hasOwn(JUNOS_ICMP_TYPES, text) ? JUNOS_ICMP_TYPES[text]! : null;
}

const tcp = (port: number, end = port): ServiceSet =>
  serviceOfProtocol(PROTO.TCP, ANY_PORT, portRange(port, end));
const udp = (port: number, end = port): ServiceSet =>
  serviceOfProtocol(PROTO.UDP, ANY_PORT, portRange(port, end));

/**
 * Predefined `junos-*` applications (group junos-defaults) whose definition could be checked
 * against two sources, never guessed. Predefined applications match any source port.
 *
 * - Juniper "show groups junos-defaults" (Junos 12.2): junos-ftp tcp/21, junos-tftp udp/69.
 * - Juniper "Understanding Internet-Related Predefined Policy Applications" (Junos Security
 *   10.2): AOL 5190-5193, DHCP 67/68, DNS 53, FTP 21, Gopher 70, HTTPS 443; "Security Policy
 *   Applications" (TCP/21 FTP, TCP/23 Telnet); "Understanding Mail Predefined Policy
 *   Applications" (Junos-ES 9.2, Table 34): IMAP 143, SMTP 25, POP3 110 (IMAP and POP3 are
 *   TCP protocols, RFC 3501 / RFC 1939); "Understanding UNIX Predefined Policy Applications":
 *   FINGER 79.
 * - Juniper's port-name table ("destination-port", Junos-ES 9.3: biff 512, cvspserver 2401,
 *   ftp-data 20, ldap 389, ldp 646, netbios-ssn 139, printer 515, radius 1812, rip 520, syslog
 *   514) for the port, with the protocol of Batfish's model of junos-defaults (batfish/batfish,
 *   representation/juniper/JunosApplication.java).
 * - Batfish's model where it agrees with IANA (bgp, ntp, nntp, pptp, gre, smb, ike 500/udp,
 *   ike-nat 4500/udp, smb-session 445/tcp, ms-sql 1433/tcp).
 *
 * RPC applications (junos-ms-rpc*, junos-sun-rpc*, junos-rpc-*) match program numbers or UUIDs
 * through the RPC ALG on dynamic ports, and are reported; so is any other `junos-*` name.
 */
export const PREDEFINED_APPLICATIONS: ReadonlyMap<string, ServiceSet> = new Map([
  ['junos-aol', tcp(5190, 5193)],
  ['junos-bgp', tcp(179)],
  ['junos-biff', udp(512)],
  ['junos-bootpc', udp(68)],
  ['junos-bootps', udp(67)],
  ['junos-cvspserver', tcp(2401)],
  ['junos-dhcp-client', udp(68)],
  ['junos-dhcp-relay', udp(67)],
  ['junos-dhcp-server', udp(67)],
  ['junos-dns-tcp', tcp(53)],
  ['junos-dns-udp', udp(53)],
  ['junos-finger', tcp(79)],
  ['junos-ftp', tcp(21)],
  ['junos-ftp-data', tcp(20)],
  ['junos-gopher', tcp(70)],
  ['junos-gre', serviceOfProtocol(PROTO.GRE)],
  ['junos-http', tcp(80)],
  ['junos-https', tcp(443)],
  ['junos-icmp-all', serviceOfProtocol(PROTO.ICMP)],
  ['junos-icmp-ping', icmpService(PROTO.ICMP, [8, 9])],
  ['junos-icmp6-all', serviceOfProtocol(PROTO.ICMPV6)],
  ['junos-ike', udp(500)],
  ['junos-ike-nat', udp(4500)],
  ['junos-imap', tcp(143)],
  ['junos-ldap', tcp(389)],
  ['junos-ldp-tcp', tcp(646)],
  ['junos-ldp-udp', udp(646)],
  ['junos-ms-sql', tcp(1433)],
  ['junos-netbios-session', tcp(139)],
  ['junos-nntp', tcp(119)],
  ['junos-ntp', udp(123)],
  ['junos-pop3', tcp(110)],
  ['junos-pptp', tcp(1723)],
  ['junos-printer', tcp(515)],
  ['junos-radius', udp(1812)],
  ['junos-rip', udp(520)],
  ['junos-smb', serviceUnion(tcp(139), tcp(445))],
  ['junos-smb-session', tcp(445)],
  ['junos-smtp', tcp(25)],
  ['junos-ssh', tcp(22)],
  ['junos-syslog', udp(514)],
  ['junos-telnet', tcp(23)],
  ['junos-tftp', udp(69)],
]);

/** Predefined applications matched by RPC program number or UUID through the ALG. */
export const isRpcApplication = (name: string): boolean => /^junos-(ms-rpc|sun-rpc|rpc-)/.test(name);

export type AppFields = ReadonlyMap<string, { value: string }>;

/** One application term -> a service set, or the reason it cannot be modelled. */
export function termService(fields: AppFields): ServiceSet | string {
  const proto = fields.get('protocol')?.value;
  let protos: Intervals<number> = [0, 256];
  if (proto !== undefined) {
    const n = proto === 'icmp6' || proto === 'icmpv6' ? PROTO.ICMPV6 : parseProtocol(proto);
    if (n === null) return `protocol '${proto}' is not known`;
    protos = n === 0 ? [0, 256] : [n, n + 1];
  }
  const isIcmp = protos[0] === PROTO.ICMP || protos[0] === PROTO.ICMPV6;
  const type = fields.get('icmp-type') ?? fields.get('icmp6-type');
  const code = fields.get('icmp-code') ?? fields.get('icmp6-code');
  if (isIcmp && (type || code)) {
    const t = type ? junosIcmpType(type.value) : null;
    const c = code && /^\d{1,3}$/.test(code.value) ? Number(code.value) : null;
    if ((type && t === null) || (code && c === null))
      return `ICMP type/code '${type?.value ?? ''} ${code?.value ?? ''}' is not known`;
    return icmpService(protos[0]!, t === null ? undefined : [t, t + 1], c === null ? undefined : [c, c + 1]);
  }
  const sp = fields.get('source-port');
  const dp = fields.get('destination-port');
  const sports = sp ? junosPorts(sp.value) : ANY_PORT;
  const dports = dp ? junosPorts(dp.value) : ANY_PORT;
  if (sports === null || dports === null)
    return `port '${(sports === null ? sp : dp)!.value}' is not a port or range`;
  const s = serviceOf(protos, sports, dports);
  return proto === undefined && !sp && !dp ? ANY_SERVICE : s;
}
