import type { SourceRef } from '../diagnostics';
import type { Finding, FindingCode } from '../findings';
import { VENDOR_LABELS } from '../import';
import { formatAddress, formatServiceSet } from '../net';
import type { HopDevice } from '../paths';
import type { ZoneConduit } from '../reach';
import type { PurdueLevel } from '../topology/inputs/types';
import { INTERNET_ZONE } from '../topology/network';
import { type Severity, type SiteAnalysis, allPaths, severityRank, worstSeverity } from './analysis';
import { collectAssumptions } from './assumptions';
import {
  type FindingCategory,
  type LevelCount,
  REPORT_FORMAT,
  type ReportDocument,
  type ReportHopDevice,
  type ReportMeta,
  type ReportPath,
  type ReportSummary,
} from './document';

const HYGIENE: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'shadowed-rule',
  'redundant-rule',
  'broad-rule-into-ot',
  'any-any-rule',
  'undefined-reference',
  'disabled-rule',
  'hygiene-capped',
]);

export const findingCategory = (code: FindingCode): FindingCategory =>
  HYGIENE.has(code) ? 'hygiene' : 'segmentation';

/** `L2`, `L3.5`, `the internet`, `unknown level`. */
export const levelName = (l: PurdueLevel | null): string =>
  l === null ? 'unknown level' : l === 'internet' ? 'the internet' : `L${l}`;

export const levelKey = (l: PurdueLevel | null): string => (l === null ? 'unknown' : String(l));

const copyRef = (r: SourceRef): SourceRef => ({
  file: r.file,
  line: r.line,
  endLine: r.endLine,
  text: r.text,
});

const hopDevices = (ds: readonly HopDevice[]): ReportHopDevice[] =>
  ds.map((d) => ({ device: d.device, in: d.in, out: d.out, rule: d.rule ? copyRef(d.rule) : null }));

function conduitRules(c: ZoneConduit): SourceRef[] {
  const out = new Map<string, SourceRef>();
  for (const e of c.evidence)
    for (const h of e.hops) if (h.rule) out.set(`${h.rule.file}\0${h.rule.line}`, copyRef(h.rule));
  return [...out.values()];
}

const zeroes = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/**
 * The report document of an analysis. Pure and deterministic: the same analysis and meta give
 * the same document (every list in a stable order), so reports differ only by `generatedAt`.
 */
