import type { SourceRef } from '../diagnostics';
import type { Flow } from '../net';
import { type Atom, type Block, ReachOracle, classSpace, traceSite } from '../reach';
import type { Asset, Network } from '../topology/network';
import type { PurdueLevel } from '../topology/inputs/types';
import { CRITICAL_ROLES, OT_PROTOCOLS, pivotCatalogue, serviceLabel } from './catalogue';
import { selectAssets } from './select';
import { blastRadii } from './blast';
import { ClassGraph, type Edge } from './graph';

/**
 * Lateral movement. The attacker controls the foothold hosts. Reaching a host on a pivot
 * service (RDP, SMB, WinRM, SSH...) gives control of it; reaching a target on an industrial
 * protocol, or on a pivot service, is impact. Assets that the rules, routes and segments cannot
 * tell apart form one class and are computed once; paths are found on the class graph.
 */

export interface AssetClass {
  readonly id: number;
  /** The asset that stands for the class in paths (the first in inventory order). */
  readonly rep: Asset;
  readonly members: readonly Asset[];
  readonly zone: string;
  readonly level: PurdueLevel | null;
  readonly role: string | null;
}

/** One device crossed on a hop, with the rule that let the flow through. */
export interface HopDevice {
  readonly device: string;
  readonly in: string;
  readonly out: string | null;
  readonly rule: SourceRef | null;
}

export interface PathHop {
  readonly from: string;
  readonly fromIp: string;
  readonly to: string;
  readonly toIp: string;
  /** `tcp/3389 (rdp)`. */
  readonly service: string;
  readonly kind: 'pivot' | 'impact';
  /** The rules that allow the hop, one per device crossed (the contract's `rules`). */
  readonly rules: readonly SourceRef[];
  readonly devices: readonly HopDevice[];
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
}

export interface AttackPath {
  readonly from: string;
  readonly to: string;
  readonly hops: readonly PathHop[];
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
}

export interface TargetPaths {
  readonly target: string;
  readonly targetIp: string;
  readonly level: PurdueLevel | null;
  readonly role: string | null;
  /** Assets the same paths reach (the target's class). */
  readonly alike: readonly string[];
  readonly paths: readonly AttackPath[];
  /** How many distinct shortest paths reach the target (on the class graph). */
  readonly shortestPaths: number;
  readonly length: number;
}

export interface BlastRadius {
  readonly foothold: string;
  readonly controlled: number;
  /** Controlled assets by Purdue level (`internet`, `4`, `3.5`...; `unknown` for none). */
  readonly byLevel: Readonly<Record<string, number>>;
  readonly targetsReached: number;
}

export interface LateralMovement {
  readonly footholds: readonly string[];
  readonly targets: readonly TargetPaths[];
  readonly unreachableTargets: readonly string[];
  readonly blastRadius: readonly BlastRadius[];
  readonly classes: number;
  /** Class pairs the probe relation decides with something open (its blocks cover them all at once). */
  readonly pairsEvaluated: number;
}

export interface AnalyzeOptions {
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  /** Paths kept per target (default 3). */
  readonly k?: number;
  /** The longest path searched, in hops (default 8). */
  readonly maxHops?: number;
  /** A time (Date.now() milliseconds) after which the search stops with an AnalysisTimeout. */
  readonly deadline?: number;
}

/** Thrown when an analysis passes its deadline; `pairs` says how far it got (blocks and class groups visited). */
export class AnalysisTimeout extends Error {
  constructor(readonly pairs: number) {
    super(`the analysis passed its deadline after ${pairs} steps`);
  }
}

export class SelectorError extends Error {}

/**
 * Assets the analysis cannot tell apart (same address class under every rule, route and
 * segment, same zone, level, role and offered services) form one class, computed once.
 */
export function assetClasses(
  net: Network,
  oracle: ReachOracle,
): { classes: AssetClass[]; classOfAsset: Map<string, AssetClass> } {
  const classes: AssetClass[] = [];
  const classOfAsset = new Map<string, AssetClass>();
  const byKey = new Map<string, Asset[]>();
  for (const a of net.assets) {
    const key = [
      oracle.classOf(a.ip) ?? a.ipText,
      a.segment,
      a.zone,
      a.role,
      a.level,
      a.services.map((s) => `${s.proto}/${s.port}`).join(','),
    ].join('\u0000');
    const list = byKey.get(key);
    if (list) list.push(a);
    else byKey.set(key, [a]);
  }
  for (const members of byKey.values()) {
    const c: AssetClass = {
      id: classes.length,
      rep: members[0]!,
      members,
      zone: members[0]!.zone,
      level: members[0]!.level,
      role: members[0]!.role,
    };
    classes.push(c);
    for (const a of members) classOfAsset.set(a.ipText, c);
  }
  return { classes, classOfAsset };
}

