import { type Flow, serviceContains } from '../../../models/net';
import { ReachOracle } from '../../../models/reach';
import type { Asset, Network } from '../../../models/topology/network';
import type { PurdueLevel } from '../../../models/topology/inputs/types';
import {
  type CatalogueService,
  OT_PROTOCOLS,
  pivotCatalogue,
  serviceLabel,
} from '../../../models/paths/catalogue';
import {
  type AnalyzeOptions,
  type AssetClass,
  type AttackPath,
  type BlastRadius,
  type LateralMovement,
  type PathHop,
  type TargetPaths,
  AnalysisTimeout,
  EPHEMERAL,
  assetClasses,
  citeFlow,
  defaultFootholds,
  defaultTargets,
  resolveSelectors,
} from '../../../models/paths/analyze';

/**
 * The pair-by-pair lateral movement (as it was before the block relation): every class pair
 * asks ReachOracle.between, the searches walk every class per frontier class. Slow and
 * straightforward; the property test holds models/paths/analyze.ts to its answers.
 *
 * Lateral movement. The attacker controls the foothold hosts. Reaching a host on a pivot
 * service (RDP, SMB, WinRM, SSH...) gives control of it; reaching a target on an industrial
 * protocol, or on a pivot service, is impact. Assets that the rules, routes and segments cannot
 * tell apart form one class and are computed once; paths are found on the class graph.
 */
// The types, asset classes, selectors and citations are the analysis's own: the reference
// differs only in how it finds edges and paths (one oracle question per class pair).
const levelKey = (l: PurdueLevel | null): string => (l === null ? 'unknown' : String(l));

const offers = (a: Asset, s: CatalogueService, port: number): boolean =>
  a.services.length === 0 ||
  a.services.some(
    (x) => x.port === port && (x.proto === 'tcp' ? 6 : x.proto === 'udp' ? 17 : 132) === s.proto,
  );

/** Ports of a catalogue service to probe: each port of a small range, the ends of a large one. */
const portsOf = (s: CatalogueService): number[] => {
  const [lo, hi] = s.ports;
  if (hi - lo <= 8) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return [lo, hi];
};

