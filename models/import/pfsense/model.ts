import type { SourceRef } from '../../diagnostics';

/**
 * The vendor model of a pfSense / OPNsense config.xml, before conversion. Every object keeps the
 * SourceRef of its element's start tag. OPNsense's legacy sections have the same shape as
 * pfSense's; its MVC sections (`<OPNsense><Firewall>`) are read into the same types.
 */

export type PfFlavour = 'pfsense' | 'opnsense';

/** An address of an interface: a static one, or a dynamic one (dhcp, pppoe, track6...). */
export type PfIfAddress =
  | { readonly kind: 'static'; readonly address: string; readonly prefix: number; readonly source: SourceRef }
  | { readonly kind: 'dynamic'; readonly how: string; readonly source: SourceRef };

export interface PfInterface {
  /** The config key: `wan`, `lan`, `optN` (rules name interfaces by it). */
  readonly key: string;
  /** The operating-system device (`<if>`: igb0, vtnet1.100). */
  readonly device: string;
  readonly descr: string;
  readonly enabled: boolean;
  readonly v4?: PfIfAddress;
  readonly v6?: PfIfAddress;
  readonly blockPriv?: SourceRef;
  readonly blockBogons?: SourceRef;
  readonly source: SourceRef;
}

export type PfAliasType =
  'host' | 'network' | 'port' | 'url' | 'urltable' | 'url_ports' | 'urltable_ports' | string;

export interface PfAlias {
  readonly name: string;
  readonly type: PfAliasType;
  /** Entries (addresses, ranges, ports, nested alias names, hostnames, URLs), each with its line. */
  readonly entries: ReadonlyArray<{ readonly text: string; readonly source: SourceRef }>;
  readonly source: SourceRef;
}

/** A rule's source or destination as written: `<any/>`, `<network>`, `<address>`, `<port>`, `<not/>`. */
export interface PfEndpoint {
  readonly any: boolean;
  /** `<network>`: an interface macro (`lan`, `lanip`, `(self)`) or an alias / literal. */
  readonly network?: string;
  /** `<address>`: a literal address / CIDR / range, or an alias name. */
  readonly address?: string;
  readonly port?: string;
  readonly not: boolean;
  readonly source: SourceRef;
}

export type PfRuleType = 'pass' | 'block' | 'reject' | 'match';
export type PfDirection = 'in' | 'out' | 'any';

export interface PfRule {
  readonly type: PfRuleType;
  /** Interface keys or group names; empty for a floating rule on every interface. */
  readonly interfaces: readonly string[];
  readonly floating: boolean;
  readonly quick: boolean;
  readonly direction: PfDirection;
  readonly ipprotocol: 'inet' | 'inet6' | 'inet46';
  /** Lower-case protocol (`tcp`, `tcp/udp`, `icmp`, `carp`...), or undefined for any. */
  readonly protocol?: string;
  readonly icmptypes?: readonly string[];
  readonly src: PfEndpoint;
  readonly dst: PfEndpoint;
  readonly descr: string;
  readonly associatedRuleId?: string;
  /** Parts of the match that cannot be decided offline (`tagged`, schedules, OS fingerprints...). */
  readonly uncertain: readonly string[];
  /** Where the rule comes from: the legacy `<filter>`, or OPNsense's MVC rules. */
  readonly origin: 'legacy' | 'mvc';
  readonly source: SourceRef;
}

/** A port forward (`<nat><rule>`): an rdr of the destination. */
export interface PfPortForward {
  readonly interfaces: readonly string[];
  readonly ipprotocol: 'inet' | 'inet6' | 'inet46';
  readonly protocol?: string;
  readonly src: PfEndpoint;
  readonly dst: PfEndpoint;
  readonly target: string;
  readonly localPort?: string;
  readonly descr: string;
  /** `pass` for an rdr pass; a filter rule's id for an associated rule; undefined when unassociated. */
  readonly associatedRuleId?: string;
  readonly nordr: boolean;
  readonly source: SourceRef;
}

/** A 1:1 NAT (`<nat><onetoone>`): binat of an external address (or prefix) to an internal one. */
export interface PfOneToOne {
  readonly interface: string;
  readonly external: string;
  readonly internal: PfEndpoint;
  readonly dst: PfEndpoint;
  readonly descr: string;
  readonly source: SourceRef;
}

/** An outbound (source) NAT rule, in hybrid or manual mode. */
export interface PfOutboundNat {
  readonly interface: string;
  readonly src: PfEndpoint;
  readonly dst: PfEndpoint;
  /** Empty: the interface address. */
  readonly target: string;
  readonly nonat: boolean;
  readonly descr: string;
  readonly source: SourceRef;
}

export interface PfGateway {
  readonly name: string;
  readonly interface: string;
  /** An address, or `dynamic`. */
  readonly gateway: string;
  readonly source: SourceRef;
}

export interface PfRoute {
  readonly network: string;
  readonly gateway: string;
  readonly source: SourceRef;
}

export interface PfVirtualIp {
  readonly interface: string;
  readonly address: string;
  readonly prefix: number;
  readonly source: SourceRef;
}

export interface PfInterfaceGroup {
  readonly name: string;
  readonly members: readonly string[];
  readonly source: SourceRef;
}

export interface PfAntiLockout {
  readonly disabled: boolean;
  /** The webGUI port(s), plus the SSH port when SSH is enabled. */
  readonly ports: readonly number[];
  readonly source: SourceRef | null;
}

export interface PfConfig {
  readonly flavour: PfFlavour;
  hostname: string | null;
  readonly interfaces: PfInterface[];
  readonly aliases: Map<string, PfAlias>;
  readonly rules: PfRule[];
  readonly portForwards: PfPortForward[];
  readonly oneToOne: PfOneToOne[];
  readonly outboundNat: PfOutboundNat[];
  outboundMode: string | null;
  readonly gateways: Map<string, PfGateway>;
  readonly defaultGateways: Array<{ readonly name: string; readonly source: SourceRef }>;
  readonly routes: PfRoute[];
  readonly virtualIps: PfVirtualIp[];
  readonly groups: Map<string, PfInterfaceGroup>;
  antiLockout: PfAntiLockout;
  /**
   * `<system><ipv6allow>` ("Allow IPv6"): when `<system>` lacks it, the firewall blocks all
   * IPv6 before any other rule; `source` is then the `<system>` line.
   */
  ipv6Blocked: SourceRef | null;
}

export function emptyConfig(flavour: PfFlavour): PfConfig {
  return {
    flavour,
    hostname: null,
    interfaces: [],
    aliases: new Map(),
    rules: [],
    portForwards: [],
    oneToOne: [],
    outboundNat: [],
    outboundMode: null,
    gateways: new Map(),
    defaultGateways: [],
    routes: [],
    virtualIps: [],
    groups: new Map(),
    antiLockout: { disabled: false, ports: [80, 443], source: null },
    ipv6Blocked: null,
  };
}
