import { parseProtocol } from '../../net';

/**
 * The port names the ASA accepts and shows in configs (its "TCP and UDP Ports" literal
 * table). They differ from IANA's /etc/services in places (`kerberos` is 750, `radius` 1645,
 * `dnsix` 195), so the shared IANA table is not used. A name not listed stays unresolved and is
 * reported rather than guessed.
 */
const BOTH: Readonly<Record<string, number>> = {
  cifs: 3020,
  discard: 9,
  domain: 53,
  echo: 7,
  http: 80,
  www: 80,
  kerberos: 750,
  nfs: 2049,
  'pim-auto-rp': 496,
  sip: 5060,
  sunrpc: 111,
  tacacs: 49,
  talk: 517,
};

export const ASA_TCP_PORTS: Readonly<Record<string, number>> = {
  ...BOTH,
  aol: 5190,
  bgp: 179,
  chargen: 19,
  'citrix-ica': 1494,
  cmd: 514,
  ctiqbe: 2748,
  daytime: 13,
  exec: 512,
  finger: 79,
  ftp: 21,
  'ftp-data': 20,
  gopher: 70,
  h323: 1720,
  hostname: 101,
  https: 443,
  ident: 113,
  imap4: 143,
  irc: 194,
  klogin: 543,
  kshell: 544,
  ldap: 389,
  ldaps: 636,
  login: 513,
  lotusnotes: 1352,
  lpd: 515,
  'netbios-ssn': 139,
  nntp: 119,
  'pcanywhere-data': 5631,
  pop2: 109,
  pop3: 110,
  pptp: 1723,
  rsh: 514,
  rtsp: 554,
  smtp: 25,
  sqlnet: 1521,
  ssh: 22,
  telnet: 23,
  uucp: 540,
  whois: 43,
};

export const ASA_UDP_PORTS: Readonly<Record<string, number>> = {
  ...BOTH,
  biff: 512,
  bootpc: 68,
  bootps: 67,
  dnsix: 195,
  isakmp: 500,
  'mobile-ip': 434,
  nameserver: 42,
  'netbios-dgm': 138,
  'netbios-ns': 137,
  ntp: 123,
  'pcanywhere-status': 5632,
  radius: 1645,
  'radius-acct': 1646,
  rip: 520,
  'secureid-udp': 5510,
  snmp: 161,
  snmptrap: 162,
  syslog: 514,
  tftp: 69,
  time: 37,
  who: 513,
  xdmcp: 177,
  vxlan: 4789,
};

/** A port number or a name valid for every protocol in `protocols` (tcp 6, udp 17, sctp 132). */
export function asaPort(text: string, protocols: readonly number[] | null): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : null;
  }
  const key = text.toLowerCase();
  const ps = protocols === null || protocols.length === 0 ? [6, 17] : protocols;
  let port: number | null = null;
  for (const p of ps) {
    const table = p === 6 ? ASA_TCP_PORTS : p === 17 ? ASA_UDP_PORTS : null;
    if (table === null || !Object.hasOwn(table, key)) return null;
    const v = table[key]!;
    if (port !== null && port !== v) return null;
    port = v;
  }
  return port;
}

/** ICMP type names of the ASA (`icmp-object`, ACE icmp types). */
const ICMP_TYPES: Readonly<Record<string, number>> = {
  'echo-reply': 0,
  unreachable: 3,
  'source-quench': 4,
  redirect: 5,
  'alternate-address': 6,
  echo: 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
  'information-request': 15,
  'information-reply': 16,
  'mask-request': 17,
  'mask-reply': 18,
  traceroute: 30,
  'conversion-error': 31,
  'mobile-redirect': 32,
};

/** ICMPv6 type names of the ASA (`icmp6` ACEs and `service-object icmp6`). */
const ICMP6_TYPES: Readonly<Record<string, number>> = {
  unreachable: 1,
  'packet-too-big': 2,
  'time-exceeded': 3,
  'parameter-problem': 4,
  echo: 128,
  'echo-reply': 129,
  'membership-query': 130,
  'membership-report': 131,
  'membership-reduction': 132,
  'router-solicitation': 133,
  'router-advertisement': 134,
  'neighbor-solicitation': 135,
  'neighbor-advertisement': 136,
  'neighbor-redirect': 137,
  'router-renumbering': 138,
};

export function asaIcmpType(text: string, proto: number): number | null {
  if (/^\d{1,3}$/.test(text)) {
    const n = Number(text);
    return n <= 255 ? n : null;
  }
  const table = proto === 58 ? ICMP6_TYPES : ICMP_TYPES;
  const key = text.toLowerCase();
  return Object.hasOwn(table, key) ? table[key]! : null;
}

/** Protocol keywords of the ASA beyond the IANA names (`ipsec` is ESP, `pptp` is GRE). */
const ASA_PROTOCOLS: Readonly<Record<string, number>> = {
  icmp6: 58,
  igrp: 9,
  ipinip: 4,
  ipsec: 50,
  nos: 94,
  pcp: 108,
  snp: 109,
  pptp: 47,
};

/** A protocol by ASA name or number; `ip` is every protocol (null). Undefined when unknown. */
export function asaProtocol(text: string): number | null | undefined {
  const key = text.toLowerCase();
  if (key === 'ip') return null;
  if (Object.hasOwn(ASA_PROTOCOLS, key)) return ASA_PROTOCOLS[key]!;
  return parseProtocol(key) ?? undefined;
}

export const LOG_LEVELS = new Set([
  'emergencies',
  'alerts',
  'critical',
  'errors',
  'warnings',
  'notifications',
  'informational',
  'debugging',
]);
