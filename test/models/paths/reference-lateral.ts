import { serviceContains } from '../../../models/net';
import { ReachOracle } from '../../../models/reach';
import type { Asset, Network } from '../../../models/topology/network';
import type { PurdueLevel } from '../../../models/topology/inputs/types';
import { type CatalogueService, OT_PROTOCOLS, pivotCatalogue } from '../../../models/paths/catalogue';
import {
  type AnalyzeOptions,
  type AssetClass,
  type BlastRadius,
  type LateralMovement,
  AnalysisTimeout,
  EPHEMERAL,
  assetClasses,
  defaultFootholds,
  defaultTargets,
  resolveSelectors,
  blastOrder,
  targetPaths,
} from '../../../models/paths/analyze';
import { portsOf } from '../../../models/paths/graph';

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
// The types, asset classes, selectors, citations and the paths built from a search are the
// analysis's own: the reference differs in how it finds edges and searches (one oracle
// question per class pair), which is what the property test holds the blocks to.
const levelKey = (l: PurdueLevel | null): string => (l === null ? 'unknown' : String(l));

const offers = (a: Asset, s: CatalogueService, port: number): boolean =>
  a.services.length === 0 ||
  a.services.some(
    (x) => x.port === port && (x.proto === 'tcp' ? 6 : x.proto === 'udp' ? 17 : 132) === s.proto,
  );

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
  const { targets, unreachable } = targetPaths(
    net,
    targetClasses,
    targetSet,
    classOfAsset,
    k,
    whole,
    perZone,
    lastHops,
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
  blastRadius.sort(blastOrder);

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
