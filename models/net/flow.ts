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
  if (isIcmp(f.proto)) return `${name} ${formatAddress(f.src)} -> ${formatAddress(f.dst)} type ${f.dport} code ${f.sport}`;
  if (f.sport === 0 && f.dport === 0) return `${name} ${formatAddress(f.src)} -> ${formatAddress(f.dst)}`;
  return `${name} ${formatAddress(f.src)}:${f.sport} -> ${formatAddress(f.dst)}:${f.dport}`;
}
