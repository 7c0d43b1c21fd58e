import type { SourceRef } from '../../diagnostics';
import type { FortiosEntry, FortiosValue } from './tree';

/** The vendor model of one FortiOS VDOM (or of a device without VDOMs). */

/** A name used somewhere, with the line that uses it. */
export interface FortiosRef {
  readonly name: string;
  readonly source: SourceRef;
}

export interface FortiosInterface {
  readonly name: string;
  readonly vdom: string;
  readonly type: string | null;
  /** Prefixes as `A/len` (primary, secondary, IPv6). */
  readonly addresses: string[];
  /** `set allowaccess ...`: the administrative services the FortiGate answers on this interface. */
  readonly allowaccess: FortiosValue | null;
  readonly source: SourceRef;
}

export interface FortiosZone {
  readonly name: string;
  readonly interfaces: FortiosRef[];
  /** `set intrazone allow` (default deny), with its line. */
  readonly intrazoneAllow: SourceRef | null;
  readonly source: SourceRef;
}

/** A `config firewall address` / `address6` entry, read lazily by the resolver. */
export interface FortiosAddress {
  readonly name: string;
  readonly family: 4 | 6;
  readonly entry: FortiosEntry;
}

export interface FortiosAddressGroup {
  readonly name: string;
  readonly family: 4 | 6;
  readonly members: FortiosRef[];
  /** `set exclude enable` with `exclude-member`: subtracted from the members. */
  readonly excludes: FortiosRef[];
  readonly source: SourceRef;
}

export interface FortiosService {
  readonly name: string;
  readonly entry: FortiosEntry;
}

export interface FortiosServiceGroup {
  readonly name: string;
  readonly members: FortiosRef[];
  readonly source: SourceRef;
}

export interface FortiosPolicy {
  /** The `edit N` id (order comes from the file, not from the id). */
  readonly id: string;
  readonly name: string | null;
  readonly entry: FortiosEntry;
  /** `policy` or `policy6` (FortiOS 6.x keeps IPv6 policies apart). */
  readonly table: 'policy' | 'policy6';
  readonly source: SourceRef;
}

export interface FortiosVip {
  readonly name: string;
  readonly entry: FortiosEntry;
}

export interface FortiosRoute {
  readonly id: string;
  readonly dst: string;
  readonly gateway: string | null;
  readonly device: string | null;
  readonly source: SourceRef;
}

/** One VDOM's configuration, as the converter needs it. */
export interface FortiosVdom {
  /** The VDOM's name, or null when the file has none (the device is the whole FortiGate). */
  readonly vdom: string | null;
  readonly interfaces: FortiosInterface[];
  readonly zones: Map<string, FortiosZone>;
  readonly addresses: Map<string, FortiosAddress>;
  readonly addressGroups: Map<string, FortiosAddressGroup>;
  readonly services: Map<string, FortiosService>;
  readonly serviceGroups: Map<string, FortiosServiceGroup>;
  readonly schedules: Set<string>;
  readonly policies: FortiosPolicy[];
  readonly hasPolicy6: boolean;
  readonly vips: Map<string, FortiosVip>;
  readonly vipGroups: Map<string, FortiosAddressGroup>;
  readonly routes: FortiosRoute[];
}

export interface FortiosConfig {
  readonly file: string;
  readonly hostname: FortiosValue | null;
  /** `config system global` settings (admin ports). */
  readonly global: ReadonlyMap<string, FortiosValue>;
  readonly vdoms: FortiosVdom[];
}
