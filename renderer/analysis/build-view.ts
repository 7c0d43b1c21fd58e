import type { Binding, Device } from '../../models/device';
import type { SourceRef } from '../../models/diagnostics';
import { formatAddressSet, formatServiceSet, parseAddress } from '../../models/net';
import type { LateralMovement, RuleEdit } from '../../models/paths';
import { formatAddressList, formatServiceList } from '../../models/project';
import { type SiteAnalysis, pathSeverity, severityRank } from '../../models/report/analysis';
import { type Network, type SiteLoad, zoneOf } from '../../models/topology';
import type {
  AnalysisView,
  AssetView,
  BlastView,
  ConduitView,
  EgressView,
  FindingView,
  HopDeviceView,
  PathView,
  PathsView,
  RuleEditMark,
  RuleView,
  WhatIfView,
  ZoneView,
} from './types';
import { BLAST_LIMIT, refKey } from './types';

/** Network + SiteAnalysis -> the plain data the page shows. Runs in the worker (and in Node tests). */

const plainRef = (r: SourceRef): SourceRef => ({
  file: r.file,
  line: r.line,
  endLine: r.endLine,
  text: r.text,
});

function zoneLookup(net: Network): (ip: string) => string {
  const byIp = new Map(net.assets.map((a) => [a.ipText, a.zone]));
  return (ip) => {
    const known = byIp.get(ip);
    if (known !== undefined) return known;
    const parsed = parseAddress(ip);
    return parsed.ok ? zoneOf(net, parsed.value) : 'internet';
  };
}

const hopDevices = (
  devices: readonly { device: string; in: string; out: string | null; rule: SourceRef | null }[],
): HopDeviceView[] =>
  devices.map((d) => ({ device: d.device, in: d.in, out: d.out, rule: d.rule ? plainRef(d.rule) : null }));

/** The ranked paths of a lateral-movement result: most severe first, then fewest hops, then by name. */
/** Purdue levels in order from the process up; unknown last. */
const LEVEL_ORDER = ['0', '1', '2', '3', '3.5', '4', '5', 'internet', 'unknown'];
const levelLabel = (key: string): string =>
  key === 'internet' ? 'internet' : key === 'unknown' ? 'unknown level' : `L${key}`;

/** The footholds that control the most (then reach the most targets), with their counts by level. */
export function blastView(lateral: LateralMovement): BlastView[] {
  return [...lateral.blastRadius]
    .sort(
      (a, b) =>
        b.controlled - a.controlled ||
        b.targetsReached - a.targetsReached ||
        a.foothold.localeCompare(b.foothold),
    )
    .slice(0, BLAST_LIMIT)
    .map((b) => ({
      foothold: b.foothold,
      controlled: b.controlled,
      targetsReached: b.targetsReached,
      byLevel: Object.entries(b.byLevel)
        .filter(([, n]) => n > 0)
        .sort(([x], [y]) => rank(x) - rank(y))
        .map(([k, n]) => [levelLabel(k), n] as const),
    }));
}
const rank = (key: string): number => {
  const i = LEVEL_ORDER.indexOf(key);
  return i < 0 ? LEVEL_ORDER.length : i;
};

export function toPathsView(
  net: Network,
  lateral: LateralMovement,
  from: readonly string[],
  to: readonly string[],
): PathsView {
  const zoneOfIp = zoneLookup(net);
  const paths: Omit<PathView, 'id'>[] = [];
  for (const t of lateral.targets) {
    for (const p of t.paths) {
      paths.push({
        from: p.from,
        target: t.target,
        targetIp: t.targetIp,
        targetZone: zoneOfIp(t.targetIp),
        level: t.level,
        severity: pathSeverity(t.level),
        alike: t.alike.length,
        uncertain: p.uncertain,
        hops: p.hops.map((h) => ({
          from: h.from,
          fromIp: h.fromIp,
          fromZone: zoneOfIp(h.fromIp),
          to: h.to,
          toIp: h.toIp,
          toZone: zoneOfIp(h.toIp),
          service: h.service,
          kind: h.kind,
          devices: hopDevices(h.devices),
          uncertain: h.uncertain,
          routeAssumed: h.routeAssumed,
        })),
      });
    }
  }
  paths.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.hops.length - b.hops.length ||
      a.target.localeCompare(b.target) ||
      a.from.localeCompare(b.from),
  );
  return {
    from: [...from],
    to: [...to],
    footholds: lateral.footholds.length,
    paths: paths.map((p, i) => ({ id: `p${i + 1}`, ...p })),
    unreachable: [...lateral.unreachableTargets],
    blast: blastView(lateral),
  };
}