export function buildReport(a: SiteAnalysis, meta: ReportMeta): ReportDocument {
  const net = a.network;
  const assetByIp = new Map(net.assets.map((x) => [x.ipText, x]));
  const zoneOfIp = (ip: string): string => assetByIp.get(ip)?.zone ?? INTERNET_ZONE;

  const paths: ReportPath[] = allPaths(a).map((p, i) => ({
    id: `P${i + 1}`,
    severity: p.severity,
    from: p.from,
    to: p.to,
    targetIp: p.target.targetIp,
    targetLevel: p.target.level,
    targetRole: p.target.role,
    uncertain: p.uncertain,
    routeAssumed: p.routeAssumed,
    hops: p.hops.map((h, j) => ({
      index: j + 1,
      from: h.from,
      fromIp: h.fromIp,
      fromZone: zoneOfIp(h.fromIp),
      to: h.to,
      toIp: h.toIp,
      toZone: zoneOfIp(h.toIp),
      service: h.service,
      kind: h.kind,
      uncertain: h.uncertain,
      routeAssumed: h.routeAssumed,
      devices: hopDevices(h.devices),
    })),
  }));
  const pathIds = new Map<object, string>();
  let n = 0;
  for (const t of a.lateral.targets) for (const p of t.paths) pathIds.set(p, `P${++n}`);

  const pathZones = new Set<string>();
  const pathPairs = new Set<string>();
  for (const p of paths)
    for (const h of p.hops) {
      pathZones.add(h.fromZone);
      pathZones.add(h.toZone);
      if (h.fromZone !== h.toZone) pathPairs.add(`${h.fromZone}\0${h.toZone}`);
    }

  const findings = a.findings.map((f: Finding, i) => ({
    id: `F${i + 1}`,
    code: f.code,
    category: findingCategory(f.code),
    severity: f.severity,
    message: f.message,
    zones: f.zones ? [...f.zones] : [],
    services: f.services ?? null,
    rules: f.rules.map(copyRef),
  }));
  const egress = a.egress.map((g, i) => ({
    id: `E${i + 1}`,
    kind: g.kind,
    severity: g.severity,
    asset: g.asset,
    assetIp: g.assetIp,
    hosts: [...g.hosts],
    zone: g.zone,
    level: g.level,
    resolver: g.resolver,
    resolverIp: g.resolverIp,
    alsoReachable: [...g.alsoReachable],
    service: g.service,
    message: g.message,
    assumedEndpoint: g.assumedEndpoint,
    uncertain: g.uncertain,
    routeAssumed: g.routeAssumed,
    devices: hopDevices(g.devices),
  }));

  const assetCount = new Map<string, number>();
  for (const x of net.assets) if (!x.placeholder) assetCount.set(x.zone, (assetCount.get(x.zone) ?? 0) + 1);

  const doc: Omit<ReportDocument, 'summary' | 'assumptions'> = {
    format: REPORT_FORMAT,
    title: meta.title ?? net.name,
    site: net.name,
    generatedAt: meta.generatedAt,
    tool: { name: 'conduit', version: meta.toolVersion },
    note: meta.note ?? null,
    inputs: meta.inputs.map((x) => ({ ...x, devices: [...x.devices] })),
    selection: { from: [...(meta.from ?? [])], to: [...(meta.to ?? [])] },
    zones: net.zones.map((z) => ({
      name: z.name,
      level: z.level,
      kind: z.kind,
      inferred: z.inferred,
      basis: z.basis,
      segments: [...z.segments],
      assets: assetCount.get(z.name) ?? 0,
      onPath: pathZones.has(z.name),
      source: z.source ? copyRef(z.source) : null,
    })),
    segments: net.segments.map((g) => ({
      id: g.id,
      zone: g.zone,
      attachments: g.attachments.map((x) => ({
        device: x.device,
        interface: x.interface,
        address: formatAddress(x.address),
      })),
      source: g.source ? copyRef(g.source) : null,
    })),
    conduits: a.matrix.conduits.map((c) => ({
      from: c.from,
      to: c.to,
      services: formatServiceSet(c.services),
      flat: c.flat,
      uncertain: c.uncertain,
      routeAssumed: c.routeAssumed,
      natIgnored: c.natIgnored,
      onPath: pathPairs.has(`${c.from}\0${c.to}`),
      rules: conduitRules(c),
    })),
    devices: net.devices.map((d) => ({
      name: d.name,
      vendor: d.vendor,
      vendorLabel: VENDOR_LABELS[d.vendor],
      file: d.file,
      interfaces: d.interfaces.length,
      rules: [...d.lists.values()].reduce((s, l) => s + l.rules.length, 0),
      filtering: d.support.filtering,
      nat: d.support.nat,
      routes: d.support.routes,
      notes: [...d.support.notes],
    })),
    assets: net.assets.map((x) => ({
      name: x.name,
      ip: x.ipText,
      zone: x.zone,
      level: x.level,
      role: x.role,
      criticality: x.criticality,
      segment: x.segment,
      placeholder: x.placeholder === true,
    })),
    footholds: [...a.lateral.footholds],
    paths,
    targets: a.lateral.targets.map((t) => ({
      target: t.target,
      targetIp: t.targetIp,
      level: t.level,
      role: t.role,
      alike: [...t.alike],
      length: t.length,
      shortestPaths: t.shortestPaths,
      paths: t.paths.map((p) => pathIds.get(p)!),
    })),
    unreachableTargets: [...a.lateral.unreachableTargets],
    egress,
    findings,
    issues: meta.issues.map((d) => ({
      code: d.code,
      severity: d.severity,
      stage: d.stage,
      message: d.message,
      source: copyRef(d.source),
    })),
    stats: {
      assetClasses: a.lateral.classes,
      pairsEvaluated: a.lateral.pairsEvaluated,
      matrixAtoms: a.matrix.stats.atoms,
      matrixClassPairs: a.matrix.stats.classPairs,
      matrixCellEvaluations: a.matrix.stats.cellEvaluations,
    },
  };
  const summary = summarize(doc, a);
  return { ...doc, summary, assumptions: collectAssumptions(doc, a) };
}

const LEVEL_ORDER: readonly (PurdueLevel | null)[] = [0, 1, 2, 3, 3.5, 4, 5, 'internet', null];

function summarize(doc: Omit<ReportDocument, 'summary' | 'assumptions'>, a: SiteAnalysis): ReportSummary {
  const levelOfTarget = new Map<string, PurdueLevel | null>();
  for (const x of a.network.assets) levelOfTarget.set(x.name, x.level);
  const byLevel: LevelCount[] = [];
  for (const l of LEVEL_ORDER) {
    const ts = doc.targets.filter((t) => t.level === l);
    const unreachable = doc.unreachableTargets.filter(
      (name) => (levelOfTarget.get(name) ?? null) === l,
    ).length;
    const paths = doc.paths.filter((p) => p.targetLevel === l).length;
    const isControl = l === 0 || l === 1 || l === 2 || l === 3;
    if (!isControl && ts.length === 0 && unreachable === 0) continue;
    byLevel.push({
      level: levelKey(l),
      targetsReached: ts.length,
      assetsReached: ts.reduce((s, t) => s + 1 + t.alike.length, 0),
      targetsUnreachable: unreachable,
      paths,
    });
  }
  const findingsBySeverity = zeroes();
  for (const f of doc.findings) findingsBySeverity[f.severity]++;
  const egressBySeverity = zeroes();
  const egressByKind: Record<string, number> = {};
  for (const g of doc.egress) {
    egressBySeverity[g.severity]++;
    egressByKind[g.kind] = (egressByKind[g.kind] ?? 0) + 1;
  }
  const issuesBySeverity = { error: 0, warning: 0, info: 0 };
  for (const d of doc.issues) issuesBySeverity[d.severity]++;

  const worst = worstPath(doc.paths);
  return {
    worstSeverity: worstSeverity(a),
    footholds: doc.footholds.length,
    targetsReached: doc.targets.length,
    targetsUnreachable: doc.unreachableTargets.length,
    paths: doc.paths.length,
    byLevel,
    criticalFindings: findingsBySeverity.critical,
    findingsBySeverity,
    egressGaps: doc.egress.length,
    egressBySeverity,
    egressByKind,
    issuesBySeverity,
    statement: worst ? statementOf(worst, doc) : noPathStatement(doc),
    egressStatement: egressStatementOf(doc),
    worstPath: worst?.id ?? null,
  };
}

