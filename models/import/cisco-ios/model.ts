import type { SourceRef } from '../../diagnostics';
import type { AddressSet, PortSet } from '../../net';

/**
 * The vendor model of a Cisco IOS / IOS-XE / NX-OS configuration (or `show ip access-lists`
 * output), before conversion. Object-group references stay names until conversion, because a
 * group may be defined after the line that uses it.
 */

export type IosFamily = 4 | 6;

/** An address operand: a literal set, or a network object-group (IOS) / addrgroup (NX-OS). */
export type IosAddress =
  { readonly kind: 'set'; readonly set: AddressSet } | { readonly kind: 'group'; readonly name: string };

/** A port operand: a literal set (already resolved), or an NX-OS port object-group. */
export type IosPorts =
  { readonly kind: 'set'; readonly ports: PortSet } | { readonly kind: 'group'; readonly name: string };

/** The protocol operand of an ACE: protocol numbers (null = every protocol) or a service object-group. */
export type IosProtocol =
  | { readonly kind: 'protocols'; readonly protocols: readonly number[] | null }
  | { readonly kind: 'group'; readonly name: string };

export interface IosIcmp {
  readonly type?: number;
  readonly code?: number;
}

export interface IosAce {
  readonly kind: 'ace';
  readonly action: 'permit' | 'deny';
  readonly seq: number | null;
  readonly protocol: IosProtocol;
  readonly src: IosAddress;
  readonly dst: IosAddress;
  readonly srcPorts?: IosPorts;
  readonly dstPorts?: IosPorts;
  readonly icmp?: IosIcmp;
  /** False when the entry can never match the first packet of a new connection (`established`, `fragments`, ACK/RST flags). */
  readonly matchesNew: boolean;
  /** Set when part of the entry cannot be decided offline (time-range, ttl, dscp...). */
  readonly uncertain?: string;
  readonly log: boolean;
  /** The remark lines just before the entry. */
  readonly label?: string;
  readonly source: SourceRef;
}

export type IosAclKind = 'standard' | 'extended' | 'nxos' | 'ipv6';

export interface IosAcl {
  readonly name: string;
  readonly kind: IosAclKind;
  readonly family: IosFamily;
  readonly entries: IosAce[];
  /** The first line that defined the ACL (header, or first numbered `access-list N` line). */
  readonly source: SourceRef;
  /** Remarks waiting for the next entry. */
  pendingRemarks: string[];
}

/** A member of a network object-group: literal addresses, or a nested group. */
export type IosNetworkMember = IosAddress & { readonly source: SourceRef };

export interface IosNetworkGroup {
  readonly name: string;
  readonly members: IosNetworkMember[];
  readonly source: SourceRef;
}

/** A member of a service object-group: a protocol with optional ports, or a nested group. */
export type IosServiceMember =
  | {
      readonly kind: 'service';
      readonly protocols: readonly number[] | null;
      readonly srcPorts?: PortSet;
      readonly dstPorts?: PortSet;
      readonly icmp?: IosIcmp;
      readonly source: SourceRef;
    }
  | { readonly kind: 'group'; readonly name: string; readonly source: SourceRef };

export interface IosServiceGroup {
  readonly name: string;
  readonly members: IosServiceMember[];
  readonly source: SourceRef;
}

/** NX-OS `object-group ip port NAME`. */
export interface IosPortGroup {
  readonly name: string;
  readonly members: Array<{ readonly ports: PortSet; readonly source: SourceRef }>;
  readonly source: SourceRef;
}

export interface IosAccessGroup {
  readonly acl: string;
  readonly direction: 'in' | 'out';
  readonly family: IosFamily;
  readonly source: SourceRef;
}

export interface IosInterface {
  readonly name: string;
  readonly addresses: string[];
  readonly accessGroups: IosAccessGroup[];
  zone: { readonly name: string; readonly source: SourceRef } | null;
  shutdown: boolean;
  /** `ip nat inside` / `ip nat outside`, with its line. */
  nat: { readonly role: 'inside' | 'outside'; readonly source: SourceRef } | null;
  /** Free text from the config: data only, never interpreted. */
  description: string | null;
  readonly source: SourceRef;
}

export interface IosZone {
  readonly name: string;
  readonly source: SourceRef;
}

export type IosClassMatch =
  | { readonly kind: 'acl'; readonly name: string; readonly source: SourceRef }
  | { readonly kind: 'protocol'; readonly name: string; readonly source: SourceRef }
  | { readonly kind: 'class'; readonly name: string; readonly source: SourceRef };

export interface IosClassMap {
  readonly name: string;
  readonly matchAll: boolean;
  readonly matches: IosClassMatch[];
  readonly source: SourceRef;
}

export type IosZbfAction = 'inspect' | 'pass' | 'drop';

export interface IosPolicyClass {
  readonly className: string;
  action: { readonly kind: IosZbfAction; readonly source: SourceRef } | null;
  readonly source: SourceRef;
}

export interface IosPolicyMap {
  readonly name: string;
  readonly classes: IosPolicyClass[];
  readonly source: SourceRef;
}

export interface IosZonePair {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  policy: { readonly name: string; readonly source: SourceRef } | null;
  readonly source: SourceRef;
}

export interface IosRoute {
  readonly prefix: string;
  readonly nextHop?: string;
  readonly interface?: string;
  readonly source: SourceRef;
}

/**
 * `ip nat inside source static [tcp|udp] [network] LOCAL [LPORT] GLOBAL|interface IF [GPORT]
 * [/LEN]`: LOCAL/length inside is GLOBAL/length outside.
 */
export interface IosNatStatic {
  readonly protocol: 'tcp' | 'udp' | null;
  readonly local: string;
  readonly localPort: number | null;
  readonly global:
    | { readonly kind: 'address'; readonly address: string }
    | { readonly kind: 'interface'; readonly name: string };
  readonly globalPort: number | null;
  /** The prefix length (32 for a host). */
  readonly length: number;
  readonly source: SourceRef;
}

export interface IosConfig {
  readonly file: string;
  hostname: string | null;
  readonly acls: Map<string, IosAcl>;
  readonly networkGroups: Map<string, IosNetworkGroup>;
  readonly serviceGroups: Map<string, IosServiceGroup>;
  readonly portGroups: Map<string, IosPortGroup>;
  readonly interfaces: Map<string, IosInterface>;
  readonly zones: Map<string, IosZone>;
  readonly classMaps: Map<string, IosClassMap>;
  readonly policyMaps: Map<string, IosPolicyMap>;
  readonly zonePairs: IosZonePair[];
  readonly routes: IosRoute[];
  readonly natStatics: IosNatStatic[];
  /** Names filled by `reflect NAME` entries, and the `evaluate NAME` entries that read them. */
  readonly reflects: Set<string>;
  readonly evaluations: Array<{ readonly name: string; readonly source: SourceRef }>;
}