/** The devices an exact flow crosses end to end, each with the rule that let it through. */
export function citeFlow(
  net: Network,
  flow: Flow,
): { devices: HopDevice[]; uncertain: boolean; routeAssumed: boolean; permitted: boolean } {
  const v = traceSite(net, flow);
  return {
    devices: v.decisive.hops.map((h) => ({ device: h.device, in: h.in, out: h.out, rule: h.verdict.rule })),
    uncertain: v.uncertain.length > 0,
    routeAssumed: v.routeAssumed,
    permitted: v.action === 'permit',
  };
}

const levelKey = (l: PurdueLevel | null): string => (l === null ? 'unknown' : String(l));
const isItLevel = (l: PurdueLevel | null): boolean => l === 4 || l === 5;
const isOtTargetLevel = (l: PurdueLevel | null): boolean => l === 0 || l === 1 || l === 2;

/** Default footholds: every asset in an IT zone (Purdue levels 4 and 5). */
export function defaultFootholds(net: Network): Asset[] {
  const it = new Set(net.zones.filter((z) => isItLevel(z.level) || z.kind === 'it').map((z) => z.name));
  return net.assets.filter((a) => it.has(a.zone) || isItLevel(a.level));
}

/** Default targets: assets in Purdue levels 0-2 and those with critical roles. */
export function defaultTargets(net: Network): Asset[] {
  return net.assets.filter(
    (a) => isOtTargetLevel(a.level) || (a.role !== null && CRITICAL_ROLES.has(a.role)),
  );
}

/** The assets the selectors name (zones, asset names, IPs, CIDRs), each once; a bad selector throws. */
export function resolveSelectors(net: Network, selectors: readonly string[]): Asset[] {
  const out = new Map<string, Asset>();
  for (const s of selectors) {
    const r = selectAssets(net, s);
    if (!r.ok) throw new SelectorError(r.error);
    for (const a of r.assets) out.set(a.ipText, a);
  }
  return [...out.values()];
}

export const EPHEMERAL = 49152;

/** Blast radii, worst first: most targets reached, then most assets controlled, then by name. */
export const blastOrder = (a: BlastRadius, b: BlastRadius): number =>
  b.targetsReached - a.targetsReached || b.controlled - a.controlled || a.foothold.localeCompare(b.foothold);

