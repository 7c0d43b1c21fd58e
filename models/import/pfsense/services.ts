import {
  ANY_SERVICE,
  NO_SERVICE,
  PROTO,
  type PortSet,
  type ServiceSet,
  icmpService,
  parseProtocol,
  serviceOf,
  serviceUnion,
} from '../../net';

/** pf's ICMP type names (pfSense and OPNsense write them in `<icmptype>`). */
const ICMP4: Readonly<Record<string, number>> = {
  echorep: 0,
  unreach: 3,
  squench: 4,
  redir: 5,
  althost: 6,
  echoreq: 8,
  routeradv: 9,
  routersol: 10,
  timex: 11,
  paramprob: 12,
  timereq: 13,
  timerep: 14,
  inforeq: 15,
  inforep: 16,
  maskreq: 17,
  maskrep: 18,
  trace: 30,
  dataconv: 31,
  mobredir: 32,
  'ipv6-where': 33,
  'ipv6-here': 34,
  mobregreq: 35,
  mobregrep: 36,
  skip: 39,
  photuris: 40,
};

const ICMP6: Readonly<Record<string, number>> = {
  unreach: 1,
  toobig: 2,
  timex: 3,
  paramprob: 4,
  echoreq: 128,
  echorep: 129,
  groupqry: 130,
  listqry: 130,
  grouprep: 131,
  listenrep: 131,
  groupterm: 132,
  listendone: 132,
  routersol: 133,
  routeradv: 134,
  neighbrsol: 135,
  neighbradv: 136,
  redir: 137,
  routrrenum: 138,
  fqdnreq: 139,
  niqry: 139,
  wrureq: 139,
  fqdnrep: 140,
  nirep: 140,
  wrurep: 140,
  mtraceresp: 200,
  mtrace: 201,
};

/** Protocol names pf knows that the IANA table here does not. */
const EXTRA: Readonly<Record<string, number>> = { carp: 112, pfsync: 240, vrrp: 112, l2tp: 115 };

export interface PfService {
  readonly service: ServiceSet;
  readonly why?: string;
}

/**
 * The service of a rule: its protocol (`tcp/udp` is both), its ports (tcp and udp only, as the
 * GUI allows), ICMP types per address family (`icmp` on an IPv6 rule is ICMPv6).
 */
export function ruleService(
  protocol: string | undefined,
  families: { v4: boolean; v6: boolean },
  sports: PortSet,
  dports: PortSet,
  icmptypes: readonly string[] | undefined,
): PfService {
  if (protocol === undefined) return { service: ANY_SERVICE };
  if (protocol === 'tcp/udp' || protocol === 'tcp' || protocol === 'udp') {
    let s: ServiceSet = NO_SERVICE;
    if (protocol !== 'udp') s = serviceUnion(s, serviceOf([PROTO.TCP, PROTO.TCP + 1], sports, dports));
    if (protocol !== 'tcp') s = serviceUnion(s, serviceOf([PROTO.UDP, PROTO.UDP + 1], sports, dports));
    return { service: s };
  }
  if (protocol === 'icmp' || protocol === 'ipv6-icmp' || protocol === 'icmp6' || protocol === 'icmpv6') {
    let s: ServiceSet = NO_SERVICE;
    let why: string | undefined;
    const fams: Array<[number, Readonly<Record<string, number>>]> = [];
    if (protocol === 'icmp' && families.v4) fams.push([PROTO.ICMP, ICMP4]);
    if (protocol !== 'icmp' || families.v6) fams.push([PROTO.ICMPV6, ICMP6]);
    for (const [proto, names] of fams) {
      if (icmptypes === undefined || icmptypes.length === 0) {
        s = serviceUnion(s, icmpService(proto));
        continue;
      }
      for (const t of icmptypes) {
        const key = t.toLowerCase();
        const n = Object.hasOwn(names, key) ? names[key]! : /^\d{1,3}$/.test(key) ? Number(key) : null;
        if (n === null || n > 255) {
          why ??= `ICMP type '${t}' is not known`;
          s = serviceUnion(s, icmpService(proto));
        } else s = serviceUnion(s, icmpService(proto, [n, n + 1]));
      }
    }
    return why !== undefined ? { service: s, why } : { service: s };
  }
  const key = protocol.toLowerCase();
  const n = Object.hasOwn(EXTRA, key) ? EXTRA[key]! : parseProtocol(key);
  if (n === null) return { service: ANY_SERVICE, why: `protocol '${protocol}' is not known` };
  return { service: serviceOf([n, n + 1]) };
}
