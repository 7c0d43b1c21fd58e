/** IP protocol numbers by name (IANA; the names iptables, Cisco and Junos accept). */
const BY_NAME: Readonly<Record<string, number>> = {
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ggp: 3,
  ipip: 4,
  ipencap: 4,
  'ip-in-ip': 4,
  st: 5,
  tcp: 6,
  egp: 8,
  igp: 9,
  pup: 12,
  udp: 17,
  hmp: 20,
  'xns-idp': 22,
  rdp: 27,
  'iso-tp4': 29,
  dccp: 33,
  xtp: 36,
  ddp: 37,
  'idpr-cmtp': 38,
  ipv6: 41,
  'ipv6-route': 43,
  'ipv6-frag': 44,
  idrp: 45,
  rsvp: 46,
  gre: 47,
  esp: 50,
  'ipsec-esp': 50,
  ah: 51,
  'ipsec-ah': 51,
  skip: 57,
  icmpv6: 58,
  'ipv6-icmp': 58,
  icmp6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  rspf: 73,
  vmtp: 81,
  eigrp: 88,
  ospf: 89,
  ospfigp: 89,
  'ax.25': 93,
  ipip2: 94,
  etherip: 97,
  encap: 98,
  pim: 103,
  ipcomp: 108,
  vrrp: 112,
  l2tp: 115,
  isis: 124,
  sctp: 132,
  fc: 133,
  'mobility-header': 135,
  udplite: 136,
  'mpls-in-ip': 137,
  manet: 138,
  hip: 139,
  shim6: 140,
  wesp: 141,
  rohc: 142,
};

const NAME_OF: ReadonlyMap<number, string> = new Map(
  Object.entries(BY_NAME)
    .reverse()
    .map(([name, n]) => [n, name] as const),
);

export const PROTO = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  GRE: 47,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  SCTP: 132,
  UDPLITE: 136,
} as const;

/** Protocol number for a name or a decimal number in 0-255, else null. */
export function parseProtocol(text: string): number | null {
  const lower = text.toLowerCase();
  // Own keys only: `constructor` or `__proto__` must not resolve through Object.prototype.
  if (Object.hasOwn(BY_NAME, lower)) return BY_NAME[lower]!;
  if (/^\d{1,3}$/.test(lower)) {
    const n = Number(lower);
    return n <= 255 ? n : null;
  }
  return null;
}

export function protocolName(n: number): string {
  return NAME_OF.get(n) ?? String(n);
}

/** Protocols whose flows carry source and destination ports. */
export const hasPorts = (proto: number): boolean =>
  proto === PROTO.TCP ||
  proto === PROTO.UDP ||
  proto === PROTO.SCTP ||
  proto === PROTO.UDPLITE ||
  proto === 33;
export const isIcmp = (proto: number): boolean => proto === PROTO.ICMP || proto === PROTO.ICMPV6;
