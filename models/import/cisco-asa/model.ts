import type { SourceRef } from '../../diagnostics';
import type { AddressSet, PortSet } from '../../net';

/** The vendor model of a Cisco ASA `show running-config` (or `show access-list`), before conversion. */

export interface AsaInterface {
  /** The hardware name (`GigabitEthernet0/1`). */
  readonly hardware: string;
  readonly source: SourceRef;
  nameif?: string;
  nameifSource?: SourceRef;
  securityLevel?: number;
  securitySource?: SourceRef;
  /** CIDR strings of the `ip address` / `ipv6 address` lines. */
  readonly addresses: string[];
  shutdown: boolean;
  shutdownSource?: SourceRef;
}

/** One member of an object or object-group, with the line that declared it. */
export type AsaMember =
  | { readonly kind: 'addresses'; readonly set: AddressSet; readonly source: SourceRef }
  | { readonly kind: 'fqdn'; readonly host: string; readonly source: SourceRef }
  /** `group-object NAME`, `network-object object NAME`, `service-object object NAME`. */
  | { readonly kind: 'ref'; readonly name: string; readonly source: SourceRef }
  /** `service-object ...` / `service ...`: a protocol with optional ports or ICMP type. */
  | { readonly kind: 'service'; readonly svc: AsaServiceSpec; readonly source: SourceRef }
  /** `port-object eq|range` of a tcp / udp / tcp-udp service group. */
  | { readonly kind: 'ports'; readonly ports: PortSet; readonly source: SourceRef }
  /** `protocol-object P` (null = `ip`, every protocol). */
  | { readonly kind: 'protocol'; readonly proto: number | null; readonly source: SourceRef }
  /** `icmp-object T`. */
  | { readonly kind: 'icmp-type'; readonly type: number; readonly source: SourceRef };

export type AsaObjectType = 'network' | 'service' | 'protocol' | 'icmp-type' | 'port';

export interface AsaObject {
  readonly name: string;
  readonly type: AsaObjectType;
  /** `object-group` (true) or `object` (false). */
  readonly group: boolean;
  /** For `object-group service NAME tcp|udp|tcp-udp` (a port group): its protocols. */
  readonly protocols?: readonly number[];
  readonly members: AsaMember[];
  readonly source: SourceRef;
}

/** A protocol (null = `ip`) with source / destination ports or an ICMP type and code. */
export interface AsaServiceSpec {
  readonly protocols: readonly number[] | null;
  readonly sports?: PortSet;
  readonly dports?: PortSet;
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

export type AsaProtocolRef =
  | { readonly kind: 'protocol'; readonly protocols: readonly number[] | null }
  | { readonly kind: 'object'; readonly name: string }
  | { readonly kind: 'object-group'; readonly name: string };

export type AsaAddressRef =
  | { readonly kind: 'addresses'; readonly set: AddressSet }
  | { readonly kind: 'object'; readonly name: string }
  | { readonly kind: 'object-group'; readonly name: string }
  | { readonly kind: 'interface'; readonly name: string }
  | { readonly kind: 'fqdn'; readonly host: string };

export type AsaPortRef =
  | { readonly kind: 'ports'; readonly ports: PortSet; readonly text: string }
  | { readonly kind: 'object-group'; readonly name: string };

export type AsaIcmpRef =
  | { readonly kind: 'type'; readonly type: number; readonly code?: number }
  | { readonly kind: 'object-group'; readonly name: string };

/** One access-control entry (an `access-list` line, or an expanded entry of `show access-list`). */
export interface AsaAce {
  readonly list: string;
  readonly action: 'permit' | 'deny';
  readonly type: 'extended' | 'standard';
  readonly protocol: AsaProtocolRef;
  readonly src: AsaAddressRef;
  readonly srcPort?: AsaPortRef;
  readonly dst: AsaAddressRef;
  readonly dstPort?: AsaPortRef;
  readonly icmp?: AsaIcmpRef;
  readonly inactive: boolean;
  readonly timeRange?: string;
  readonly label?: string;
  readonly source: SourceRef;
}

export interface AsaAccessList {
  readonly name: string;
  readonly source: SourceRef;
  readonly entries: AsaAce[];
}

export interface AsaAccessGroup {
  readonly list: string;
  /** `in` / `out` on an interface, or `global`. */
  readonly direction: 'in' | 'out' | 'global';
  readonly nameif?: string;
  readonly source: SourceRef;
}

/** `http|ssh|telnet ADDR MASK IFNAME`: who may manage the device from which interface. */
export interface AsaManagement {
  readonly service: 'http' | 'ssh' | 'telnet';
  readonly addresses: AddressSet;
  readonly nameif: string;
  readonly source: SourceRef;
}

/** Object NAT (inside `object network`) or twice NAT (a top-level `nat` line). */
export interface AsaNat {
  readonly kind: 'object' | 'twice';
  readonly realIf: string | null;
  readonly mappedIf: string | null;
  readonly type: 'static' | 'dynamic';
  /** Object NAT: the object's name; twice NAT: the real source. */
  readonly realSource: string;
  readonly mappedSource: string;
  readonly destination?: {
    readonly mapped: string;
    readonly real: string;
    readonly type: 'static' | 'dynamic';
  };
  readonly text: string;
  readonly source: SourceRef;
}

/**
 * Pre-8.3 `static (real_ifc,mapped_ifc) [tcp|udp] MAPPED [MPORT] REAL [RPORT] [netmask M]` (or
 * `... access-list ACL`, policy static). MAPPED is an address, a `name`, or `interface`.
 */
export interface AsaLegacyStatic {
  readonly realIf: string;
  readonly mappedIf: string;
  readonly protocol: 'tcp' | 'udp' | null;
  readonly mapped: string;
  readonly mappedPort: number | null;
  readonly real: string | null;
  readonly realPort: number | null;
  readonly netmask: string | null;
  /** Policy static NAT: the ACL that selects the real traffic (not modelled). */
  readonly acl: string | null;
  readonly source: SourceRef;
}

export interface AsaConfig {
  readonly file: string;
  hostname: string | null;
  /** True for `show access-list` output. */
  showAccessList: boolean;
  readonly interfaces: AsaInterface[];
  readonly names: Map<string, { readonly set: AddressSet; readonly source: SourceRef }>;
  readonly objects: Map<string, AsaObject>;
  readonly accessLists: Map<string, AsaAccessList>;
  readonly accessGroups: AsaAccessGroup[];
  readonly management: AsaManagement[];
  readonly nat: AsaNat[];
  /** Pre-8.3 NAT: `static` commands, and the lines of `nat (if) ID`, `global`, `nat-control`. */
  readonly legacyStatics: AsaLegacyStatic[];
  readonly legacyNatLines: SourceRef[];
  readonly routes: AsaRoute[];
  /** `http server enable [PORT]`: the ASDM port, 443 by default. */
  httpPort: number;
  sameSecurityInter: SourceRef | null;
  sameSecurityIntra: SourceRef | null;
}

/** `route IFNAME NETWORK MASK GATEWAY [METRIC]`. */
export interface AsaRoute {
  readonly nameif: string;
  readonly prefix: string;
  readonly nextHop: string;
  readonly source: SourceRef;
}
