import type { Diagnostic, SourceRef } from '../../diagnostics';
import type { Route } from '../../device';

/**
 * What the site's non-config inputs say: the asset inventory (CSV, nmap XML), the host
 * networking of Linux firewalls (`ip addr` / `ip route`), and the site file. Each parser is a
 * pure function of (file name, text) that never throws on user input.
 */

/** Purdue levels: 0-5, 3.5 for the industrial DMZ, and the internet above level 5. */
export type PurdueLevel = 0 | 1 | 2 | 3 | 3.5 | 4 | 5 | 'internet';
export const PURDUE_LEVELS: readonly PurdueLevel[] = [0, 1, 2, 3, 3.5, 4, 5, 'internet'];

export type ZoneKind = 'it' | 'ot' | 'dmz' | 'internet';

/** A service an asset offers (an nmap open port, or a CSV `services` column entry). */
export interface OfferedService {
  readonly proto: 'tcp' | 'udp' | 'sctp';
  readonly port: number;
  /** The service name nmap reported, or the name given in the CSV. */
  readonly name?: string;
  /** The product and version nmap's version detection (-sV) reported, when it did. */
  readonly product?: string;
}

export interface AssetRecord {
  readonly ip: string;
  readonly name?: string;
  /** Free text, lower-cased: plc, rtu, hmi, historian, ews (engineering workstation), sis, server... */
  readonly role?: string;
  readonly zone?: string;
  readonly purdueLevel?: PurdueLevel;
  readonly criticality?: string;
  readonly notes?: string;
  readonly services: readonly OfferedService[];
  /** Columns the schema does not know, kept as given (header as written -> value). */
  readonly extra: Readonly<Record<string, string>>;
  readonly source: SourceRef;
}

export interface InventoryResult {
  readonly assets: readonly AssetRecord[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface HostInterface {
  readonly name: string;
  /** CIDR strings: `10.0.0.1/24`, `fd00::1/64`. */
  readonly addresses: readonly string[];
  readonly loopback: boolean;
  readonly source: SourceRef;
}

/** `ip addr` (interfaces) or `ip route` (routes) output of one Linux host. */
export interface HostNetworking {
  readonly interfaces: readonly HostInterface[];
  readonly routes: readonly Route[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A reference into a site file value, for line-cited errors and "declared here" links. */
export interface Sited<T> {
  readonly value: T;
  readonly source: SourceRef;
}

export interface SiteZone {
  readonly name: string;
  readonly level?: PurdueLevel;
  readonly kind?: ZoneKind;
  /** Segments (CIDRs) that belong to this zone. */
  readonly segments: readonly string[];
  /** Device interfaces whose attached segments belong to this zone: `device:interface`. */
  readonly interfaces: readonly string[];
  /** Device zone names (PAN-OS, Junos, FortiGate zones; ASA nameif) mapped to this zone: `device:zone` or `*:zone`. */
  readonly deviceZones: readonly string[];
  readonly description?: string;
  readonly source: SourceRef;
}

export interface SiteConduit {
  readonly from: string;
  readonly to: string;
  /** `tcp/443`, `udp/53`, `tcp/5900-5903`, `icmp`, or a name such as `https`. */
  readonly services: readonly string[];
  /** true: the conduit is declared in both directions. */
  readonly bidirectional: boolean;
  readonly description?: string;
  readonly source: SourceRef;
}

/** A pivot-capable service of the attacker model, optionally only on assets of some roles. */
export interface SitePivot {
  readonly service: string;
  readonly roles?: readonly string[];
  readonly source: SourceRef;
}

export interface SiteFile {
  readonly file: string;
  readonly name?: string;
  readonly zones: readonly SiteZone[];
  /** CIDRs that are the internet (default when absent: every public address not in a segment). */
  readonly internet?: readonly Sited<string>[];
  /** The designated DNS resolvers (IPs). */
  readonly resolvers: readonly Sited<string>[];
  readonly conduits: readonly SiteConduit[];
  /** Selectors: zone names, asset names, IPs or CIDRs. */
  readonly footholds: readonly Sited<string>[];
  readonly targets: readonly Sited<string>[];
  /** Declared jump hosts (selectors): pivot services into OT are allowed to land on these. */
  readonly jumpHosts: readonly Sited<string>[];
  /** Replaces the default pivot catalogue when present. */
  readonly pivots?: readonly SitePivot[];
}

export interface SiteFileResult {
  /** Null when the file is unusable (not YAML/JSON, wrong top-level shape). */
  readonly site: SiteFile | null;
  readonly diagnostics: readonly Diagnostic[];
}
