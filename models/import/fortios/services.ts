import {
  type AddressSet,
  ANY_SERVICE,
  NO_SERVICE,
  type ServiceSet,
  addressRange,
  icmpService,
  parseAddress,
  serviceOfProtocol,
  serviceUnion,
} from '../../net';

/**
 * A `config firewall service custom` entry -> the services it matches. Settings apply in order,
 * and `set protocol` to another protocol drops the values of the previous one (as FortiOS does).
 */
export interface ServiceSetting {
  readonly verb: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface CustomService {
  readonly set: ServiceSet;
  /** `set iprange`: the service matches only these destinations (null: any). */
  readonly dst: AddressSet | null;
  /** Why the set is not exact (FQDN restriction), or problems found reading it. */
  readonly uncertain: string[];
  readonly problems: string[];
  /** A web-proxy service (`set proxy enable`, protocol HTTP/FTP/CONNECT/SOCKS/ALL): no firewall policy matches it. */
  readonly proxy: boolean;
}

const PROXY_PROTOCOLS = new Set(['HTTP', 'FTP', 'CONNECT', 'SOCKS-TCP', 'SOCKS-UDP', 'ALL']);
const PORTED: Readonly<Record<string, number>> = {
  'tcp-portrange': 6,
  'udp-portrange': 17,
  'sctp-portrange': 132,
};

const port = (t: string): number | null => (/^\d{1,5}$/.test(t) && Number(t) <= 65535 ? Number(t) : null);

/** `lo[-hi]` -> [lo, hi + 1) or null. */
function range(text: string): [number, number] | null {
  const [a = '', b, ...rest] = text.split('-');
  if (rest.length > 0) return null;
  const lo = port(a);
  const hi = b === undefined ? lo : port(b);
  if (lo === null || hi === null || hi < lo) return null;
  return [lo, hi + 1];
}

/** One `dst[-dsthigh][:src[-srchigh]]` item of a port range list. */
export function portItem(proto: number, item: string): ServiceSet | null {
  const [d = '', s, ...rest] = item.split(':');
  if (rest.length > 0) return null;
  const dst = range(d);
  const src = s === undefined ? [0, 65536] : range(s);
  if (dst === null || src === null) return null;
  return serviceOfProtocol(proto, src, dst);
}

export function readCustomService(settings: readonly ServiceSetting[]): CustomService {
  let protocol = 'TCP/UDP/SCTP';
  let fields = new Map<string, readonly string[]>();
  let proxy = false;
  for (const s of settings) {
    if (s.key === 'protocol' && s.verb === 'set') {
      const p = s.values[0] ?? '';
      if (p !== protocol) fields = new Map();
      protocol = p;
    } else if (s.key === 'proxy') proxy = s.values[0] === 'enable' && s.verb === 'set';
    else if (s.verb === 'set') fields.set(s.key, s.values);
    else if (s.verb === 'append') fields.set(s.key, [...(fields.get(s.key) ?? []), ...s.values]);
    else if (s.verb === 'unset') fields.delete(s.key);
  }
  const problems: string[] = [];
  const uncertain: string[] = [];
  let set: ServiceSet = NO_SERVICE;
  if (proxy || PROXY_PROTOCOLS.has(protocol)) return { set, dst: null, uncertain, problems, proxy: true };
  switch (protocol) {
    case 'TCP/UDP/SCTP': {
      let any = false;
      for (const [key, proto] of Object.entries(PORTED)) {
        for (const item of fields.get(key) ?? []) {
          any = true;
          const s = portItem(proto, item);
          if (s === null) problems.push(`'${item}' is not a port range dst[-high][:src[-high]]`);
          else set = serviceUnion(set, s);
        }
      }
      if (!any) problems.push('it has no tcp-, udp- or sctp-portrange: it matches nothing');
      break;
    }
    case 'ICMP':
    case 'ICMP6': {
      const proto = protocol === 'ICMP' ? 1 : 58;
      const num = (key: string): number[] | undefined | null => {
        const v = fields.get(key)?.[0];
        if (v === undefined) return undefined;
        const n = /^\d{1,3}$/.test(v) ? Number(v) : 256;
        return n <= 255 ? [n, n + 1] : null;
      };
      const types = num('icmptype');
      const codes = num('icmpcode');
      if (types === null || codes === null) {
        problems.push('its ICMP type or code is not a number in 0-255');
        break;
      }
      set = icmpService(proto, types, codes);
      break;
    }
    case 'IP': {
      const v = fields.get('protocol-number')?.[0] ?? '0';
      const n = /^\d{1,3}$/.test(v) ? Number(v) : 256;
      if (n > 255) problems.push(`protocol-number '${v}' is not a number in 0-255`);
      else set = n === 0 ? ANY_SERVICE : serviceOfProtocol(n);
      break;
    }
    default:
      problems.push(`protocol '${protocol}' is not a FortiOS service protocol`);
  }
  let dst: AddressSet | null = null;
  const ipr = fields.get('iprange')?.[0];
  if (ipr !== undefined && ipr !== '0.0.0.0' && ipr !== '') {
    const [a = '', b = a] = ipr.split('-');
    const f = parseAddress(a);
    const l = parseAddress(b);
    const r = f.ok && l.ok ? addressRange(f.value, l.value) : null;
    if (r === null || !r.ok) problems.push(`iprange '${ipr}' is not an address range`);
    else dst = r.value;
  }
  const fqdn = fields.get('fqdn')?.[0];
  if (fqdn !== undefined && fqdn !== '')
    uncertain.push(`the service matches only destinations named ${fqdn}, resolved at run time`);
  return { set, dst, uncertain, problems, proxy: false };
}

/**
 * FortiOS's factory services, used only when a policy names one the file does not define (a
 * full backup defines them all in `config firewall service custom`, and those definitions win).
 */
const PREDEFINED: Readonly<Record<string, readonly string[]>> = {
  ALL: ['protocol IP'],
  ALL_TCP: ['tcp-portrange 1-65535'],
  ALL_UDP: ['udp-portrange 1-65535'],
  ALL_ICMP: ['protocol ICMP'],
  ALL_ICMP6: ['protocol ICMP6'],
  HTTP: ['tcp-portrange 80'],
  HTTPS: ['tcp-portrange 443'],
  SSH: ['tcp-portrange 22'],
  TELNET: ['tcp-portrange 23'],
  FTP: ['tcp-portrange 21'],
  SMTP: ['tcp-portrange 25'],
  SMTPS: ['tcp-portrange 465'],
  DNS: ['tcp-portrange 53', 'udp-portrange 53'],
  NTP: ['tcp-portrange 123', 'udp-portrange 123'],
  PING: ['protocol ICMP', 'icmptype 8'],
  PING6: ['protocol ICMP6', 'icmptype 128'],
  SNMP: ['tcp-portrange 161-162', 'udp-portrange 161-162'],
  SYSLOG: ['udp-portrange 514'],
  TFTP: ['udp-portrange 69'],
  DHCP: ['udp-portrange 67-68'],
  RDP: ['tcp-portrange 3389'],
  SMB: ['tcp-portrange 445'],
  SAMBA: ['tcp-portrange 139'],
  IMAP: ['tcp-portrange 143'],
  IMAPS: ['tcp-portrange 993'],
  POP3: ['tcp-portrange 110'],
  POP3S: ['tcp-portrange 995'],
  LDAP: ['tcp-portrange 389'],
  KERBEROS: ['tcp-portrange 88 464', 'udp-portrange 88 464'],
  MYSQL: ['tcp-portrange 3306'],
  'MS-SQL': ['tcp-portrange 1433 1434'],
  VNC: ['tcp-portrange 5900'],
  BGP: ['tcp-portrange 179'],
  IKE: ['udp-portrange 500 4500'],
  TRACEROUTE: ['udp-portrange 33434-33535'],
  GRE: ['protocol IP', 'protocol-number 47'],
  ESP: ['protocol IP', 'protocol-number 50'],
  AH: ['protocol IP', 'protocol-number 51'],
  OSPF: ['protocol IP', 'protocol-number 89'],
};

/** The factory definition of a service name, or null. */
export function predefinedService(name: string): CustomService | null {
  if (!Object.hasOwn(PREDEFINED, name)) return null;
  return readCustomService(
    PREDEFINED[name]!.map((line) => {
      const [key = '', ...values] = line.split(' ');
      return { verb: 'set', key, values };
    }),
  );
}
