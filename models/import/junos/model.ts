import type { SourceRef } from '../../diagnostics';

/** The vendor model of a Junos configuration (SRX security policies and router firewall filters). */

/** A name used somewhere, with the line that uses it. */
export interface JunosRef {
  readonly name: string;
  readonly source: SourceRef;
}

export type JunosAddressKind = 'prefix' | 'range' | 'wildcard' | 'dns-name';

export interface JunosAddress {
  readonly name: string;
  readonly kind: JunosAddressKind;
  /** The prefix, `first to last`, `addr/mask` or the host name, as written. */
  readonly value: string;
  readonly source: SourceRef;
}

export interface JunosAddressSet {
  readonly name: string;
  readonly addresses: JunosRef[];
  readonly sets: JunosRef[];
  readonly source: SourceRef;
}

/** `security address-book NAME` (or `global`), or a zone's own `address-book`. */
export interface JunosAddressBook {
  readonly name: string;
  readonly addresses: Map<string, JunosAddress>;
  readonly sets: Map<string, JunosAddressSet>;
  /** Zones a named book is attached to (`attach zone Z`); the global book serves every zone. */
  readonly attachZones: string[];
}

/** One `host-inbound-traffic system-services|protocols NAME [except]` statement. */
export interface JunosHostInboundEntry {
  readonly kind: 'system-services' | 'protocols';
  readonly name: string;
  readonly except: boolean;
  readonly source: SourceRef;
}

export interface JunosZone {
  readonly name: string;
  readonly interfaces: JunosRef[];
  readonly addressBook: JunosAddressBook;
  /** The zone's own `host-inbound-traffic`, in order. */
  readonly hostInbound: JunosHostInboundEntry[];
  /** `interfaces IF host-inbound-traffic ...` by the interface name as written. */
  readonly interfaceHostInbound: Map<string, JunosHostInboundEntry[]>;
  source: SourceRef;
}

/** One `term` of an application (or the application's own statements as term ''). */
export interface JunosAppTerm {
  readonly name: string;
  /** key -> [value, source]: protocol, source-port, destination-port, icmp-type, icmp-code, icmp6-type, icmp6-code. */
  readonly fields: Map<string, { value: string; source: SourceRef }>;
  readonly source: SourceRef;
}

export interface JunosApplication {
  readonly name: string;
  readonly terms: Map<string, JunosAppTerm>;
  readonly source: SourceRef;
}

export interface JunosApplicationSet {
  readonly name: string;
  readonly members: JunosRef[];
  readonly source: SourceRef;
}

export interface JunosPolicy {
  readonly name: string;
  /** Null for `security policies global`. */
  readonly fromZone: string | null;
  readonly toZone: string | null;
  readonly sourceAddresses: JunosRef[];
  readonly destinationAddresses: JunosRef[];
  readonly applications: JunosRef[];
  sourceExcluded: SourceRef | null;
  destinationExcluded: SourceRef | null;
  action: { kind: 'permit' | 'deny' | 'reject'; source: SourceRef } | null;
  /** Matches that cannot be decided offline (scheduler, identity, dynamic application, global zone match). */
  readonly uncertain: Array<{ why: string; source: SourceRef }>;
  /** Deactivated (`deactivate` or `inactive:`): kept for the order, never evaluated. */
  readonly inactive: boolean;
  readonly source: SourceRef;
}

/** A `from` condition of a firewall filter term: one value per statement, in order. */
export interface JunosCondition {
  readonly key: string;
  readonly value: string;
  readonly except: boolean;
  readonly source: SourceRef;
}

export interface JunosTermAction {
  readonly kind: string;
  readonly arg: string | null;
  readonly source: SourceRef;
}

export interface JunosTerm {
  readonly name: string;
  readonly from: JunosCondition[];
  readonly then: JunosTermAction[];
  /** `term T filter NAME`: evaluate another filter here. */
  filter: JunosRef | null;
  readonly source: SourceRef;
}

export interface JunosFilter {
  readonly family: 'inet' | 'inet6';
  readonly name: string;
  readonly terms: JunosTerm[];
  readonly source: SourceRef;
}

export interface JunosPrefixList {
  readonly name: string;
  readonly prefixes: Array<{ value: string; source: SourceRef }>;
  /** `apply-path`: the prefixes come from elsewhere in the config and are not expanded. */
  applyPath: SourceRef | null;
  readonly source: SourceRef;
}

export interface JunosInterfaceFilter {
  readonly family: 'inet' | 'inet6';
  readonly direction: 'input' | 'output';
  readonly name: string;
  readonly source: SourceRef;
}

/** A logical interface `IF.UNIT` (the name zones and routes use). */
export interface JunosInterface {
  readonly name: string;
  readonly addresses: Array<{ value: string; source: SourceRef }>;
  readonly filters: JunosInterfaceFilter[];
  source: SourceRef;
}

export interface JunosRoute {
  readonly prefix: string;
  readonly nextHop: string | null;
  /** `discard`, `reject`, or null for a next hop. */
  readonly special: string | null;
  readonly source: SourceRef;
}

export interface JunosNatRule {
  readonly kind: 'source' | 'destination' | 'static';
  readonly ruleSet: string;
  readonly name: string;
  readonly match: JunosCondition[];
  then: { value: string; source: SourceRef } | null;
  readonly source: SourceRef;
}

export interface JunosNatRuleSet {
  readonly kind: 'source' | 'destination' | 'static';
  readonly name: string;
  readonly from: string[];
  readonly to: string[];
  readonly rules: Map<string, JunosNatRule>;
  readonly source: SourceRef;
}

export interface JunosConfig {
  readonly file: string;
  hostName: string | null;
  readonly interfaces: Map<string, JunosInterface>;
  readonly zones: Map<string, JunosZone>;
  /** `security address-book NAME`, `global` included. */
  readonly addressBooks: Map<string, JunosAddressBook>;
  readonly applications: Map<string, JunosApplication>;
  readonly applicationSets: Map<string, JunosApplicationSet>;
  /** Zone-pair policies by `from\u0000to`, in order. */
  readonly policies: Map<string, JunosPolicy[]>;
  readonly globalPolicies: JunosPolicy[];
  defaultPolicy: { action: 'permit' | 'deny'; source: SourceRef } | null;
  /** Filters by `family/name`. */
  readonly filters: Map<string, JunosFilter>;
  readonly prefixLists: Map<string, JunosPrefixList>;
  readonly routes: JunosRoute[];
  readonly natRuleSets: Map<string, JunosNatRuleSet>;
  readonly natPools: Map<string, { address: string; source: SourceRef }>;
}

export const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;
