import type { Diagnostic, SourceRef } from '../../models/diagnostics';
import type { VendorId } from '../../models/device';
import type { PurdueLevel, ZoneKind } from '../../models/topology';

/**
 * What the page holds of a site analysis: plain, structured-clone-safe data (no Maps, no
 * bigints, no address-set objects), built in the worker from the Network and SiteAnalysis.
 */

export type RiskSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const RISK_SEVERITIES: readonly RiskSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface SegmentView {
  readonly id: string;
  readonly zone: string;
  /** Inventory assets in the segment (placeholders not counted). */
  readonly assetCount: number;
  /** Asset counts by role ("unknown" for none), the classes shown until the user drills in. */
  readonly roles: Readonly<Record<string, number>>;
  /** Devices with an interface on the segment. */
  readonly devices: readonly string[];
}

export interface ZoneView {
  readonly name: string;
  readonly level: PurdueLevel | null;
  readonly kind: ZoneKind | null;
  readonly inferred: boolean;
  readonly basis: string;
  readonly segments: readonly SegmentView[];
  readonly assetCount: number;
}

export interface AssetView {
  readonly name: string;
  readonly ip: string;
  readonly zone: string;
  readonly segment: string | null;
  readonly role: string | null;
  readonly placeholder: boolean;
}

export interface ConduitView {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly services: string;
  readonly flat: boolean;
  readonly uncertain: boolean;
  readonly rules: readonly SourceRef[];
}

export interface HopDeviceView {
  readonly device: string;
  readonly in: string;
  readonly out: string | null;
  readonly rule: SourceRef | null;
}

export interface HopView {
  readonly from: string;
  readonly fromIp: string;
  readonly fromZone: string;
  readonly to: string;
  readonly toIp: string;
  readonly toZone: string;
  readonly service: string;
  readonly kind: 'pivot' | 'impact';
  readonly devices: readonly HopDeviceView[];
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
}

export interface PathView {
  readonly id: string;
  readonly from: string;
  readonly target: string;
  readonly targetIp: string;
  readonly targetZone: string;
  readonly level: PurdueLevel | null;
  readonly severity: RiskSeverity;
  /** Other assets the same path reaches. */
  readonly alike: number;
  readonly hops: readonly HopView[];
  readonly uncertain: boolean;
}

/** What one foothold can take control of, by Purdue level. */
export interface BlastView {
  readonly foothold: string;
  readonly controlled: number;
  /** [level label, count], lowest level (closest to the process) first. */
  readonly byLevel: readonly (readonly [string, number])[];
  readonly targetsReached: number;
}

export interface PathsView {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly footholds: number;
  readonly paths: readonly PathView[];
  readonly unreachable: readonly string[];
  /** Per class of footholds (its first asset named), those that control the most first (at most BLAST_LIMIT). */
  readonly blast: readonly BlastView[];
}

export const BLAST_LIMIT = 50;

export interface EgressView {
  readonly id: string;
  readonly kind: string;
  readonly severity: RiskSeverity;
  readonly asset: string;
  readonly assetIp: string;
  readonly hostCount: number;
  readonly zone: string;
  readonly resolver: string | null;
  readonly resolverIp: string;
  readonly alsoReachable: number;
  readonly service: string;
  readonly message: string;
  readonly rules: readonly SourceRef[];
  readonly devices: readonly HopDeviceView[];
  readonly uncertain: boolean;
}

export interface FindingView {
  readonly id: string;
  readonly code: string;
  readonly severity: RiskSeverity;
  readonly message: string;
  readonly rules: readonly SourceRef[];
  readonly zones: readonly [string, string] | null;
  readonly services: string | null;
}

/** What a what-if edit does to a rule, as the rules table marks it. */
export type RuleEditMark = 'disabled' | 'narrowed' | 'deny-above';

export interface RuleView {
  readonly id: string;
  /** The rule's id within its device (what a what-if edit names). */
  readonly ruleId: string;
  readonly device: string;
  readonly vendor: VendorId;
  readonly list: string;
  /** Where the list applies, e.g. "transit in eth0" or "zone trust → untrust"; "unbound" when nowhere. */
  readonly binding: string;
  readonly position: number;
  readonly action: string;
  readonly source: string;
  readonly destination: string;
  readonly service: string;
  readonly ref: SourceRef;
  readonly label: string | null;
  readonly uncertain: boolean;
  /** Paths and egress gaps of the current analysis that cite this rule. */
  readonly paths: number;
  readonly gaps: number;
  /** The what-if edits on this rule. */
  readonly edits: readonly RuleEditMark[];
  /** The rule's match in the project file's notation, to prefill a what-if edit. */
  readonly terms: {
    readonly src: readonly string[];
    readonly dst: readonly string[];
    readonly service: readonly string[];
  };
}

/** The difference the what-if edits make: paths closed and opened against the unedited site. */
export interface WhatIfView {
  readonly edits: number;
  /** Listed before, and no longer open: a hop of each is now denied. */
  readonly closed: readonly PathView[];
  /** Listed now, and not open before: a hop of each was denied. */
  readonly opened: readonly PathView[];
  /** Listed now, open before too: the shortest route now that a shorter one closed. */
  readonly nowShortest: readonly PathView[];
  /** Listed before, still open, but no longer among the shortest (a shorter one opened). */
  readonly displaced: readonly PathView[];
  readonly targetsNowUnreachable: readonly string[];
  readonly targetsNowReachable: readonly string[];
  /** Edits that could not be applied (the rule is gone from the configs), by index. */
  readonly problems: readonly { readonly index: number; readonly message: string }[];
}

/** Rules whose removal closes every path, verified by re-running the analysis without them. */
export interface RemediationView {
  readonly rules: readonly {
    readonly device: string;
    readonly ruleId: string;
    readonly ref: SourceRef;
    /** Paths that used the rule when it was chosen. */
    readonly paths: number;
  }[];
  readonly closesAll: boolean;
  /** Proven: no smaller set of config lines closes every path. */
  readonly minimum: boolean;
  readonly pathsBefore: number;
  readonly pathsAfter: number;
}

export type ReportFormat = 'html' | 'json' | 'csv' | 'graphml';

/** A rendered report: one file (HTML, JSON) or several (CSV tables, the two GraphML graphs). */
export interface ReportOutput {
  readonly files: readonly {
    readonly name: string;
    readonly kind: 'html' | 'json' | 'csv' | 'text';
    readonly content: string;
  }[];
}

export interface InputView {
  readonly name: string;
  readonly kind: string;
  readonly vendor: VendorId | null;
  readonly devices: readonly string[];
}

export interface AnalysisView {
  readonly site: string;
  readonly zones: readonly ZoneView[];
  readonly assets: readonly AssetView[];
  readonly conduits: readonly ConduitView[];
  readonly paths: PathsView;
  readonly egress: readonly EgressView[];
  readonly findings: readonly FindingView[];
  readonly rules: readonly RuleView[];
  readonly inputs: readonly InputView[];
  readonly issues: readonly Diagnostic[];
  readonly durationMs: number;
  /** Set when what-if edits were applied: what they change. */
  readonly whatIf: WhatIfView | null;
}

/** `file:line`, the key rules and citations are matched by. */
export const refKey = (ref: Pick<SourceRef, 'file' | 'line'>): string => `${ref.file}:${ref.line}`;
