import { type IpAddress, formatAddress } from './address';
import { isIcmp, protocolName } from './protocol';

/**
 * One packet, the first of a NEW connection. For ICMP / ICMPv6, `sport` is the ICMP code and
 * `dport` the ICMP type (as in the probe CSV); for protocols without ports both are 0.
 */
export interface Flow {
  readonly proto: number;
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly sport: number;
  readonly dport: number;
}

export function formatFlow(f: Flow): string {
  const name = protocolName(f.proto);
  if (isIcmp(f.proto))
    return `${name} ${formatAddress(f.src)} -> ${formatAddress(f.dst)} type ${f.dport} code ${f.sport}`;
  if (f.sport === 0 && f.dport === 0) return `${name} ${formatAddress(f.src)} -> ${formatAddress(f.dst)}`;
  // RFC 3986 style: an IPv6 address with a port is bracketed, `[2001:db8::1]:443`.
  const hostPort = (a: Flow['src'], port: number): string =>
    a.family === 6 ? `[${formatAddress(a)}]:${port}` : `${formatAddress(a)}:${port}`;
  return `${name} ${hostPort(f.src, f.sport)} -> ${hostPort(f.dst, f.dport)}`;
}