function bindingText(b: Binding): string {
  const parts: string[] = [b.attachment];
  if (b.fromZone !== undefined || b.toZone !== undefined)
    parts.push(`zone ${b.fromZone ?? 'any'} → ${b.toZone ?? 'any'}`);
  if (b.inInterface !== undefined) parts.push(`in ${b.inInterface}`);
  if (b.outInterface !== undefined) parts.push(`out ${b.outInterface}`);
  if (b.family !== undefined) parts.push(`IPv${b.family}`);
  return parts.join(' ');
}

/** The what-if marks of each rule, by `device\0ruleId`. */
export function editMarks(edits: readonly RuleEdit[]): Map<string, RuleEditMark[]> {
  const marks = new Map<string, RuleEditMark[]>();
  const mark: Readonly<Record<RuleEdit['kind'], RuleEditMark>> = {
    disable: 'disabled',
    narrow: 'narrowed',
    'deny-above': 'deny-above',
  };
  for (const e of edits) {
    const key = `${e.device}\u0000${e.rule}`;
    marks.set(key, [...(marks.get(key) ?? []), mark[e.kind]]);
  }
  return marks;
}

function deviceRules(
  device: Device,
  hits: { paths: Map<string, number>; gaps: Map<string, number> },
  marks: ReadonlyMap<string, readonly RuleEditMark[]>,
  out: RuleView[],
): void {
  for (const list of device.lists.values()) {
    const bindings = device.bindings.filter((b) => b.list === list.name).map(bindingText);
    const binding = bindings.length === 0 ? 'unbound' : bindings.join('; ');
    list.rules.forEach((rule, index) => {
      const key = refKey(rule.source);
      out.push({
        id: `${device.name}\u0000${list.name}\u0000${index}`,
        ruleId: rule.id,
        device: device.name,
        vendor: device.vendor,
        list: list.name,
        binding,
        position: index + 1,
        action: rule.target !== undefined ? `${rule.action} ${rule.target}` : rule.action,
        source: formatAddressSet(rule.match.src),
        destination: formatAddressSet(rule.match.dst),
        service: formatServiceSet(rule.match.service),
        ref: plainRef(rule.source),
        label: rule.label ?? null,
        uncertain: rule.match.uncertain !== undefined || rule.uncertainEffect !== undefined,
        paths: hits.paths.get(key) ?? 0,
        gaps: hits.gaps.get(key) ?? 0,
        edits: marks.get(`${device.name}\u0000${rule.id}`) ?? [],
        terms: {
          src: formatAddressList(rule.match.src),
          dst: formatAddressList(rule.match.dst),
          service: formatServiceList(rule.match.service),
        },
      });
    });
  }
}

