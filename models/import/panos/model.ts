import type { SourceRef } from '../../diagnostics';

/** The PAN-OS vendor model: one small type per concept, each with the line it came from. */

export interface PanosAddress {
  readonly name: string;
  readonly kind: 'ip-netmask' | 'ip-range' | 'ip-wildcard' | 'fqdn' | 'unknown';
  readonly value: string;
  readonly source: SourceRef;
}

export interface PanosAddressGroup {
  readonly name: string;
  readonly members: readonly string[];
  /** The tag filter of a dynamic group (its members are known only at run time). */
  readonly dynamic: string | null;
  readonly source: SourceRef;
}

export interface PanosService {
  readonly name: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp' | null;
  readonly ports: string | null;
  readonly sourcePorts: string | null;
  readonly source: SourceRef;
}

export interface PanosNamedList {
  readonly name: string;
  readonly members: readonly string[];
  readonly source: SourceRef;
}

/** A custom application: what its `default` says about layer 3/4. */
export interface PanosApplication {
  readonly name: string;
  /** `tcp/80,443`, `udp/dynamic`... from `default port`. */
  readonly ports: readonly string[];
  readonly ipProtocol: number | null;
  readonly icmpType: { readonly v6: boolean; readonly type: number; readonly code: number | null } | null;
  readonly source: SourceRef;
}

/** The objects of one scope (a vsys, a device group, or shared). */
export interface PanosObjects {
  readonly scope: string;
  readonly addresses: Map<string, PanosAddress>;
  readonly addressGroups: Map<string, PanosAddressGroup>;
  readonly services: Map<string, PanosService>;
  readonly serviceGroups: Map<string, PanosNamedList>;
  readonly applications: Map<string, PanosApplication>;
  readonly applicationGroups: Map<string, PanosNamedList>;
  /** Application filters and external dynamic lists: names whose contents are not in the config. */
  readonly applicationFilters: Map<string, SourceRef>;
  readonly externalLists: Map<string, SourceRef>;
}

export type PanosAction = 'allow' | 'deny' | 'drop' | 'reset-client' | 'reset-server' | 'reset-both';
export type PanosRulebase = 'pre' | 'local' | 'post';

export interface PanosSecurityRule {
  readonly name: string;
  /** Where the rule sits: `pre-rulebase (shared)`, `rulebase`, `post-rulebase (device-group X)`... */
  readonly rulebase: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly negateSource: boolean;
  readonly negateDestination: boolean;
  readonly applications: readonly string[];
  readonly services: readonly string[];
  /** The action as written (null when missing). */
  readonly action: string | null;
  readonly disabled: boolean;
  readonly ruleType: 'universal' | 'intrazone' | 'interzone';
  /** Other non-`any` matches (source-user, category, source-hip, schedule...) the model cannot decide. */
  readonly undecidable: readonly string[];
  readonly description: string | null;
  readonly source: SourceRef;
}

export interface PanosNatRule {
  readonly name: string;
  readonly rulebase: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly toInterface: string | null;
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly service: string;
  readonly disabled: boolean;
  /** `dynamic-ip-and-port`, `dynamic-ip`, `static-ip` or null. */
  readonly sourceTranslation: {
    readonly type: string;
    readonly addresses: readonly string[];
    readonly interface: string | null;
    readonly bidirectional: boolean;
  } | null;
  readonly destinationTranslation: {
    readonly dynamic: boolean;
    readonly address: string | null;
    readonly port: string | null;
  } | null;
  readonly source: SourceRef;
}

export interface PanosZone {
  readonly name: string;
  /** `layer3`, `layer2`, `virtual-wire`, `tap`, `tunnel`, `external`. */
  readonly mode: string | null;
  readonly interfaces: readonly string[];
  readonly source: SourceRef;
}

export interface PanosInterface {
  readonly name: string;
  readonly addresses: readonly { readonly value: string; readonly source: SourceRef }[];
  readonly loopback: boolean;
  readonly source: SourceRef;
}

export interface PanosRoute {
  readonly router: string;
  readonly name: string;
  readonly destination: string;
  readonly nextHop: string | null;
  readonly interface: string | null;
  readonly discard: boolean;
  readonly source: SourceRef;
}

export interface PanosDefaultRule {
  readonly action: string;
  readonly source: SourceRef;
}

/** One thing that becomes a Device: a firewall vsys, or a Panorama device group. */
export interface PanosScope {
  readonly kind: 'vsys' | 'device-group';
  readonly name: string;
  readonly deviceName: string;
  /** Object lookup order: the scope's own, its ancestors' (device groups), then shared. */
  readonly objects: readonly PanosObjects[];
  readonly zones: readonly PanosZone[];
  readonly interfaces: readonly PanosInterface[];
  readonly routes: readonly PanosRoute[];
  /** In evaluation order. */
  readonly security: readonly PanosSecurityRule[];
  readonly nat: readonly PanosNatRule[];
  readonly intrazoneDefault: PanosDefaultRule | null;
  readonly interzoneDefault: PanosDefaultRule | null;
  /** A line to cite for the scope itself. */
  readonly source: SourceRef;
}

export interface PanosConfig {
  readonly file: string;
  readonly form: 'xml' | 'set' | 'brace' | 'running-policy';
  readonly panorama: boolean;
  readonly hostname: string | null;
  readonly scopes: readonly PanosScope[];
}