export function referenceLateralMovement(net: Network, options: AnalyzeOptions = {}): LateralMovement {
  const k = options.k ?? 3;
  const maxHops = options.maxHops ?? 8;
  const oracle = new ReachOracle(net);
  // Selectors given, else the site file's, else the defaults of the attacker model.
  const from = options.from?.length ? options.from : net.site?.footholds.map((f) => f.value);
  const to = options.to?.length ? options.to : net.site?.targets.map((t) => t.value);
  const footAssets = from?.length ? resolveSelectors(net, from) : defaultFootholds(net);
  const targetAssets = to?.length ? resolveSelectors(net, to) : defaultTargets(net);
  const pivots = pivotCatalogue(net.site?.pivots);

  const { classes, classOfAsset } = assetClasses(net, oracle);
  const footClasses = new Set(footAssets.map((a) => classOfAsset.get(a.ipText)!));
  const targetSet = new Set(targetAssets.map((a) => a.ipText));
  const targetClasses = new Set(targetAssets.map((a) => classOfAsset.get(a.ipText)!));

  // Edges on demand: what `from` can do to `to`.
  let pairs = 0;
  const edgeMemo = new Map<string, { pivot: Edge | null; impact: Edge | null }>();
  const edges = (from: AssetClass, to: AssetClass): { pivot: Edge | null; impact: Edge | null } => {
    const key = `${from.id}>${to.id}`;
    let e = edgeMemo.get(key);
    if (e) return e;
    pairs++;
    if (options.deadline !== undefined && (pairs & 255) === 0 && Date.now() > options.deadline)
      throw new AnalysisTimeout(pairs);
    const open = oracle.between(from.rep.ip, to.rep.ip);
    const first = (list: readonly CatalogueService[], roleCheck: boolean): Edge | null => {
      for (const s of list) {
        if (roleCheck && s.roles && !(to.role !== null && s.roles.includes(to.role))) continue;
        for (const port of portsOf(s)) {
          if (!offers(to.rep, s, port)) continue;
          if (serviceContains(open.services, s.proto, EPHEMERAL, port)) return { service: s, port };
        }
      }
      return null;
    };
    const pivot = first(pivots, true);
    e = { pivot, impact: pivot ?? first(OT_PROTOCOLS, false) };
    edgeMemo.set(key, e);
    return e;
  };

  // Multi-source BFS over pivot edges: distance, up to k parents per class, shortest-path counts.
  const search = (sources: readonly AssetClass[]): Search => {
    const dist = new Map<AssetClass, number>();
    const parents = new Map<AssetClass, { from: AssetClass; edge: Edge }[]>();
    const count = new Map<AssetClass, number>();
    let frontier = [...sources];
    for (const c of frontier) {
      dist.set(c, 0);
      count.set(c, 1);
    }
    for (let depth = 0; frontier.length > 0 && depth < maxHops; depth++) {
      const next: AssetClass[] = [];
      for (const u of frontier) {
        for (const v of classes) {
          if (v === u || (dist.has(v) && dist.get(v)! <= depth)) continue;
          const e = edges(u, v).pivot;
          if (!e) continue;
          if (!dist.has(v)) {
            dist.set(v, depth + 1);
            count.set(v, 0);
            next.push(v);
          }
          if (dist.get(v) === depth + 1) {
            count.set(v, (count.get(v) ?? 0) + (count.get(u) ?? 1));
            const ps = parents.get(v) ?? [];
            if (ps.length < k) ps.push({ from: u, edge: e });
            parents.set(v, ps);
          }
        }
      }
      frontier = next;
    }
    return { dist, parents, count, sources: new Set(sources) };
  };
  const whole = search([...footClasses]);
  const { dist } = whole;
  const controlled = [...dist.keys()];
  // One search per foothold zone too, so every zone's best path is shown (the vendor path from
  // the internet is not hidden behind a shorter one from the office).
  const byZone = new Map<string, AssetClass[]>();
  for (const c of footClasses) byZone.set(c.zone, [...(byZone.get(c.zone) ?? []), c]);
  const perZone = byZone.size > 1 ? [...byZone.values()].map(search) : [];

  // Citations for one hop: the end-to-end trace of the exact flow.
  const hopOf = (from: AssetClass, to: AssetClass, edge: Edge, kind: 'pivot' | 'impact'): PathHop => {
    const flow: Flow = {
      proto: edge.service.proto,
      src: from.rep.ip,
      dst: to.rep.ip,
      sport: EPHEMERAL,
      dport: edge.port,
    };
    const v = citeFlow(net, flow);
    const devices = v.devices;
    return {
      from: from.rep.name,
      fromIp: from.rep.ipText,
      to: to.rep.name,
      toIp: to.rep.ipText,
      service: serviceLabel(edge.service, edge.port),
      kind,
      rules: devices.flatMap((d) => (d.rule ? [d.rule] : [])),
      devices,
      uncertain: v.uncertain,
      routeAssumed: v.routeAssumed,
    };
  };

  // Paths to a target: to a controlled class (by up to k parent chains), then the final hop.
  const chains = (sr: Search, c: AssetClass, limit: number): AssetClass[][] => {
    if (sr.sources.has(c) && sr.dist.get(c) === 0) return [[c]];
    const out: AssetClass[][] = [];
    for (const p of sr.parents.get(c) ?? []) {
      for (const chain of chains(sr, p.from, limit)) {
        out.push([...chain, c]);
        if (out.length >= limit) return out;
      }
    }
    return out;
  };
  /** The best last hops into `t`, their distance and how many shortest paths end there. */
  const lastHops = (
    sr: Search,
    t: AssetClass,
  ): { lasts: { from: AssetClass; edge: Edge }[]; best: number; shortest: number } => {
    const lasts: { from: AssetClass; edge: Edge }[] = [];
    let best = Infinity;
    let shortest = 0;
    for (const u of sr.dist.keys()) {
      if (u === t) continue;
      const e = edges(u, t).impact;
      if (!e) continue;
      const d = sr.dist.get(u)!;
      if (d < best) {
        best = d;
        shortest = 0;
        lasts.length = 0;
      }
      if (d === best) {
        shortest += sr.count.get(u) ?? 1;
        if (lasts.length < k) lasts.push({ from: u, edge: e });
      }
    }
    return { lasts, best, shortest };
  };
  const pathsTo = (sr: Search, t: AssetClass, limit: number): AttackPath[] => {
    const paths: AttackPath[] = [];
    for (const last of lastHops(sr, t).lasts) {
      for (const chain of chains(sr, last.from, limit)) {
        const hops: PathHop[] = [];
        for (let i = 1; i < chain.length; i++) {
          const e = sr.parents.get(chain[i]!)!.find((p) => p.from === chain[i - 1])!.edge;
          hops.push(hopOf(chain[i - 1]!, chain[i]!, e, 'pivot'));
        }
        hops.push(hopOf(last.from, t, last.edge, 'impact'));
        paths.push({
          from: chain[0]!.rep.name,
          to: t.rep.name,
          hops,
          uncertain: hops.some((h) => h.uncertain),
          routeAssumed: hops.some((h) => h.routeAssumed),
        });
        if (paths.length >= limit) return paths;
      }
    }
    return paths;
  };
  const pathKey = (p: AttackPath): string => p.hops.map((h) => `${h.from}>${h.to}:${h.service}`).join('|');
  const targets: TargetPaths[] = [];
  const unreachable: string[] = [];
  for (const t of targetClasses) {
    if (dist.get(t) === 0) continue; // a target that is itself a foothold
    const { best, shortest } = lastHops(whole, t);
    if (best === Infinity) {
      unreachable.push(t.rep.name);
      continue;
    }
    // The k shortest overall, plus the best from each foothold zone not already among them.
    const paths = pathsTo(whole, t, k);
    const seen = new Set(paths.map(pathKey));
    const zonesShown = new Set(paths.map((p) => classOfAsset.get(p.hops[0]!.fromIp)?.zone));
    for (const sr of perZone) {
      const zone = [...sr.sources][0]!.zone;
      if (zonesShown.has(zone)) continue;
      const [p] = pathsTo(sr, t, 1);
      if (p && !seen.has(pathKey(p))) {
        paths.push(p);
        seen.add(pathKey(p));
        zonesShown.add(zone);
      }
    }
    targets.push({
      target: t.rep.name,
      targetIp: t.rep.ipText,
      level: t.level,
      role: t.role,
      alike: t.members.filter((m) => m !== t.rep && targetSet.has(m.ipText)).map((m) => m.name),
      paths,
      shortestPaths: shortest,
      length: best + 1,
    });
  }
  targets.sort(
    (a, b) =>
      a.length - b.length ||
      levelRankAsc(a.level) - levelRankAsc(b.level) ||
      a.target.localeCompare(b.target),
  );

  // Blast radius of each foothold class on its own.
  const blastRadius: BlastRadius[] = [];
  for (const f of footClasses) {
    const seen = new Set<AssetClass>([f]);
    let wave = [f];
    for (let d = 0; d < maxHops && wave.length > 0; d++) {
      const next: AssetClass[] = [];
      for (const u of wave)
        for (const v of controlled) {
          if (seen.has(v) || !edges(u, v).pivot) continue;
          seen.add(v);
          next.push(v);
        }
      wave = next;
    }
    const byLevel: Record<string, number> = {};
    let n = 0;
    for (const c of seen) {
      if (c === f) continue;
      n += c.members.length;
      byLevel[levelKey(c.level)] = (byLevel[levelKey(c.level)] ?? 0) + c.members.length;
    }
    let reached = 0;
    for (const t of targetClasses)
      if ([...seen].some((u) => u !== t && edges(u, t).impact))
        reached += t.members.filter((m) => targetSet.has(m.ipText)).length;
    blastRadius.push({ foothold: f.rep.name, controlled: n, byLevel, targetsReached: reached });
  }
  blastRadius.sort(
    (a, b) =>
      b.targetsReached - a.targetsReached ||
      b.controlled - a.controlled ||
      a.foothold.localeCompare(b.foothold),
  );

  return {
    footholds: footAssets.map((a) => a.name),
    targets,
    unreachableTargets: unreachable.sort(),
    blastRadius,
    classes: classes.length,
    pairsEvaluated: pairs,
  };
}

interface Search {
  readonly dist: Map<AssetClass, number>;
  readonly parents: Map<AssetClass, { from: AssetClass; edge: Edge }[]>;
  readonly count: Map<AssetClass, number>;
  readonly sources: ReadonlySet<AssetClass>;
}

interface Edge {
  readonly service: CatalogueService;
  readonly port: number;
}

const levelRankAsc = (l: PurdueLevel | null): number => (l === null ? 9 : l === 'internet' ? 7 : l);