/** How many items cite each rule (an item citing a rule on several hops counts once). */
function countCitations(items: readonly (readonly SourceRef[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const refs of items)
    for (const key of new Set(refs.map(refKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

export function pathRules(p: PathView): SourceRef[] {
  return p.hops.flatMap((h) => h.devices.flatMap((d) => (d.rule ? [d.rule] : [])));
}

/** What-if context of a view: the edits applied and the difference they make. */
export interface WhatIfContext {
  readonly edits: readonly RuleEdit[];
  readonly view: WhatIfView;
}

/**
 * The page's view of an analysis. With what-if edits, `analysis` is of the edited site while the
 * rules table lists the unedited site's rules (`load.network`), each marked with its edits, so
 * a disabled rule stays visible.
 */
export function toAnalysisView(
  load: SiteLoad,
  analysis: SiteAnalysis,
  selectors: { from: readonly string[]; to: readonly string[] },
  durationMs: number,
  whatIf: WhatIfContext | null = null,
): AnalysisView {
  const net = analysis.network;
  const assets: AssetView[] = net.assets.map((a) => ({
    name: a.name,
    ip: a.ipText,
    zone: a.zone,
    segment: a.segment,
    role: a.role,
    placeholder: a.placeholder === true,
  }));
  const bySegment = new Map<string, AssetView[]>();
  for (const a of assets) {
    if (a.segment === null || a.placeholder) continue;
    const list = bySegment.get(a.segment);
    if (list) list.push(a);
    else bySegment.set(a.segment, [a]);
  }
  const zoneNames = new Set([...net.zones.map((z) => z.name), ...analysis.matrix.zones]);
  const zones: ZoneView[] = [...zoneNames].map((name) => {
    const z = net.zones.find((x) => x.name === name);
    const segments = net.segments
      .filter((s) => s.zone === name)
      .map((s) => {
        const members = bySegment.get(s.id) ?? [];
        const roles: Record<string, number> = {};
        for (const m of members) roles[m.role ?? 'unknown'] = (roles[m.role ?? 'unknown'] ?? 0) + 1;
        return {
          id: s.id,
          zone: name,
          assetCount: members.length,
          roles,
          devices: [...new Set(s.attachments.map((x) => x.device))],
        };
      });
    return {
      name,
      level: z?.level ?? (name === 'internet' ? 'internet' : null),
      kind: z?.kind ?? (name === 'internet' ? 'internet' : null),
      inferred: z?.inferred ?? true,
      basis: z?.basis ?? '',
      segments,
      assetCount: segments.reduce((n, s) => n + s.assetCount, 0),
    };
  });

  const conduits: ConduitView[] = analysis.matrix.conduits.map((c) => {
    const rules = new Map<string, SourceRef>();
    for (const e of c.evidence)
      for (const h of e.hops) if (h.rule) rules.set(refKey(h.rule), plainRef(h.rule));
    return {
      id: `${c.from}\u0000${c.to}`,
      from: c.from,
      to: c.to,
      services: formatServiceSet(c.services),
      flat: c.flat,
      uncertain: c.uncertain,
      rules: [...rules.values()],
    };
  });

  const paths = toPathsView(net, analysis.lateral, selectors.from, selectors.to);
  const egress: EgressView[] = analysis.egress.map((g, i) => ({
    id: `g${i + 1}`,
    kind: g.kind,
    severity: g.severity,
    asset: g.asset,
    assetIp: g.assetIp,
    hostCount: g.hosts.length,
    zone: g.zone,
    resolver: g.resolver,
    resolverIp: g.resolverIp,
    alsoReachable: g.alsoReachable.length,
    service: g.service,
    message: g.message,
    rules: g.rules.map(plainRef),
    devices: hopDevices(g.devices),
    uncertain: g.uncertain,
  }));
  const findings: FindingView[] = analysis.findings.map((f, i) => ({
    id: `f${i + 1}`,
    code: f.code,
    severity: f.severity,
    message: f.message,
    rules: f.rules.map(plainRef),
    zones: f.zones ? [f.zones[0], f.zones[1]] : null,
    services: f.services ?? null,
  }));

  const hits = {
    paths: countCitations(paths.paths.map(pathRules)),
    gaps: countCitations(egress.map((g) => g.rules)),
  };
  const rules: RuleView[] = [];
  const marks = editMarks(whatIf?.edits ?? []);
  for (const d of load.network.devices) deviceRules(d, hits, marks, rules);

  return {
    site: net.name,
    zones,
    assets,
    conduits,
    paths,
    egress,
    findings,
    rules,
    inputs: load.inputs.map((i) => ({
      name: i.name,
      kind: i.kind,
      vendor: i.vendor,
      devices: [...i.devices],
    })),
    issues: load.issues.map((d) => ({ ...d, source: plainRef(d.source) })),
    durationMs,
    whatIf: whatIf?.view ?? null,
  };
}
