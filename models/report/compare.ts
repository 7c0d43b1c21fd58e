import type {
  ReportConduit,
  ReportDocument,
  ReportEgress,
  ReportFinding,
  ReportInput,
  ReportPath,
  ReportSummary,
} from './document';

/**
 * Before/after: what changed between two reports of the same site (two snapshots of its
 * configs). Items are matched by what they are, not by their ids or line numbers (both move
 * when a config is edited): a path by its hosts and services hop by hop, a finding by its code
 * and zones (or, for rule hygiene, the text of the rules it cites), a gap by its kind, host and
 * resolver, a conduit by its zone pair.
 */
export const COMPARISON_FORMAT = 'conduit-comparison/1';

export interface SnapshotInfo {
  readonly title: string;
  readonly site: string;
  readonly generatedAt: string;
  readonly inputs: readonly ReportInput[];
  readonly summary: ReportSummary;
}

export interface Changed<T> {
  readonly before: T;
  readonly after: T;
}

export interface ReportComparison {
  readonly format: typeof COMPARISON_FORMAT;
  readonly title: string;
  readonly generatedAt: string;
  readonly tool: { readonly name: 'conduit'; readonly version: string };
  readonly note: string | null;
  readonly before: SnapshotInfo;
  readonly after: SnapshotInfo;
  /** One sentence on the overall change. */
  readonly statement: string;
  readonly paths: {
    readonly opened: readonly ReportPath[];
    readonly closed: readonly ReportPath[];
    readonly unchanged: number;
  };
  readonly targets: {
    readonly newlyReachable: readonly string[];
    readonly noLongerReachable: readonly string[];
  };
  readonly findings: {
    readonly new: readonly ReportFinding[];
    readonly resolved: readonly ReportFinding[];
    readonly changed: readonly Changed<ReportFinding>[];
    readonly unchanged: number;
  };
  readonly egress: {
    readonly new: readonly ReportEgress[];
    readonly resolved: readonly ReportEgress[];
    readonly unchanged: number;
  };
  readonly conduits: {
    readonly opened: readonly ReportConduit[];
    readonly closed: readonly ReportConduit[];
    readonly changed: readonly Changed<ReportConduit>[];
    readonly unchanged: number;
  };
}

export const pathKey = (p: ReportPath): string =>
  [p.from, ...p.hops.map((h) => `${h.fromIp}>${h.toIp}:${h.service}`)].join('\u0000');

export const findingKey = (f: ReportFinding): string =>
  f.category === 'hygiene' || f.zones.length === 0
    ? [f.code, ...f.rules.map((r) => `${r.file}\u0001${r.text.trim()}`)].join('\u0000')
    : [f.code, ...f.zones].join('\u0000');

export const egressKey = (g: ReportEgress): string =>
  [g.kind, g.assetIp, g.resolver ?? '', g.resolverIp, g.service].join('\u0000');

const conduitKey = (c: ReportConduit): string => `${c.from}\u0000${c.to}`;

function diff<T>(
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
  same: (a: T, b: T) => boolean = () => true,
): { added: T[]; removed: T[]; changed: Changed<T>[]; unchanged: number } {
  const b = new Map<string, T>();
  for (const x of before) if (!b.has(key(x))) b.set(key(x), x);
  const a = new Map<string, T>();
  for (const x of after) if (!a.has(key(x))) a.set(key(x), x);
  const added: T[] = [];
  const changed: Changed<T>[] = [];
  let unchanged = 0;
  for (const [k, x] of a) {
    const old = b.get(k);
    if (old === undefined) added.push(x);
    else if (same(old, x)) unchanged++;
    else changed.push({ before: old, after: x });
  }
  const removed = [...b].filter(([k]) => !a.has(k)).map(([, x]) => x);
  return { added, removed, changed, unchanged };
}

const info = (d: ReportDocument): SnapshotInfo => ({
  title: d.title,
  site: d.site,
  generatedAt: d.generatedAt,
  inputs: d.inputs,
  summary: d.summary,
});

export interface ComparisonMeta {
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly note?: string | null;
  readonly title?: string;
}

export function compareReports(
  before: ReportDocument,
  after: ReportDocument,
  meta: ComparisonMeta,
): ReportComparison {
  const paths = diff(before.paths, after.paths, pathKey);
  const findings = diff(
    before.findings,
    after.findings,
    findingKey,
    (x, y) => x.message === y.message && x.severity === y.severity,
  );
  const egress = diff(before.egress, after.egress, egressKey);
  const conduits = diff(before.conduits, after.conduits, conduitKey, (x, y) => x.services === y.services);
  const reachedBefore = new Set(before.targets.map((t) => t.target));
  const reachedAfter = new Set(after.targets.map((t) => t.target));
  const newlyReachable = [...reachedAfter].filter((t) => !reachedBefore.has(t)).sort();
  const noLongerReachable = [...reachedBefore].filter((t) => !reachedAfter.has(t)).sort();

  const parts: string[] = [];
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  parts.push(`${n(paths.added.length, 'path')} opened and ${paths.removed.length} closed`);
  parts.push(`${n(findings.added.length, 'finding')} new and ${findings.removed.length} resolved`);
  parts.push(`${n(egress.added.length, 'DNS egress gap')} new and ${egress.removed.length} closed`);
  const worse = paths.added.length + findings.added.length + egress.added.length;
  const better = paths.removed.length + findings.removed.length + egress.removed.length;
  const verdict =
    worse === 0 && better === 0
      ? 'Nothing changed in what an attacker can reach.'
      : worse === 0
        ? 'The site is better segmented than before: nothing new opened.'
        : better === 0
          ? 'The site is worse segmented than before: new exposure and nothing closed.'
          : 'Some exposure closed and some opened: review the new items below.';
  return {
    format: COMPARISON_FORMAT,
    title: meta.title ?? `${after.title}: before and after`,
    generatedAt: meta.generatedAt,
    tool: { name: 'conduit', version: meta.toolVersion },
    note: meta.note ?? null,
    before: info(before),
    after: info(after),
    statement: `${verdict} Since ${before.generatedAt}: ${parts.join('; ')}.`,
    paths: { opened: paths.added, closed: paths.removed, unchanged: paths.unchanged },
    targets: { newlyReachable, noLongerReachable },
    findings: {
      new: findings.added,
      resolved: findings.removed,
      changed: findings.changed,
      unchanged: findings.unchanged,
    },
    egress: { new: egress.added, resolved: egress.removed, unchanged: egress.unchanged },
    conduits: {
      opened: conduits.added,
      closed: conduits.removed,
      changed: conduits.changed,
      unchanged: conduits.unchanged,
    },
  };
}
