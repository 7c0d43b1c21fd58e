import type { VendorId } from '../device';
import type { Diagnostic, SourceRef } from '../diagnostics';
import type { EgressKind } from '../egress/gaps';
import type { FindingCode } from '../findings';
import type { PurdueLevel, ZoneKind } from '../topology/inputs/types';
import type { Severity } from './analysis';

/**
 * The report document: everything an auditor's report shows, as plain serializable data. One
 * document feeds every format (HTML, PDF, CSV, JSON, GraphML), so the formats cannot disagree.
 * Its JSON form is published as docs/report-schema.json; bump REPORT_FORMAT on any change that
 * is not purely additive.
 */
export const REPORT_FORMAT = 'conduit-report/1';

/** An input file, so anyone can reproduce the analysis from the same bytes. */
export interface ReportInput {
  /** As given on the command line, or relative to the folder given: the `file` of SourceRefs. */
  readonly name: string;
  /** Lower-case hex SHA-256 of the file's bytes as read. */
  readonly sha256: string;
  readonly bytes: number;
  /** What the file was taken for: a configuration export, an inventory, a site file... */
  readonly kind: string;
  readonly vendor: VendorId | null;
  /** The vendor's label (`Cisco ASA`), or null. */
  readonly vendorLabel: string | null;
  readonly devices: readonly string[];
}

/** What the caller knows about the run, beyond the analysis. */
export interface ReportMeta {
  readonly inputs: readonly ReportInput[];
  readonly toolVersion: string;
  /** ISO 8601 instant; injected, so the same inputs give the same report apart from it. */
  readonly generatedAt: string;
  readonly note?: string | null;
  /** Every diagnostic of every file (the CLI's "issues"). */
  readonly issues: readonly Diagnostic[];
  /** The foothold and target selectors given on the command line, if any. */
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  /** A title instead of the site's name. */
  readonly title?: string;
}

export interface ReportZone {
  readonly name: string;
  readonly level: PurdueLevel | null;
  readonly kind: ZoneKind | null;
  readonly inferred: boolean;
  readonly basis: string;
  readonly segments: readonly string[];
  readonly assets: number;
  /** True when some path's hop starts or ends in this zone. */
  readonly onPath: boolean;
  readonly source: SourceRef | null;
}

/** A subnet of the site and the device interfaces on it. */
export interface ReportSegment {
  readonly id: string;
  readonly zone: string;
  readonly attachments: readonly {
    readonly device: string;
    readonly interface: string;
    readonly address: string;
  }[];
  readonly source: SourceRef | null;
}

export interface ReportConduit {
  readonly from: string;
  readonly to: string;
  readonly services: string;
  readonly flat: boolean;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly natIgnored: boolean;
  /** True when some path's hop crosses from `from` to `to`. */
  readonly onPath: boolean;
  readonly rules: readonly SourceRef[];
}

export interface ReportHopDevice {
  readonly device: string;
  readonly in: string;
  readonly out: string | null;
  readonly rule: SourceRef | null;
}

export interface ReportHop {
  readonly index: number;
  readonly from: string;
  readonly fromIp: string;
  readonly fromZone: string;
  readonly to: string;
  readonly toIp: string;
  readonly toZone: string;
  readonly service: string;
  readonly kind: 'pivot' | 'impact';
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly devices: readonly ReportHopDevice[];
}

export interface ReportPath {
  /** `P1`, `P2`... in report order. */
  readonly id: string;
  readonly severity: Severity;
  readonly from: string;
  readonly to: string;
  readonly targetIp: string;
  readonly targetLevel: PurdueLevel | null;
  readonly targetRole: string | null;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly hops: readonly ReportHop[];
}

export interface ReportTarget {
  readonly target: string;
  readonly targetIp: string;
  readonly level: PurdueLevel | null;
  readonly role: string | null;
  readonly alike: readonly string[];
  readonly length: number;
  readonly shortestPaths: number;
  readonly paths: readonly string[];
}

export interface ReportEgress {
  /** `E1`, `E2`... */
  readonly id: string;
  readonly kind: EgressKind;
  readonly severity: Severity;
  readonly asset: string;
  readonly assetIp: string;
  readonly hosts: readonly string[];
  readonly zone: string;
  readonly level: PurdueLevel | null;
  readonly resolver: string | null;
  readonly resolverIp: string;
  readonly alsoReachable: readonly string[];
  readonly service: string;
  readonly message: string;
  readonly assumedEndpoint: boolean;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly devices: readonly ReportHopDevice[];
}

