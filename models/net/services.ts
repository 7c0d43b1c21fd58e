/**
 * Well-known service names per protocol, as the IANA registry (and Debian's netbase
 * /etc/services) assigns them: the names iptables resolves with getservbyname() when a rule
 * says `--dport ssh`. Only names a firewall rule plausibly uses are listed; an unlisted name
 * stays unresolved (and the rule uncertain) rather than guessed.
 */
const BOTH: Readonly<Record<string, number>> = {
  domain: 53,
  kerberos: 88,
  kerberos5: 88,
  krb5: 88,
  'kerberos-sec': 88,
  sunrpc: 111,
  portmapper: 111,
  snmp: 161,
  'snmp-trap': 162,
  snmptrap: 162,
  ldap: 389,
  ldaps: 636,
  'domain-s': 853,
  openvpn: 1194,
  radius: 1812,
  'radius-acct': 1813,
  radacct: 1813,
  nfs: 2049,
  sip: 5060,
  'sip-tls': 5061,
};

export const TCP_SERVICES: Readonly<Record<string, number>> = {
  ...BOTH,
  'ftp-data': 20,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  mail: 25,
  http: 80,
  www: 80,
  pop3: 110,
  'pop-3': 110,
  nntp: 119,
  imap2: 143,
  imap: 143,
  bgp: 179,
  https: 443,
  'microsoft-ds': 445,
  shell: 514,
  cmd: 514,
  printer: 515,
  submission: 587,
  ipp: 631,
  'kerberos-adm': 749,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  'ms-sql-s': 1433,
  mysql: 3306,
  'ms-wbt-server': 3389,
  'xmpp-client': 5222,
  postgresql: 5432,
  postgres: 5432,
  x11: 6000,
  ircd: 6667,
  'http-alt': 8080,
  webcache: 8080,
  'netbios-ssn': 139,
  'iso-tsap': 102,
  tsap: 102,
};

export const UDP_SERVICES: Readonly<Record<string, number>> = {
  ...BOTH,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  ntp: 123,
  'netbios-ns': 137,
  'netbios-dgm': 138,
  https: 443,
  isakmp: 500,
  syslog: 514,
  'ms-sql-m': 1434,
  'ipsec-nat-t': 4500,
};

/** The names that mean the same port for every protocol in `protos` (tcp, udp or both). */
export function serviceNamesFor(protos: readonly number[]): Readonly<Record<string, number>> | undefined {
  const tables = protos.map((p) => (p === 6 ? TCP_SERVICES : p === 17 ? UDP_SERVICES : undefined));
  if (tables.length === 0 || tables.some((t) => t === undefined)) return undefined;
  if (tables.length === 1) return tables[0];
  const out: Record<string, number> = {};
  for (const [name, port] of Object.entries(tables[0]!)) {
    if (tables.every((t) => t![name] === port)) out[name] = port;
  }
  return out;
}
