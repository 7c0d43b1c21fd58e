import type { Diagnostic } from '../diagnostics';
import { type EgressGap, dnsEgressGaps } from '../egress/gaps';
import type { Resolver } from '../egress/resolvers/resolver';
import { type Finding, hygieneFindings, segmentationFindings } from '../findings';
import { type AttackPath, type LateralMovement, type TargetPaths, lateralMovement } from '../paths';
import { type ZoneMatrix, zoneMatrix } from '../reach';
import type { Network } from '../topology/network';
import type { PurdueLevel } from '../topology/inputs/types';

/**
 * The whole analysis of a site, as the CLI (`conduit analyze`), the app and the reports use it:
 * the zone matrix, lateral-movement paths, DNS egress gaps and findings. A pure function of the
 * site; progress is reported between stages so a worker can show it (and stop between them).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const severityRank = (s: string): number => {
  const k = SEVERITIES.indexOf(s as Severity);
  return k < 0 ? SEVERITIES.length : k;
};

export interface SiteAnalysis {
  readonly network: Network;
  readonly matrix: ZoneMatrix;
  readonly lateral: LateralMovement;
  readonly egress: readonly EgressGap[];
  readonly findings: readonly Finding[];
}

export interface AnalysisOptions {
  /** Foothold selectors; default: the site file's footholds, else every IT asset. */
  readonly from?: readonly string[];
  /** Target selectors; default: the site file's targets, else levels 0-2 and critical roles. */
  readonly to?: readonly string[];
  readonly k?: number;
  /** A newer resolver list than the bundled one. */
  readonly resolvers?: readonly Resolver[];
  /** Called before each stage with its name and the fraction done (0..1). */
  readonly progress?: (stage: string, done: number) => void;
}

/** A path's severity: reaching the control levels (0-2) is critical, anything else high. */
export const pathSeverity = (level: PurdueLevel | null): Severity =>
  level === 0 || level === 1 || level === 2 ? 'critical' : 'high';

export function analyzeSite(
  net: Network,
  diagnostics: readonly Diagnostic[],
  options: AnalysisOptions = {},
): SiteAnalysis {
  const progress = options.progress ?? ((): void => {});
  progress('zone matrix', 0);
  const matrix = zoneMatrix(net);
  progress('lateral movement', 0.35);
  const lateral = lateralMovement(net, {
    // lateralMovement falls back to the site file's selectors, then to the attacker model's.
    ...(options.from?.length ? { from: options.from } : {}),
    ...(options.to?.length ? { to: options.to } : {}),
    ...(options.k !== undefined ? { k: options.k } : {}),
  });
  progress('DNS egress', 0.7);
  const egress = dnsEgressGaps(net, options.resolvers ? { resolvers: options.resolvers } : {});
  progress('findings', 0.9);
  const findings = [...segmentationFindings(net, matrix), ...hygieneFindings(net, matrix, diagnostics)].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity),
  );
  progress('done', 1);
  return { network: net, matrix, lateral, egress, findings };
}

/** Every path with its target's level and severity, shortest first. */
export function allPaths(
  a: SiteAnalysis,
): (AttackPath & { readonly severity: Severity; readonly target: TargetPaths })[] {
  return a.lateral.targets.flatMap((t) =>
    t.paths.map((p) => ({ ...p, severity: pathSeverity(t.level), target: t })),
  );
}

/** The worst severity of anything found (paths, gaps, findings), or null when nothing was. */
export function worstSeverity(a: SiteAnalysis): Severity | null {
  const all = [
    ...a.lateral.targets.map((t) => pathSeverity(t.level)),
    ...a.egress.map((g) => g.severity),
    ...a.findings.map((f) => f.severity),
  ];
  if (all.length === 0) return null;
  return all.reduce((w, s) => (severityRank(s) < severityRank(w) ? s : w));
}