export function lateralMovement(net: Network, options: AnalyzeOptions = {}): LateralMovement {
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

  let steps = 0;
  const check = (): void => {
    if (options.deadline !== undefined && (++steps & 63) === 0 && Date.now() > options.deadline)
      throw new AnalysisTimeout(steps);
  };
  const graph = new ClassGraph(classSpace(net), classes, pivots, OT_PROTOCOLS, EPHEMERAL, check);

  // Multi-source BFS over pivot edges: distance, up to k parents per class, shortest-path counts.
  // Per depth, the blocks leaving the frontier are visited once each, with the frontier classes
  // in them in frontier order; a class found through several blocks keeps the first k parents
  // in frontier order, so the result is the pair-by-pair search's.
  const search = (sources: readonly AssetClass[]): Search => {
    const dist = new Map<AssetClass, number>();
    const order = new Map<AssetClass, number>();
    const parents = new Map<AssetClass, { from: AssetClass; edge: Edge }[]>();
    const count = new Map<AssetClass, number>();
    let frontier = [...sources];
    for (const c of frontier) {
      order.set(c, order.size);
      dist.set(c, 0);
      count.set(c, 1);
    }
    for (let depth = 0; frontier.length > 0 && depth < maxHops; depth++) {
      const touched = new Map<Block, AssetClass[]>();
      for (const u of frontier)
        for (const b of graph.blocksFrom(u)) {
          const us = touched.get(b);
          if (us) us.push(u);
          else touched.set(b, [u]);
        }
      const pos = new Map(frontier.map((u, i) => [u, i]));
      const found = new Map<
        AssetClass,
        { first: number; sum: number; parents: { from: AssetClass; edge: Edge; at: number }[] }
      >();
      for (const [b, us] of touched) {
        check();
        let sum = 0;
        for (const u of us) sum += count.get(u) ?? 1;
        const at0 = pos.get(us[0]!)!;
        for (const d of b.dst)
          for (const v of graph.classesIn(d)) {
            const dv = dist.get(v);
            if (dv !== undefined && dv <= depth) continue;
            const e = graph.pivot(v, b);
            if (!e) continue;
            let f = found.get(v);
            if (!f) found.set(v, (f = { first: at0, sum: 0, parents: [] }));
            f.first = Math.min(f.first, at0);
            f.sum += sum;
            for (let i = 0; i < us.length && i < k; i++)
              f.parents.push({ from: us[i]!, edge: e, at: pos.get(us[i]!)! });
          }
      }
      const next = [...found.keys()].sort((x, y) => found.get(x)!.first - found.get(y)!.first || x.id - y.id);
      for (const v of next) {
        const f = found.get(v)!;
        order.set(v, order.size);
        dist.set(v, depth + 1);
        count.set(v, f.sum);
        parents.set(
          v,
          f.parents
            .sort((x, y) => x.at - y.at)
            .slice(0, k)
            .map(({ from, edge }) => ({ from, edge })),
        );
      }
      frontier = next;
    }
    return { dist, order, parents, count, sources: new Set(sources), lasts: new Map(), near: new Map() };
  };
  const whole = search([...footClasses]);
  const { dist } = whole;
  const controlled = [...dist.keys()];
  // One search per foothold zone too, so every zone's best path is shown (the vendor path from
  // the internet is not hidden behind a shorter one from the office).
  const byZone = new Map<string, AssetClass[]>();
  for (const c of footClasses) byZone.set(c.zone, [...(byZone.get(c.zone) ?? []), c]);
  const perZone = byZone.size > 1 ? [...byZone.values()].map(search) : [];

  /**
   * The searched classes among a block's sources nearest the footholds: their distance, how
   * many shortest paths end at them, and the first k in the order the search found them.
   * Shared by every target the block enters (one class of addresses is in at most one block
   * into a target, so the targets' candidates never repeat).
   */
  const nearest = (sr: Search, b: Block, except: AssetClass | null): Nearest => {
    let d = Infinity;
    let count = 0;
    let first: AssetClass[] = [];
    for (const a of b.src)
      for (const u of graph.classesIn(a)) {
        if (u === except) continue;
        const du = sr.dist.get(u);
        if (du === undefined || du > d) continue;
        if (du < d) {
          d = du;
          count = 0;
          first = [];
        }
        count += sr.count.get(u) ?? 1;
        first.push(u);
      }
    first.sort((x, y) => sr.order.get(x)! - sr.order.get(y)!);
    return { d, count, first: first.slice(0, k) };
  };
  const nearestMemo = (sr: Search, b: Block): Nearest => {
    let r = sr.near.get(b);
    if (!r) sr.near.set(b, (r = nearest(sr, b, null)));
    return r;
  };
  const sourceSets = new Map<Block, ReadonlySet<Atom>>();
  const sourcesOf = (b: Block): ReadonlySet<Atom> => {
    let r = sourceSets.get(b);
    if (!r) sourceSets.set(b, (r = new Set(b.src)));
    return r;
  };
  const lastHops = (sr: Search, t: AssetClass): LastHops => {
    const memo = sr.lasts.get(t);
    if (memo) return memo;
    let best = Infinity;
    let shortest = 0;
    let cands: { from: AssetClass; edge: Edge; at: number }[] = [];
    const ta = graph.atom(t);
    for (const b of graph.blocksTo(t)) {
      const e = graph.impact(t, b);
      if (!e) continue;
      // A block's sources hold t's own address class only on t's segment: leave t out there.
      const s = ta !== null && sourcesOf(b).has(ta) ? nearest(sr, b, t) : nearestMemo(sr, b);
      if (s.d > best || s.d === Infinity) continue;
      if (s.d < best) {
        best = s.d;
        shortest = 0;
        cands = [];
      }
      shortest += s.count;
      for (const u of s.first) cands.push({ from: u, edge: e, at: sr.order.get(u)! });
    }
    cands.sort((x, y) => x.at - y.at);
    const r = { lasts: cands.slice(0, k).map(({ from, edge }) => ({ from, edge })), best, shortest };
    sr.lasts.set(t, r);
    return r;
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
  const blasts = blastRadii(
    graph,
    [...footClasses],
    new Set(controlled),
    [...targetClasses],
    (t) => t.members.filter((m) => targetSet.has(m.ipText)).length,
    (c) => levelKey(c.level),
    maxHops,
    check,
  );
  const blastRadius: BlastRadius[] = [];
  // A search's totals may count the foothold itself: less it.
  for (const f of footClasses) {
    const blast = blasts.get(f)!;
    const byLevel = { ...blast.byLevel };
    let n = blast.controlled;
    if (blast.holdsSelf) {
      n -= f.members.length;
      const left = byLevel[levelKey(f.level)]! - f.members.length;
      if (left === 0) delete byLevel[levelKey(f.level)];
      else byLevel[levelKey(f.level)] = left;
    }
    blastRadius.push({ foothold: f.rep.name, controlled: n, byLevel, targetsReached: blast.targetsReached });
  }
  blastRadius.sort(blastOrder);

  return {
    footholds: footAssets.map((a) => a.name),
    targets,
    unreachableTargets: unreachable.sort(),
    blastRadius,
    classes: classes.length,
    pairsEvaluated: graph.openPairs(),
  };
}

/** The best last hops into a target, their distance and how many shortest paths end there. */
export interface LastHops {
  readonly lasts: readonly { from: AssetClass; edge: Edge }[];
  readonly best: number;
  readonly shortest: number;
}

/** What a search leaves for the paths: distances, up to k parents per class, path counts, its sources. */
export interface SearchTree {
  readonly dist: ReadonlyMap<AssetClass, number>;
  readonly parents: ReadonlyMap<AssetClass, readonly { from: AssetClass; edge: Edge }[]>;
  readonly count: ReadonlyMap<AssetClass, number>;
  readonly sources: ReadonlySet<AssetClass>;
}

/**
 * Paths to every target from the searches: the k shortest overall (the best last hops into the
 * target after up to k parent chains), plus the best from each foothold zone not among them,
 * each hop cited by an end-to-end trace of its exact flow; and the targets no search reaches.
 * The analysis and its test reference share this; they differ in how they search.
 */
export function targetPaths<S extends SearchTree>(
  net: Network,
  targetClasses: Iterable<AssetClass>,
  targetSet: ReadonlySet<string>,
  classOfAsset: ReadonlyMap<string, AssetClass>,
  k: number,
  whole: S,
  perZone: readonly S[],
  lastHops: (sr: S, t: AssetClass) => LastHops,
): { targets: TargetPaths[]; unreachable: string[] } {
  const hopOf = (from: AssetClass, to: AssetClass, edge: Edge, kind: 'pivot' | 'impact'): PathHop => {
    const v = citeFlow(net, {
      proto: edge.service.proto,
      src: from.rep.ip,
      dst: to.rep.ip,
      sport: EPHEMERAL,
      dport: edge.port,
    });
    return {
      from: from.rep.name,
      fromIp: from.rep.ipText,
      to: to.rep.name,
      toIp: to.rep.ipText,
      service: serviceLabel(edge.service, edge.port),
      kind,
      rules: v.devices.flatMap((d) => (d.rule ? [d.rule] : [])),
      devices: v.devices,
      uncertain: v.uncertain,
      routeAssumed: v.routeAssumed,
    };
  };
  // Paths to a target: to a controlled class (by up to k parent chains), then the final hop.
  const chains = (sr: S, c: AssetClass, limit: number): AssetClass[][] => {
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
  const pathsTo = (sr: S, t: AssetClass, limit: number): AttackPath[] => {
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
    if (whole.dist.get(t) === 0) continue; // a target that is itself a foothold
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
  return { targets, unreachable };
}

interface Nearest {
  readonly d: number;
  readonly count: number;
  readonly first: readonly AssetClass[];
}

interface Search {
  readonly dist: Map<AssetClass, number>;
  /** Per block, its sources nearest the footholds (see nearest). */
  readonly near: Map<Block, Nearest>;
  /** When the search found each class. */
  readonly order: Map<AssetClass, number>;
  readonly lasts: Map<AssetClass, LastHops>;
  readonly parents: Map<AssetClass, { from: AssetClass; edge: Edge }[]>;
  readonly count: Map<AssetClass, number>;
  readonly sources: ReadonlySet<AssetClass>;
}

const levelRankAsc = (l: PurdueLevel | null): number => (l === null ? 9 : l === 'internet' ? 7 : l);