export type FindingCategory = 'segmentation' | 'hygiene';

export interface ReportFinding {
  /** `F1`, `F2`... */
  readonly id: string;
  readonly code: FindingCode;
  readonly category: FindingCategory;
  readonly severity: Severity;
  readonly message: string;
  readonly zones: readonly string[];
  readonly services: string | null;
  readonly rules: readonly SourceRef[];
}

export type AssumptionKind =
  | 'inferred-zone'
  | 'unknown-level'
  | 'placeholder-hosts'
  | 'route-assumed'
  | 'uncertain-verdict'
  | 'nat-not-applied'
  | 'nat-not-modelled'
  | 'partial-filtering'
  | 'device-note'
  | 'assumed-endpoint'
  | 'default-selection';

/** Something the analysis took for granted: the limits of the evidence. */
export interface ReportAssumption {
  readonly kind: AssumptionKind;
  /** What it is about: a zone, a device, a path id, a conduit `a -> b`... */
  readonly subject: string;
  readonly message: string;
  readonly source: SourceRef | null;
}

export interface ReportDevice {
  readonly name: string;
  readonly vendor: VendorId;
  readonly vendorLabel: string;
  readonly file: string;
  readonly interfaces: number;
  readonly rules: number;
  readonly filtering: 'full' | 'partial';
  readonly nat: 'modelled' | 'recorded' | 'none';
  readonly routes: 'modelled' | 'absent';
  readonly notes: readonly string[];
}

export interface ReportAsset {
  readonly name: string;
  readonly ip: string;
  readonly zone: string;
  readonly level: PurdueLevel | null;
  readonly role: string | null;
  readonly criticality: string | null;
  readonly segment: string | null;
  readonly placeholder: boolean;
}

export interface LevelCount {
  /** `0`..`5`, `3.5`, `internet` or `unknown`. */
  readonly level: string;
  readonly targetsReached: number;
  readonly assetsReached: number;
  readonly targetsUnreachable: number;
  readonly paths: number;
}

export interface ReportSummary {
  readonly worstSeverity: Severity | null;
  readonly footholds: number;
  readonly targetsReached: number;
  readonly targetsUnreachable: number;
  readonly paths: number;
  /** Paths from the IT footholds into each Purdue level (by the target's level). */
  readonly byLevel: readonly LevelCount[];
  readonly criticalFindings: number;
  readonly findingsBySeverity: Readonly<Record<Severity, number>>;
  readonly egressGaps: number;
  readonly egressBySeverity: Readonly<Record<Severity, number>>;
  readonly egressByKind: Readonly<Record<string, number>>;
  readonly issuesBySeverity: Readonly<Record<'error' | 'warning' | 'info', number>>;
  /** The worst path in plain language, or a sentence saying there is none. */
  readonly statement: string;
  /** The DNS egress gaps in plain language. */
  readonly egressStatement: string;
  readonly worstPath: string | null;
}

export interface ReportDocument {
  readonly format: typeof REPORT_FORMAT;
  readonly title: string;
  readonly site: string;
  readonly generatedAt: string;
  readonly tool: { readonly name: 'conduit'; readonly version: string };
  readonly note: string | null;
  readonly inputs: readonly ReportInput[];
  readonly selection: { readonly from: readonly string[]; readonly to: readonly string[] };
  readonly summary: ReportSummary;
  readonly zones: readonly ReportZone[];
  readonly segments: readonly ReportSegment[];
  readonly conduits: readonly ReportConduit[];
  readonly devices: readonly ReportDevice[];
  readonly assets: readonly ReportAsset[];
  readonly footholds: readonly string[];
  readonly paths: readonly ReportPath[];
  readonly targets: readonly ReportTarget[];
  readonly unreachableTargets: readonly string[];
  readonly egress: readonly ReportEgress[];
  readonly findings: readonly ReportFinding[];
  readonly issues: readonly Diagnostic[];
  readonly assumptions: readonly ReportAssumption[];
  readonly stats: {
    readonly assetClasses: number;
    /** Asset class pairs with a pivot or industrial service open (the lateral-movement graph's edges). */
    readonly pairsEvaluated: number;
    readonly matrixAtoms: number;
    readonly matrixClassPairs: number;
    readonly matrixCellEvaluations: number;
  };
}