const levelNum = (l: PurdueLevel | null): number => (l === null ? 9 : l === 'internet' ? 7 : l);

/** The worst path: most severe, then deepest target level, then fewest hops, then report order. */
export function worstPath(paths: readonly ReportPath[]): ReportPath | null {
  const cmp = (p: ReportPath, q: ReportPath): number =>
    severityRank(p.severity) - severityRank(q.severity) ||
    levelNum(p.targetLevel) - levelNum(q.targetLevel) ||
    p.hops.length - q.hops.length;
  let best: ReportPath | null = null;
  for (const p of paths) if (best === null || cmp(p, best) < 0) best = p;
  return best;
}

function statementOf(p: ReportPath, doc: Omit<ReportDocument, 'summary' | 'assumptions'>): string {
  const first = p.hops[0]!;
  const what = p.targetRole ? `the ${p.targetRole.toUpperCase()} ` : '';
  const steps = p.hops.map((h) => `${h.service} to ${h.to} (${h.toIp})`).join(', then ');
  const rules = new Set<string>();
  for (const h of p.hops) for (const d of h.devices) if (d.rule) rules.add(`${d.rule.file}:${d.rule.line}`);
  const cites = rules.size > 0 ? ` The firewall rules that allow it: ${[...rules].join(', ')}.` : '';
  const caveat =
    p.uncertain || p.routeAssumed
      ? ` (Part of this path rests on ${p.uncertain ? 'an uncertain verdict' : ''}${p.uncertain && p.routeAssumed ? ' and ' : ''}${p.routeAssumed ? 'an assumed route' : ''}.)`
      : '';
  const total = doc.paths.length;
  return (
    `Worst path (${p.id}, ${p.severity}): an attacker holding ${p.from} (${first.fromIp}, zone ${first.fromZone}) ` +
    `reaches ${what}${p.to} (${p.targetIp}, ${levelName(p.targetLevel)}) in ${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}: ${steps}.${cites}${caveat}` +
    (total > 1 ? ` ${total - 1} other path${total === 2 ? '' : 's'} are listed in this report.` : '')
  );
}

function noPathStatement(doc: Omit<ReportDocument, 'summary' | 'assumptions'>): string {
  if (doc.footholds.length === 0)
    return 'No foothold was selected, so no lateral-movement path was searched.';
  const t = doc.unreachableTargets.length;
  return t === 0
    ? 'No target was selected, so no lateral-movement path was searched.'
    : `None of the ${t} target${t === 1 ? '' : 's'} can be reached from the ${doc.footholds.length} foothold asset${doc.footholds.length === 1 ? '' : 's'} under the modelled rules.`;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  doh: 'public DNS-over-HTTPS resolvers',
  doh3: 'public DNS-over-HTTPS/3 (QUIC) resolvers',
  dot: 'public DNS-over-TLS resolvers',
  doq: 'public DNS-over-QUIC resolvers',
  dnscrypt: 'public DNSCrypt resolvers',
  'https-any': 'any internet host on HTTPS (so every DNS-over-HTTPS resolver, listed or not)',
  'dns-direct': 'DNS servers other than the designated resolvers',
};

/** The DNS egress gaps in one or two plain sentences. */
function egressStatementOf(doc: Omit<ReportDocument, 'summary' | 'assumptions'>): string {
  if (doc.egress.length === 0)
    return 'No host can reach a public DNS-over-HTTPS/TLS resolver or send DNS around the designated resolvers under the modelled rules.';
  const worst = doc.egress.reduce((w, g) => (severityRank(g.severity) < severityRank(w.severity) ? g : w));
  const hosts = new Set(doc.egress.flatMap((g) => (g.hosts.length > 0 ? g.hosts : [g.assetIp]))).size;
  const kinds = [...new Set(doc.egress.map((g) => g.kind))].map((k) => KIND_WORDS[k] ?? k);
  return (
    `${hosts} host${hosts === 1 ? '' : 's'} can reach ${kinds.join('; or ')}: channels a backdoor can hide its command and control in. ` +
    `The most exposed: ${worst.asset} (${worst.assetIp}, zone ${worst.zone}, ${worst.severity}) over ${worst.service}${worst.resolver ? ` to ${worst.resolver}` : ''}.`
  );
}
