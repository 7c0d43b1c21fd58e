import type { Device, Rule, RuleList } from '../device';
import type { SourceRef } from '../diagnostics';
import {
  type Family,
  type Flow,
  type IpAddress,
  NO_SERVICE,
  type Plane,
  type ServiceSet,
  addressContains,
  formatAddress,
  isIcmp,
  serviceIntersect,
  serviceIsEmpty,
  serviceSubtract,
  serviceUnion,
} from '../net';
import { INTERNET_ZONE, type Network, type Segment, segmentOf } from '../topology/network';
import { parsePrefix } from '../topology/prefix';
import { deviceAddresses } from '../topology/routing';
import { evaluateDevice } from './evaluate';
import { type ServiceAlgebra, plainTransitLists, symbolicTransit, symbolicTransitIn } from './symbolic';
import { ANY, cellPlans, representatives, widen } from './cells';
import {
  type RoutePaths,
  type RouteSuffixes,
  type SiteHop,
  type SitePath,
  routePaths,
  routePathsFrom,
} from './site';

/**
 * The zone-to-zone matrix, computed on equivalence classes: address ranges that no rule,
 * route, segment or zone boundary splits behave identically, so one representative address
 * stands for each, and within a device only the rules that match a (source, destination) pair
 * of classes can split the services. Each service cell is decided by the device's own
 * evaluator, so vendor semantics (first match, jumps, zones, states) are exactly those of
 * `conduit query`. Host pairs are never enumerated.
 */

/** One device crossed by a conduit, with the rule that let the services through. */
export interface ConduitHop {
  readonly device: string;
  readonly in: string;
  readonly out: string | null;
  readonly rule: SourceRef | null;
}

/** Services open between two address classes along one path, with the rules on every device. */
export interface ConduitEvidence {
  readonly services: ServiceSet;
  readonly hops: readonly ConduitHop[];
  /** Example addresses of the two classes. */
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
}

export interface ZoneConduit {
  readonly from: string;
  readonly to: string;
  /** Everything open from some address of `from` to some address of `to`. */
  readonly services: ServiceSet;
  /** Both zones share a segment: traffic between them crosses no firewall. */
  readonly flat: boolean;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  /** A destination NAT rule on the way was not applied here (use `conduit query` on the flow). */
  readonly natIgnored: boolean;
  readonly evidence: readonly ConduitEvidence[];
}

export interface ZoneMatrix {
  readonly zones: readonly string[];
  /** Only pairs with something open, ordered by source then destination zone. */
  readonly conduits: readonly ZoneConduit[];
  /**
   * Work done: address classes; zone pairs recorded for blocks of class pairs (blocks that could
   * change no conduit are not refined to the end, so this is not every pair); service cells
   * evaluated one flow at a time for the per-device answers the matrix used (whatever else
   * computed them first: the figures depend on the site alone).
   */
  readonly stats: { readonly atoms: number; readonly classPairs: number; readonly cellEvaluations: number };
  /** Routing loops and black holes met on the way between segments (at most 200). */
  readonly routing: readonly RoutingProblem[];
}

export interface RoutingProblem {
  readonly kind: 'loop' | 'black-hole';
  /** The source segment (`outside` for traffic entering from the internet). */
  readonly from: string;
  /** An address the packet was heading for, and the zone it is in. */
  readonly to: string;
  readonly toZone: string;
  /** The device where it looped or was dropped for lack of a route. */
  readonly device: string | null;
  readonly route: SourceRef | null;
  readonly reason: string;
}

/** How many evidence entries a conduit keeps (the services are always complete). */
const MAX_EVIDENCE = 32;

type B = bigint;
const END: Readonly<Record<Family, B>> = { 4: 1n << 32n, 6: 1n << 128n };

/** An address class: a range no rule, route, segment or zone boundary splits. */
export interface Atom {
  readonly family: Family;
  readonly lo: B;
  readonly hi: B;
  readonly zone: string;
  readonly segment: Segment | null;
  /** Index among the atoms of its family. */
  readonly index: number;
}

const toAddress = (family: Family, v: B): IpAddress =>
  family === 4 ? { family: 4, value: Number(v) } : { family: 6, value: v };

/** Address space that is not the internet: private, shared, loopback, link-local, multicast, reserved. */
const NON_PUBLIC: Readonly<Record<Family, readonly (readonly [B, number])[]>> = {
  4: [
    [0x00000000n, 8],
    [0x0a000000n, 8],
    [0x64400000n, 10],
    [0x7f000000n, 8],
    [0xa9fe0000n, 16],
    [0xac100000n, 12],
    [0xc0a80000n, 16],
    [0xe0000000n, 3],
  ],
  6: [
    [0n, 96],
    [0xfc00n << 112n, 7],
    [0xfe80n << 112n, 10],
    [0xff00n << 112n, 8],
  ],
};

function isPublic(family: Family, v: B): boolean {
  const bits = family === 4 ? 32 : 128;
  return !NON_PUBLIC[family].some(([base, len]) => v >> BigInt(bits - len) === base >> BigInt(bits - len));
}

/** Boundaries of an interval list (numbers for IPv4, bigints for IPv6) as bigints. */
function addBounds(out: Set<B>, list: readonly (number | bigint)[]): void {
  for (const v of list) out.add(BigInt(v));
}

export function upperBound(bounds: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The path gets a packet to the destination atom (leaving the site reaches only the internet). */
export const reaches = (p: SitePath, dst: Atom): boolean =>
  p.outcome === 'delivered' || (p.outcome === 'left-site' && dst.segment === null);

const sortBig = (a: B, b: B): number => (a < b ? -1 : a > b ? 1 : 0);

function allRules(device: Device): Rule[] {
  const out: Rule[] = [];
  for (const l of device.lists.values()) out.push(...l.rules);
  return out;
}

/** Each list's first rule index and end in allRules's order. */
function listRanges(device: Device): Map<RuleList, readonly [number, number]> {
  const out = new Map<RuleList, readonly [number, number]>();
  let at = 0;
  for (const l of device.lists.values()) {
    out.set(l, [at, at + l.rules.length]);
    at += l.rules.length;
  }
  return out;
}

/**
 * Per device, its own partition of sources and of destinations (by its rules' address sets),
 * and for each class the rules whose source (destination) contains it. Two (source,
 * destination) pairs matched by the same rules get the same verdict on every service.
 */
export class DeviceClasses {
  readonly rules: readonly Rule[];
  private readonly src: Record<Family, B[]>;
  private readonly dst: Record<Family, B[]>;
  /** Per family, by class: the rules matching it (see matching). */
  private readonly srcRules: Record<Family, (Uint32Array | undefined)[]> = { 4: [], 6: [] };
  private readonly dstRules: Record<Family, (Uint32Array | undefined)[]> = { 4: [], 6: [] };

  /** Each list's range of rule indices (the rule sets' bits are in allRules's order). */
  private readonly ranges: Map<RuleList, readonly [number, number]>;

  constructor(readonly device: Device) {
    this.rules = allRules(device);
    this.ranges = listRanges(device);
    this.scratch = new Uint32Array(Math.ceil(this.rules.length / 32));
    const s4 = new Set<B>();
    const s6 = new Set<B>();
    const d4 = new Set<B>();
    const d6 = new Set<B>();
    for (const r of this.rules) {
      addBounds(s4, r.match.src.v4);
      addBounds(s6, r.match.src.v6);
      addBounds(d4, r.match.dst.v4);
      addBounds(d6, r.match.dst.v6);
    }
    this.src = { 4: [...s4].sort(sortBig), 6: [...s6].sort(sortBig) };
    this.dst = { 4: [...d4].sort(sortBig), 6: [...d6].sort(sortBig) };
  }

  /** Per family, each atom's class (by atom index; -1: not looked up yet). */
  private readonly srcOf: Record<Family, Int32Array> = { 4: new Int32Array(0), 6: new Int32Array(0) };
  private readonly dstOf: Record<Family, Int32Array> = { 4: new Int32Array(0), 6: new Int32Array(0) };

  /** How many destination classes the device has in a family (dstClass is below it). */
  dstClasses(family: Family): number {
    return this.dst[family].length + 1;
  }

  srcClass(a: Atom): number {
    return this.lookup(this.srcOf, this.src, a);
  }

  dstClass(a: Atom): number {
    return this.lookup(this.dstOf, this.dst, a);
  }

  private lookup(cache: Record<Family, Int32Array>, bounds: Record<Family, B[]>, a: Atom): number {
    let table = cache[a.family];
    if (a.index >= table.length) {
      const grown = new Int32Array(Math.max(a.index + 1, table.length * 2)).fill(-1);
      grown.set(table);
      cache[a.family] = table = grown;
    }
    let c = table[a.index]!;
    if (c < 0) table[a.index] = c = upperBound(bounds[a.family], a.lo);
    return c;
  }

  /** The rules whose source (or destination) holds the atom's addresses, as a bitset by rule index. */
  private matching(a: Atom, side: 'src' | 'dst'): Uint32Array {
    const cache = (side === 'src' ? this.srcRules : this.dstRules)[a.family];
    const k = side === 'src' ? this.srcClass(a) : this.dstClass(a);
    let hit = cache[k];
    if (!hit) {
      const addr = toAddress(a.family, a.lo);
      hit = new Uint32Array(Math.ceil(this.rules.length / 32));
      for (let i = 0; i < this.rules.length; i++) {
        const m = this.rules[i]!.match;
        if (addressContains(side === 'src' ? m.src : m.dst, addr)) hit[i >> 5]! |= 1 << (i & 31);
      }
      cache[k] = hit;
    }
    return hit;
  }

  /** Per family bit and source class, each destination class's rule set (index into ruleSetList; -1: not yet). */
  private readonly pairRows: [Map<number, Int32Array>, Map<number, Int32Array>] = [new Map(), new Map()];
  private readonly ruleSetList: Relevant[] = [];
  /** Rule sets by a hash of their bitset's words (equal words: one rule set). */
  private readonly ruleSets = new Map<number, Relevant[]>();
  private readonly scratch: Uint32Array;
  /** Memo of hopServices: `in\0out` -> (rule set * 2 + family bit) -> pieces. */
  readonly memo = new Map<string, Map<number, readonly Piece[]>>();

  /** The rules matching both atoms' addresses: their indices, and those as a key. */
  relevant(src: Atom, dst: Atom): Relevant {
    const sc = this.srcClass(src);
    const dc = this.dstClass(dst);
    const rows = this.pairRows[src.family === 6 ? 1 : 0];
    let row = rows.get(sc);
    if (!row) rows.set(sc, (row = new Int32Array(this.dst[dst.family].length + 1).fill(-1)));
    const id = row[dc]!;
    if (id >= 0) return this.ruleSetList[id]!;
    const a = this.matching(src, 'src');
    const b = this.matching(dst, 'dst');
    const words = this.scratch;
    let h = 0x811c9dc5;
    for (let w = 0; w < a.length; w++) {
      words[w] = a[w]! & b[w]!;
      h = Math.imul(h ^ words[w]!, 0x01000193);
    }
    let same = this.ruleSets.get(h);
    if (!same) this.ruleSets.set(h, (same = []));
    // Millions of pairs at scale: plain loops, no closures.
    let r: Relevant | undefined;
    for (let i = 0; i < same.length && r === undefined; i++) {
      const x = same[i]!.words;
      let w = 0;
      while (w < x.length && x[w] === words[w]) w++;
      if (w === x.length) r = same[i];
    }
    if (r === undefined) {
      const rules: Rule[] = [];
      for (let i = 0; i < this.rules.length; i++)
        if (words[i >> 5]! & (1 << (i & 31))) rules.push(this.rules[i]!);
      r = { key: this.ruleSetList.length, rules, words: words.slice(), lists: new Map() };
      same.push(r);
      this.ruleSetList.push(r);
    }
    row[dc] = r.key;
    return r;
  }

  /** The rules of a rule set in one list, in list order (the only rules there that can match its pair). */
  inList(rel: Relevant, list: RuleList): readonly Rule[] {
    let rules = rel.lists.get(list);
    if (!rules) {
      const out: Rule[] = [];
      const range = this.ranges.get(list);
      if (range)
        for (let i = range[0]; i < range[1]; i++)
          if (rel.words[i >> 5]! & (1 << (i & 31))) out.push(this.rules[i]!);
      rel.lists.set(list, (rules = out));
    }
    return rules;
  }
}

/** Atoms in first-seen groups by a numeric key (a device's class), with each group's key. */
export interface Split {
  readonly groups: readonly (readonly Atom[])[];
  readonly keys: Int32Array;
}

/** Splits atoms by a key; atoms that all share it stay the same array (so memos keyed by it are shared). */
function splitAtoms(atoms: readonly Atom[], key: (a: Atom) => number): Split {
  const k0 = key(atoms[0]!);
  let same = true;
  for (let i = 1; i < atoms.length && same; i++) same = key(atoms[i]!) === k0;
  if (same) return { groups: [atoms], keys: Int32Array.of(k0) };
  const groups = new Map<number, Atom[]>();
  for (const a of atoms) {
    const k = key(a);
    const g = groups.get(k);
    if (g) g.push(a);
    else groups.set(k, [a]);
  }
  return { groups: [...groups.values()], keys: Int32Array.from(groups.keys()) };
}

const zoneFirsts = new WeakMap<readonly Atom[], ReadonlyMap<string, Atom>>();
/** The first atom of each zone among the atoms (memoized: groups of atoms are shared objects). */
function firstByZone(atoms: readonly Atom[]): ReadonlyMap<string, Atom> {
  let out = zoneFirsts.get(atoms);
  if (!out) {
    const m = new Map<string, Atom>();
    for (const a of atoms) if (!m.has(a.zone)) m.set(a.zone, a);
    zoneFirsts.set(atoms, (out = m));
  }
  return out;
}

interface Relevant {
  /** Small integer naming the set of rules, unique within the device. */
  readonly key: number;
  readonly rules: readonly Rule[];
  /** The rules as a bitset by rule index. */
  readonly words: Uint32Array;
  /** Memo of DeviceClasses.inList: the set's rules in one list, in order. */
  readonly lists: Map<RuleList, readonly Rule[]>;
}

interface Combo {
  readonly services: ServiceSet;
  readonly rules: readonly (SourceRef | null)[];
  readonly uncertain: boolean;
}
const NO_COMBOS: readonly Combo[] = [];
/** The start of every path: nothing decided yet (the first device's pieces are taken as they are). */
const ROOT: readonly Combo[] = [{ services: NO_SERVICE, rules: [], uncertain: false }];

interface Piece {
  readonly services: ServiceSet;
  readonly rule: SourceRef | null;
  readonly uncertain: boolean;
}

/**
 * One builder per site: the zone matrix, the lateral-movement oracle and the DNS egress oracle
 * of one analysis share its classes and memos instead of computing them three times. A changed
 * site (what-if) is a new Network object, so it never sees another's memos.
 */
const builders = new WeakMap<Network, MatrixBuilder>();
const builderFor = (net: Network): MatrixBuilder => {
  let b = builders.get(net);
  if (!b) builders.set(net, (b = new MatrixBuilder(net)));
  return b;
};
const matrices = new WeakMap<Network, ZoneMatrix>();

/**
 * The site's address classes and per-device answers, for computations that work on the same
 * classes as the matrix (lateral movement's probe relation) and share its memos.
 */
export interface ClassSpace {
  readonly net: Network;
  atomsOf(family: Family): readonly Atom[];
  atomAt(a: IpAddress): Atom | null;
  /**
   * The route class of an address: addresses of one class route alike from any source (the
   * same route on every device, the same segment, none of them a device's own address).
   */
  routeClassOf(family: Family, v: bigint): number;
  deviceClasses(name: string): DeviceClasses;
  /**
   * The ways from a source segment (`segmentOf` of the source, null: outside) toward the
   * destination route class `routeClass` (routeClassOf) holding
   * `dst`, traced once per site and shared (equal hops are one object).
   */
  routesFrom(
    from: Segment | null,
    family: Family,
    routeClass: number,
    src: IpAddress,
    dst: IpAddress,
  ): RoutePaths;
  hopServices(device: string, inIface: string, out: string | null, src: Atom, dst: Atom): readonly HopPiece[];
  /**
   * Destinations with equal keys are reached by the same ways (same shared hops, same
   * outcome for them): one refinement serves them all. Null when no way reaches them.
   */
  waysKey(route: RoutePaths, dst: Atom): string | null;
  /** Several groups of atoms as one array, the same object for the same groups. */
  union(groups: readonly (readonly Atom[])[]): readonly Atom[];
  /**
   * From a source segment's atoms to destinations grouped by route class: those on its own
   * segment, and the others grouped by the ways that reach them (waysKey), one route each, in
   * route-class order. Memoized per grouping of destinations.
   */
  waysFrom(
    srcSeg: Segment | null,
    srcAtoms: readonly Atom[],
    byRoute: ReadonlyMap<number, readonly Atom[]>,
  ): SourceWays;
  /** Every atom as sources (by segment; the internet's too) and as destinations (by route class): shared arrays. */
  groupsOf(family: Family): AtomGroups;
  /** The zone matrix has been built on this space: groupsOf's splits and answers are memoized. */
  matrixBuilt(): boolean;
  /** A group of atoms split by the classes of the hop's device (memoized: the groups are shared objects). */
  splitAt(atoms: readonly Atom[], hop: SiteHop, side: 'src' | 'dst'): Split;
  /** What the hop permits between two groups of a split, found by their keys (their classes on its device). */
  hopAnswer(hop: SiteHop, srcClass: number, dstClass: number, src: Atom, dst: Atom): readonly HopPiece[];
  /**
   * hopAnswer's services in another algebra (lateral movement's probes): walked in it where
   * symbolicTransit applies (the rule set's answer, memoized per algebra), else converted from
   * hopAnswer, as it is when hopAnswer has been computed already (after the zone matrix).
   */
  hopAnswerIn<S>(
    hop: SiteHop,
    srcClass: number,
    dstClass: number,
    src: Atom,
    dst: Atom,
    alg: AnswerAlgebra<S>,
  ): S;
}

/** An algebra hop answers can be given in (see ClassSpace.hopAnswerIn). */
export interface AnswerAlgebra<S> extends ServiceAlgebra<S> {
  /** Everything to decide, or null to always convert hopAnswer (e.g. ICMP, which the walk leaves out). */
  readonly universe: S | null;
  /** The services some piece permits. */
  fromPieces(pieces: readonly HopPiece[]): S;
}

export interface SourceWays {
  readonly flat: readonly (readonly Atom[])[];
  /** Routes with a path that loops or finds no route, with a destination they were traced to. */
  readonly routing: readonly { readonly route: RoutePaths; readonly dst: Atom }[];
  readonly ways: readonly { readonly route: RoutePaths; readonly dst: readonly Atom[] }[];
}

/**
 * Atoms (in atom order) as sources, by segment (those `isSource` takes), and as destinations,
 * by route class (atoms of one class route identically from any source).
 */
export function groupAtoms(
  atoms: readonly Atom[],
  routeClass: (a: Atom) => number,
  isSource: (a: Atom) => boolean = () => true,
): AtomGroups {
  const bySource = new Map<Segment | null, Atom[]>();
  const byRoute = new Map<number, Atom[]>();
  for (const a of atoms) {
    if (isSource(a)) {
      const s = bySource.get(a.segment);
      if (s) s.push(a);
      else bySource.set(a.segment, [a]);
    }
    const k = routeClass(a);
    const r = byRoute.get(k);
    if (r) r.push(a);
    else byRoute.set(k, [a]);
  }
  return { bySource, byRoute };
}

export interface AtomGroups {
  readonly bySource: ReadonlyMap<Segment | null, readonly Atom[]>;
  readonly byRoute: ReadonlyMap<number, readonly Atom[]>;
}

export type HopPiece = Piece;

export function classSpace(net: Network): ClassSpace {
  return builderFor(net);
}

export function zoneMatrix(net: Network): ZoneMatrix {
  let m = matrices.get(net);
  if (!m) matrices.set(net, (m = builderFor(net).build(MAX_EVIDENCE)));
  return m;
}

/**
 * The zone matrix keeping at most `evidence` examples per conduit, on a class space of its own
 * (not shared, not memoized): for tests, where a small cap makes the refinement stop early, and
 * `settle` false makes it refine every block to the end (the reference for the early stop).
 */
export function zoneMatrixKeeping(net: Network, evidence: number, settle = true): ZoneMatrix {
  return new MatrixBuilder(net).build(evidence, settle);
}

/** What is open from one address to another across the site, and by which rules. */
export interface PairServices {
  readonly services: ServiceSet;
  readonly flat: boolean;
  readonly uncertain: boolean;
  readonly routeAssumed: boolean;
  readonly natIgnored: boolean;
}

const NOTHING: PairServices = {
  services: NO_SERVICE,
  flat: false,
  uncertain: false,
  routeAssumed: false,
  natIgnored: false,
};

/**
 * Answers "what can this address open to that one" for many pairs, sharing the matrix's
 * classes and memos: every address of a class gets the same answer, computed once.
 */
export class ReachOracle {
  private readonly builder: MatrixBuilder;
  private readonly memo = new Map<string, PairServices>();

  constructor(net: Network) {
    this.builder = builderFor(net);
  }

  /** The class of an address: equal ids, equal answers (null outside the site and the internet). */
  classOf(a: IpAddress): string | null {
    const atom = this.builder.atomAt(a);
    return atom ? `${atom.family}:${atom.index}` : null;
  }

  between(src: IpAddress, dst: IpAddress): PairServices {
    const sa = this.builder.atomAt(src);
    const da = this.builder.atomAt(dst);
    if (!sa || !da) return NOTHING;
    const k = `${sa.family}:${sa.index}>${da.family}:${da.index}`;
    let hit = this.memo.get(k);
    if (!hit) this.memo.set(k, (hit = this.builder.servicesBetween(sa, da)));
    return hit;
  }
}

class MatrixBuilder implements ClassSpace {
  private readonly atoms: Record<Family, Atom[]> = { 4: [], 6: [] };
  private readonly classes = new Map<string, DeviceClasses>();
  private readonly devices: ReadonlyMap<string, Device>;
  private readonly natDevices: ReadonlySet<string>;
  /** Cells evaluated one flow at a time to compute each per-device answer. */
  private readonly evaluations = new WeakMap<readonly Piece[], number>();
  /** The answers the matrix used, and their cells (stats). */
  private readonly used = new Set<readonly Piece[]>();
  private cellEvaluations = 0;
  private classPairs = 0;

  constructor(readonly net: Network) {
    this.devices = new Map(net.devices.map((d) => [d.name, d]));
    this.natDevices = new Set(
      net.devices
        .filter((d) => d.nat.some((n) => n.translates === 'destination' && n.rewrite))
        .map((d) => d.name),
    );
    this.buildAtoms();
  }

  atomsOf(family: Family): readonly Atom[] {
    return this.atoms[family];
  }

  private readonly routeClassesMemo = new Map<Family, RouteClasses>();
  routeClassOf(family: Family, v: B): number {
    let c = this.routeClassesMemo.get(family);
    if (!c) this.routeClassesMemo.set(family, (c = this.routeClasses(family)));
    return c.ids[upperBound(c.bounds, v)]!;
  }

  deviceClasses(name: string): DeviceClasses {
    let c = this.classes.get(name);
    if (!c) {
      c = new DeviceClasses(this.devices.get(name)!);
      this.classes.set(name, c);
    }
    return c;
  }

  /** Per family, source segment and route class: the ways through the site. */
  private readonly routeMemo: Record<Family, Map<Segment | null, Map<number, RoutePaths>>> = {
    4: new Map(),
    6: new Map(),
  };
  /** Per family and route class: the rests of traces, shared by traces from every source. */
  private readonly suffixMemo: Record<Family, Map<number, RouteSuffixes>> = { 4: new Map(), 6: new Map() };
  /** Equal hops of different traces as one object: `device\0in\0out\0assumed` -> route -> hop. */
  private readonly hopIntern = new Map<string, Map<SourceRef | null, SiteHop>>();

  routesFrom(
    from: Segment | null,
    family: Family,
    routeClass: number,
    src: IpAddress,
    dst: IpAddress,
  ): RoutePaths {
    let bySeg = this.routeMemo[family].get(from);
    if (!bySeg) this.routeMemo[family].set(from, (bySeg = new Map()));
    let r = bySeg.get(routeClass);
    if (!r) {
      let suffixes = this.suffixMemo[family].get(routeClass);
      if (!suffixes) this.suffixMemo[family].set(routeClass, (suffixes = new Map()));
      const traced = routePathsFrom(this.net, from, src, dst, suffixes);
      r = {
        gatewayGuessed: traced.gatewayGuessed,
        paths: traced.paths.map((p) => ({ ...p, hops: p.hops.map((h) => this.internHop(h)) })),
      };
      bySeg.set(routeClass, r);
    }
    return r;
  }

  /** Route-only hops (a pass verdict, no NAT) are equal when device, interfaces and route are. */
  private internHop(h: SiteHop): SiteHop {
    // Traces share the rests of their paths (route suffixes): most hops were met as they are.
    const seen = this.hopCanon.get(h);
    if (seen) return seen;
    const canon = this.internHopByContent(h);
    this.hopCanon.set(h, canon);
    return canon;
  }

  private readonly hopCanon = new WeakMap<SiteHop, SiteHop>();
  private internHopByContent(h: SiteHop): SiteHop {
    const k = `${h.device}\u0000${h.in}\u0000${h.out ?? '\u0000'}\u0000${h.routeAssumed ? 1 : 0}`;
    let byRoute = this.hopIntern.get(k);
    if (!byRoute) this.hopIntern.set(k, (byRoute = new Map()));
    const hit = byRoute.get(h.route);
    if (hit && hit.verdict === h.verdict && hit.nat === h.nat) return hit;
    if (!hit) byRoute.set(h.route, h);
    return h;
  }

  /**
   * Per (shared) hop: its device's classes, the memo of its interface pair, and its answers by
   * pair of device classes (per family), so a refinement step finds them without hashing rules.
   */
  private readonly hopStates = new Map<SiteHop, HopState>();
  private hopState(h: SiteHop): HopState {
    let st = this.hopStates.get(h);
    if (!st) {
      const cls = this.deviceClasses(h.device);
      st = {
        cls,
        memo: this.hopMemoOf(cls, h.in, h.out),
        pairs: [new Map(), new Map()],
        certain: [undefined, undefined],
      };
      this.hopStates.set(h, st);
    }
    return st;
  }

  /** Splits of a group of atoms by one device's classes, memoized: groups are shared objects. */
  private readonly srcSplits = new WeakMap<readonly Atom[], Map<DeviceClasses, Split>>();
  private readonly dstSplits = new WeakMap<readonly Atom[], Map<DeviceClasses, Split>>();
  private splitOn(atoms: readonly Atom[], cls: DeviceClasses, side: 'src' | 'dst'): Split {
    const memo = side === 'src' ? this.srcSplits : this.dstSplits;
    let byDevice = memo.get(atoms);
    if (!byDevice) memo.set(atoms, (byDevice = new Map()));
    let split = byDevice.get(cls);
    if (!split)
      byDevice.set(
        cls,
        (split = splitAtoms(atoms, side === 'src' ? (a) => cls.srcClass(a) : (a) => cls.dstClass(a))),
      );
    return split;
  }

  private buildAtoms(): void {
    for (const family of [4, 6] as const) {
      const bounds = new Set<B>([0n, END[family]]);
      const bits = family === 4 ? 32 : 128;
      for (const d of this.net.devices) {
        for (const r of allRules(d)) {
          addBounds(bounds, family === 4 ? r.match.src.v4 : r.match.src.v6);
          addBounds(bounds, family === 4 ? r.match.dst.v4 : r.match.dst.v6);
        }
        for (const n of d.nat) addBounds(bounds, family === 4 ? n.match.dst.v4 : n.match.dst.v6);
      }
      for (const s of this.net.segments)
        if (s.prefix.family === family) bounds.add(s.prefix.lo).add(s.prefix.hi);
      for (const [base, len] of NON_PUBLIC[family]) bounds.add(base).add(base + (1n << BigInt(bits - len)));
      for (const a of this.net.assets) {
        if (a.ip.family !== family) continue;
        const seg = this.net.segments.find((s) => s.id === a.segment);
        if (seg && seg.zone === a.zone) continue;
        const v = BigInt(a.ip.value);
        bounds.add(v).add(v + 1n);
      }
      const sorted = [...bounds].filter((b) => b >= 0n && b <= END[family]).sort(sortBig);
      // Longest-prefix segment of each atom: paint segments from the shortest prefix up.
      const segOf: (Segment | null)[] = new Array<Segment | null>(sorted.length - 1).fill(null);
      const segs = this.net.segments
        .filter((s) => s.prefix.family === family)
        .sort((a, b) => a.prefix.length - b.prefix.length);
      for (const s of segs) {
        for (
          let i = upperBound(sorted, s.prefix.lo) - 1;
          i < sorted.length - 1 && sorted[i]! < s.prefix.hi;
          i++
        )
          segOf[i] = s;
      }
      const assetZone = new Map<B, string>();
      for (const a of this.net.assets) if (a.ip.family === family) assetZone.set(BigInt(a.ip.value), a.zone);
      const atoms: Atom[] = [];
      for (let i = 0; i + 1 < sorted.length; i++) {
        const lo = sorted[i]!;
        const hi = sorted[i + 1]!;
        const seg = segOf[i]!;
        const zone =
          (hi - lo === 1n ? assetZone.get(lo) : undefined) ??
          seg?.zone ??
          (isPublic(family, lo) ? INTERNET_ZONE : null);
        if (zone === null) continue; // private space outside every segment: not part of the site
        atoms.push({ family, lo, hi, zone, segment: seg, index: atoms.length });
      }
      this.atoms[family] = atoms;
    }
  }

  /** The atom holding an address, or null (private space outside every segment). */
  atomAt(a: IpAddress): Atom | null {
    const atoms = this.atoms[a.family];
    const v = BigInt(a.value);
    let lo = 0;
    let hi = atoms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = atoms[mid]!;
      if (v < m.lo) hi = mid - 1;
      else if (v >= m.hi) lo = mid + 1;
      else return m;
    }
    return null;
  }

  /** Everything open from one atom to another, over every way through the site. */
  servicesBetween(src: Atom, dst: Atom): PairServices {
    if (src.segment !== null && src.segment === dst.segment)
      return { services: ANY, flat: true, uncertain: false, routeAssumed: false, natIgnored: false };
    const from = toAddress(src.family, src.lo);
    // Shared with the matrix: the route depends on the source segment and the route class.
    const route =
      src.family !== dst.family
        ? routePaths(this.net, from, toAddress(dst.family, dst.lo))
        : this.routesFrom(
            segmentOf(this.net, from) ?? null,
            src.family,
            this.routeClassOf(src.family, dst.lo),
            from,
            toAddress(dst.family, dst.lo),
          );
    let services = NO_SERVICE;
    let uncertain = false;
    let routeAssumed = false;
    let natIgnored = false;
    for (const path of route.paths) {
      if (!reaches(path, dst)) continue;
      for (const combo of this.pathServices(path, src, dst)) {
        services = serviceUnion(services, combo.services);
        uncertain ||= combo.uncertain;
        routeAssumed ||= route.gatewayGuessed || path.hops.some((h) => h.routeAssumed);
        natIgnored ||= path.hops.some((h) => this.natDevices.has(h.device));
      }
    }
    return { services, flat: false, uncertain, routeAssumed, natIgnored };
  }

  private readonly routing: RoutingProblem[] = [];
  private readonly routingSeen = new Set<string>();

  /** Notes a path that loops or ends without a route (other outcomes are not routing problems). */
  private noteRouting(srcSeg: Segment | null, dst: Atom, path: SitePath): void {
    if (path.outcome !== 'loop' && path.outcome !== 'no-route') return;
    const last = path.hops[path.hops.length - 1];
    const kind = path.outcome === 'loop' ? 'loop' : 'black-hole';
    const from = srcSeg?.id ?? 'outside';
    const key = `${kind}|${from}|${last?.device ?? ''}|${dst.zone}`;
    if (this.routingSeen.has(key) || this.routing.length >= 200) return;
    this.routingSeen.add(key);
    this.routing.push({
      kind,
      from,
      to: formatAddress(toAddress(dst.family, dst.lo)),
      toZone: dst.zone,
      device: last?.device ?? null,
      route: last?.route ?? null,
      reason: path.reason,
    });
  }

  private readonly groupsMemo = new Map<Family, AtomGroups>();
  groupsOf(family: Family): AtomGroups {
    let g = this.groupsMemo.get(family);
    if (!g) {
      // Sources: each segment's atoms, and the internet's.
      const sources = (a: Atom): boolean => a.segment !== null || a.zone === INTERNET_ZONE;
      const routeClass = (a: Atom): number => this.routeClassOf(family, a.lo);
      this.groupsMemo.set(family, (g = groupAtoms(this.atoms[family], routeClass, sources)));
    }
    return g;
  }

  splitAt(atoms: readonly Atom[], hop: SiteHop, side: 'src' | 'dst'): Split {
    return this.splitOn(atoms, this.hopState(hop).cls, side);
  }

  hopAnswer(hop: SiteHop, sc: number, dc: number, src: Atom, dst: Atom): readonly Piece[] {
    return this.answerOn(this.hopState(hop), hop, sc, dc, src, dst);
  }

  private answerOn(
    st: HopState,
    hop: SiteHop,
    sc: number,
    dc: number,
    src: Atom,
    dst: Atom,
  ): readonly Piece[] {
    const { cls, memo, pairs } = st;
    const byPair = pairs[src.family === 6 ? 1 : 0];
    const k = sc * cls.dstClasses(src.family) + dc;
    let pieces = byPair.get(k);
    if (!pieces) byPair.set(k, (pieces = this.hopServicesOn(cls, memo, hop.in, hop.out, src, dst)));
    return pieces;
  }

  /** Per algebra and interface pair memo (HopState.memo): answers by rule set and family. */
  private readonly algebraMemos = new WeakMap<
    AnswerAlgebra<unknown>,
    WeakMap<Map<number, readonly Piece[]>, Map<number, unknown>>
  >();

  hopAnswerIn<S>(hop: SiteHop, sc: number, dc: number, src: Atom, dst: Atom, alg: AnswerAlgebra<S>): S {
    const st = this.hopState(hop);
    const { cls } = st;
    const full = st.pairs[src.family === 6 ? 1 : 0].get(sc * cls.dstClasses(src.family) + dc);
    if (full) return alg.fromPieces(full);
    if (alg.universe === null || hop.out === null)
      return alg.fromPieces(this.answerOn(st, hop, sc, dc, src, dst));
    let byMemo = this.algebraMemos.get(alg as AnswerAlgebra<unknown>);
    if (!byMemo) this.algebraMemos.set(alg as AnswerAlgebra<unknown>, (byMemo = new WeakMap()));
    let memo = byMemo.get(st.memo) as Map<number, S> | undefined;
    if (!memo) byMemo.set(st.memo, (memo = new Map<number, S>()));
    const rel = cls.relevant(src, dst);
    const key = rel.key * 2 + (src.family === 6 ? 1 : 0);
    let answer = memo.get(key);
    if (answer !== undefined) return answer;
    const pieces = st.memo.get(key);
    if (pieces) answer = alg.fromPieces(pieces);
    else {
      const walked = symbolicTransitIn(alg, cls.device, {
        src: toAddress(src.family, src.lo),
        dst: toAddress(dst.family, dst.lo),
        inInterface: hop.in,
        outInterface: hop.out,
        universe: alg.universe,
        rulesOf: (list) => cls.inList(rel, list),
      });
      answer = walked
        ? walked.reduce((acc, p) => alg.union(acc, p.services), alg.empty)
        : alg.fromPieces(this.answerOn(st, hop, sc, dc, src, dst));
    }
    memo.set(key, answer);
    return answer;
  }

  private built = false;
  matrixBuilt(): boolean {
    return this.built;
  }

  /** How many evidence entries a conduit keeps (set by build). */
  private maxEvidence = MAX_EVIDENCE;

  /** Stop refining blocks that can change no conduit (see settled); off only for tests. */
  private settle = true;

  build(maxEvidence: number, settle = true): ZoneMatrix {
    this.built = true;
    this.maxEvidence = maxEvidence;
    this.settle = settle;
    const acc: Conduits = new Map();
    for (const family of [4, 6] as const) {
      if (this.atoms[family].length === 0) continue;
      const { bySource, byRoute } = this.groupsOf(family);
      for (const [srcSeg, srcAtoms] of bySource) {
        const plan = this.waysFrom(srcSeg, srcAtoms, byRoute);
        for (const { route, dst } of plan.routing)
          for (const path of route.paths) this.noteRouting(srcSeg, dst, path);
        for (const dst of plan.flat) this.flat(srcAtoms, dst, acc);
        for (const w of plan.ways) this.refine(w.route, srcAtoms, w.dst, acc);
      }
    }
    const conduits = [...acc.values()]
      .flatMap((byTo) => [...byTo.values()])
      .filter((c) => !serviceIsEmpty(c.services))
      .map(({ merged: _merged, ...c }) => c)
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return {
      zones: this.net.zones.map((z) => z.name),
      conduits,
      routing: this.routing,
      stats: {
        atoms: this.atoms[4].length + this.atoms[6].length,
        classPairs: this.classPairs,
        cellEvaluations: this.cellEvaluations,
      },
    };
  }

  /**
   * Boundaries where some device's routing or the segment layout can change, and around each
   * device address (delivered to the device, not routed on). Only an address sets those apart:
   * the ranges on either side of it, with no other boundary between them, are one class.
   */
  private routeClasses(family: Family): RouteClasses {
    const strong = new Set<B>();
    for (const s of this.net.segments)
      if (s.prefix.family === family) strong.add(s.prefix.lo).add(s.prefix.hi);
    const hosts = new Set<B>();
    for (const d of this.net.devices) {
      for (const r of d.routes) {
        const p = parsePrefix(r.prefix === 'default' ? (family === 4 ? '0.0.0.0/0' : '::/0') : r.prefix);
        if (p !== null && p.family === family) strong.add(p.lo).add(p.hi);
      }
      for (const a of deviceAddresses(d)) if (a.family === family) hosts.add(BigInt(a.value));
    }
    for (const [base, len] of NON_PUBLIC[family])
      strong.add(base).add(base + (1n << BigInt((family === 4 ? 32 : 128) - len)));
    const all = new Set(strong);
    for (const v of hosts) all.add(v).add(v + 1n);
    const bounds = [...all].sort(sortBig);
    // Range k is [bounds[k-1], bounds[k]) (upperBound's index). A range that is not a device
    // address joins the last such range when only device addresses' bounds lie between them.
    const ids = new Int32Array(bounds.length + 1);
    let open = -1;
    for (let k = 0; k <= bounds.length; k++) {
      ids[k] = k;
      const lo = k > 0 ? bounds[k - 1]! : null;
      if (lo !== null && strong.has(lo)) open = -1;
      if (lo !== null && k < bounds.length && hosts.has(lo) && bounds[k] === lo + 1n) continue;
      if (open >= 0) ids[k] = ids[open]!;
      open = k;
    }
    return { bounds, ids };
  }

  private readonly plans = new WeakMap<
    ReadonlyMap<number, readonly Atom[]>,
    Map<Segment | null, SourceWays>
  >();
  waysFrom(
    srcSeg: Segment | null,
    srcAtoms: readonly Atom[],
    byRoute: ReadonlyMap<number, readonly Atom[]>,
  ): SourceWays {
    let bySeg = this.plans.get(byRoute);
    if (!bySeg) this.plans.set(byRoute, (bySeg = new Map()));
    let plan = bySeg.get(srcSeg);
    if (plan) return plan;
    // The segment routing starts from (segmentOf of the representative), found once.
    const family = srcAtoms[0]!.family;
    const srcRep = toAddress(family, srcAtoms[0]!.lo);
    const from = segmentOf(this.net, srcRep) ?? null;
    const flat: (readonly Atom[])[] = [];
    const routing: { route: RoutePaths; dst: Atom }[] = [];
    const ways = new Map<string, { route: RoutePaths; atoms: (readonly Atom[])[] }>();
    for (const [k, dstAtoms] of byRoute) {
      const d0 = dstAtoms[0]!;
      if (srcSeg !== null && d0.segment === srcSeg) {
        flat.push(dstAtoms);
        continue;
      }
      const route = this.routesFrom(from, family, k, srcRep, toAddress(family, d0.lo));
      if (route.paths.some((p) => p.outcome === 'loop' || p.outcome === 'no-route'))
        routing.push({ route, dst: d0 });
      const key = this.waysKey(route, d0);
      if (key === null) continue;
      const w = ways.get(key);
      if (w) w.atoms.push(dstAtoms);
      else ways.set(key, { route, atoms: [dstAtoms] });
    }
    plan = {
      flat,
      routing,
      ways: [...ways.values()].map((w) => ({ route: w.route, dst: this.union(w.atoms) })),
    };
    bySeg.set(srcSeg, plan);
    return plan;
  }

  /** The destinations are on the source's own segment: every zone pair there is open, crossing no firewall. */
  private flat(srcAtoms: readonly Atom[], dstAtoms: readonly Atom[], acc: Conduits): void {
    for (const z1 of new Set(srcAtoms.map((a) => a.zone)))
      for (const z2 of new Set(dstAtoms.map((a) => a.zone))) {
        if (z1 === z2) continue;
        const c = conduitOf(acc, z1, z2);
        c.flat = true;
        c.services = ANY;
      }
  }

  private readonly hopIds = new Map<SiteHop, number>();
  /** Per route, its ways key for destinations in a segment and outside every segment. */
  private readonly waysKeys = new WeakMap<RoutePaths, (string | null | undefined)[]>();
  /**
   * What makes destinations alike to the refinement: the ways that reach them (hops, shared
   * objects) and whether they are outside every segment (where leaving the site reaches them).
   * Null when no way reaches them.
   */
  waysKey(route: RoutePaths, d0: Atom): string | null {
    const outside = d0.segment === null ? 1 : 0;
    let keys = this.waysKeys.get(route);
    if (!keys) this.waysKeys.set(route, (keys = [undefined, undefined]));
    let key = keys[outside];
    if (key !== undefined) return key;
    key = `${route.gatewayGuessed ? 1 : 0}${outside}`;
    let any = false;
    for (const path of route.paths) {
      if (!reaches(path, d0)) continue;
      any = true;
      key += '|';
      for (const h of path.hops) key += `${this.hopId(h)},`;
    }
    return (keys[outside] = any ? key : null);
  }

  private hopId(h: SiteHop): number {
    let id = this.hopIds.get(h);
    if (id === undefined) this.hopIds.set(h, (id = this.hopIds.size));
    return id;
  }

  /** Groups of atoms as one group, the same object for the same groups (so splits of it are shared). */
  private readonly unions = new Map<string, readonly Atom[]>();
  private readonly groupIds = new WeakMap<readonly Atom[], number>();
  private groupCount = 0;
  union(groups: readonly (readonly Atom[])[]): readonly Atom[] {
    if (groups.length === 1) return groups[0]!;
    let k = '';
    for (const g of groups) {
      let id = this.groupIds.get(g);
      if (id === undefined) this.groupIds.set(g, (id = this.groupCount++));
      k += `${id},`;
    }
    let u = this.unions.get(k);
    if (!u) this.unions.set(k, (u = groups.flat()));
    return u;
  }

  /** Refines the pairs of source and destination atoms over every way the route has to them. */
  private refine(
    route: RoutePaths,
    srcAtoms: readonly Atom[],
    dstAtoms: readonly Atom[],
    acc: Conduits,
  ): void {
    const dst0 = dstAtoms[0]!;
    for (const path of route.paths) {
      if (!reaches(path, dst0)) continue;
      const hops = path.hops;
      const hopAt = hops.map((h) => this.hopState(h));
      const natIgnored = hops.some((h) => this.natDevices.has(h.device));
      const routeAssumed = route.gatewayGuessed || hops.some((h) => h.routeAssumed);
      // certainFrom[h]: no hop from h on can answer with an uncertain piece.
      const certainFrom = hopAt.map((st, h) => this.certainOn(st, hops[h]!, dst0.family));
      certainFrom.push(true);
      for (let h = hops.length - 1; h >= 0; h--) certainFrom[h] &&= certainFrom[h + 1]!;
      // Refine hop by hop: split the atoms by the classes of this hop's device only, and go on
      // to the next hop only with the class pairs this one lets something through, and that
      // could still add something to a conduit.
      const step = (
        h: number,
        src: readonly Atom[],
        dst: readonly Atom[],
        combos: readonly Combo[],
      ): void => {
        if (h === hops.length) {
          this.record(acc, hops, routeAssumed, natIgnored, src, dst, combos);
          return;
        }
        if (
          this.settle &&
          this.settled(acc, src, dst, h === 0 ? null : combos, certainFrom[h]!, routeAssumed, natIgnored)
        )
          return;
        const hop = hops[h]!;
        const st = hopAt[h]!;
        const ds = this.splitOn(dst, st.cls, 'dst');
        const ss = this.splitOn(src, st.cls, 'src');
        for (let x = 0; x < ss.groups.length; x++) {
          const sg = ss.groups[x]!;
          for (let y = 0; y < ds.groups.length; y++) {
            const dg = ds.groups[y]!;
            const pieces = this.answerOn(st, hop, ss.keys[x]!, ds.keys[y]!, sg[0]!, dg[0]!);
            if (!this.used.has(pieces)) {
              this.used.add(pieces);
              this.cellEvaluations += this.evaluations.get(pieces) ?? 0;
            }
            if (pieces.length === 0) continue;
            const next = this.extend(combos, pieces);
            if (next.length > 0) step(h + 1, sg, dg, next);
          }
        }
      };
      step(0, srcAtoms, dstAtoms, ROOT);
    }
  }

  /**
   * Whether refining the atoms further can change no conduit: every zone pair they hold (none,
   * when all are in one zone) has its full evidence, the flags of this path, and services that
   * hold every combination (narrowing by more hops only takes services away), which are certain
   * or will be marked anyway; and no hop left can answer with an uncertain piece unless the
   * conduit is uncertain already. `combos` null: nothing decided yet (only the zones can settle).
   */
  private settled(
    acc: Conduits,
    src: readonly Atom[],
    dst: readonly Atom[],
    combos: readonly Combo[] | null,
    certainRest: boolean,
    routeAssumed: boolean,
    natIgnored: boolean,
  ): boolean {
    for (const zs of firstByZone(src).keys())
      for (const zd of firstByZone(dst).keys()) {
        if (zs === zd) continue;
        const c = combos && acc.get(zs)?.get(zd);
        if (!c || c.evidence.length < this.maxEvidence) return false;
        if ((routeAssumed && !c.routeAssumed) || (natIgnored && !c.natIgnored)) return false;
        if (!certainRest && !c.uncertain) return false;
        if (!this.covers(c, combos)) return false;
      }
    return true;
  }

  /** Per combinations: the conduits known to hold them (true), or the services they were found not to. */
  private readonly covered = new WeakMap<readonly Combo[], Map<MutableConduit, ServiceSet | true>>();
  private covers(c: MutableConduit, combos: readonly Combo[]): boolean {
    let byConduit = this.covered.get(combos);
    if (!byConduit) this.covered.set(combos, (byConduit = new Map()));
    const seen = byConduit.get(c);
    // Services and the uncertain flag only grow: held once, held for good.
    if (seen === true) return true;
    if (seen === c.services) return false;
    const held = combos.every(
      (x) => (c.uncertain || !x.uncertain) && serviceIsEmpty(serviceSubtract(x.services, c.services)),
    );
    byConduit.set(c, held ? true : c.services);
    return held;
  }

  /** The hop's device notes no uncertainty on any flow of the family through it (see plainTransitLists). */
  private certainOn(st: HopState, hop: SiteHop, family: Family): boolean {
    const f = family === 6 ? 1 : 0;
    let certain = st.certain[f];
    if (certain === undefined)
      st.certain[f] = certain =
        hop.out !== null && plainTransitLists(st.cls.device, family, hop.in, hop.out) !== null;
    return certain;
  }

  /** Every zone pair the two sets of atoms hold gets the combinations (with evidence up to MAX_EVIDENCE). */
  private record(
    acc: Conduits,
    hops: readonly SiteHop[],
    routeAssumed: boolean,
    natIgnored: boolean,
    src: readonly Atom[],
    dst: readonly Atom[],
    combos: readonly Combo[],
  ): void {
    const family = src[0]!.family;
    const srcByZone = firstByZone(src);
    const dstByZone = firstByZone(dst);
    for (const [zs, sa] of srcByZone)
      for (const [zd, da] of dstByZone) {
        if (zs === zd) continue;
        this.classPairs++;
        const c = conduitOf(acc, zs, zd);
        // The path's flags hold even when its combinations were all met before, on other paths
        // (as ReachOracle.between states them for each pair).
        if (combos.length > 0) {
          c.routeAssumed ||= routeAssumed;
          c.natIgnored ||= natIgnored;
        }
        for (const combo of combos) {
          if (c.merged.has(combo)) continue;
          c.merged.add(combo);
          // A new services object only when they grow (settled's memo is by the object).
          if (!serviceIsEmpty(serviceSubtract(combo.services, c.services)))
            c.services = serviceUnion(c.services, combo.services);
          c.uncertain ||= combo.uncertain;
          if (c.evidence.length < this.maxEvidence)
            c.evidence.push({
              services: combo.services,
              hops: hops.map((h, i) => ({ device: h.device, in: h.in, out: h.out, rule: combo.rules[i]! })),
              src: toAddress(family, sa.lo),
              dst: toAddress(family, da.lo),
              uncertain: combo.uncertain,
              routeAssumed,
            });
        }
      }
  }

  private readonly extendMemo = new WeakMap<readonly Combo[], WeakMap<readonly Piece[], readonly Combo[]>>();

  /** The combinations so far, narrowed by what one more device permits (memoized: both sides are). */
  private extend(combos: readonly Combo[], pieces: readonly Piece[]): readonly Combo[] {
    let byPieces = this.extendMemo.get(combos);
    if (!byPieces) this.extendMemo.set(combos, (byPieces = new WeakMap()));
    const hit = byPieces.get(pieces);
    if (hit) return hit;
    const next: Combo[] = [];
    for (const c of combos)
      for (const p of pieces) {
        const s = c.rules.length === 0 ? p.services : serviceIntersect(c.services, p.services);
        if (!serviceIsEmpty(s))
          next.push({ services: s, rules: [...c.rules, p.rule], uncertain: c.uncertain || p.uncertain });
      }
    byPieces.set(pieces, next);
    return next;
  }

  /** The services every hop of the path permits between the two classes, per combination of deciding rules. */
  private pathServices(path: SitePath, src: Atom, dst: Atom): readonly Combo[] {
    if (path.hops.length === 0) return [{ services: ANY, rules: [], uncertain: false }];
    let combos: readonly Combo[] = ROOT;
    for (const h of path.hops) {
      combos = this.extend(combos, this.hopServices(h.device, h.in, h.out, src, dst));
      if (combos.length === 0) return NO_COMBOS;
    }
    return combos;
  }

  /** What one device permits between two classes on one interface pair: pieces by deciding rule. */
  hopServices(
    deviceName: string,
    inIface: string,
    out: string | null,
    src: Atom,
    dst: Atom,
  ): readonly Piece[] {
    const cls = this.deviceClasses(deviceName);
    return this.hopServicesOn(cls, this.hopMemoOf(cls, inIface, out), inIface, out, src, dst);
  }

  /** Equal service sets of the kept answers as one object, by content (runs of protocols with equal planes). */
  private readonly services = new Map<string, ServiceSet>();
  private shared(set: ServiceSet): ServiceSet {
    const planeKeys = new Map<Plane, string>();
    let key = '';
    let run = -1;
    let last = -2;
    let lastKey = '';
    for (const proto of [...set.keys()].sort((a, b) => a - b)) {
      const plane = set.get(proto)!;
      let pk = planeKeys.get(plane);
      if (pk === undefined) {
        pk = '';
        for (const s of plane) pk += `${s.x0},${s.x1}:${s.y.join(',')};`;
        planeKeys.set(plane, pk);
      }
      if (proto === last + 1 && pk === lastKey) {
        last = proto;
        continue;
      }
      if (run >= 0) key += `${run}-${last}=${lastKey}|`;
      run = last = proto;
      lastKey = pk;
    }
    if (run >= 0) key += `${run}-${last}=${lastKey}|`;
    const hit = this.services.get(key);
    if (hit) return hit;
    this.services.set(key, set);
    return set;
  }

  /** The memo of one device's answers on one interface pair (by rule set and family). */
  private hopMemoOf(cls: DeviceClasses, inIface: string, out: string | null): Map<number, readonly Piece[]> {
    const ifaces = `${inIface}\u0000${out ?? ''}`;
    let byRules = cls.memo.get(ifaces);
    if (!byRules) cls.memo.set(ifaces, (byRules = new Map()));
    return byRules;
  }

  private hopServicesOn(
    cls: DeviceClasses,
    byRules: Map<number, readonly Piece[]>,
    inIface: string,
    out: string | null,
    src: Atom,
    dst: Atom,
  ): readonly Piece[] {
    const rel = cls.relevant(src, dst);
    const key = rel.key * 2 + (src.family === 6 ? 1 : 0);
    const hit = byRules.get(key);
    if (hit) return hit;
    const device = cls.device;
    const srcAddr = toAddress(src.family, src.lo);
    const dstAddr = toAddress(dst.family, dst.lo);
    // Not kept: the cells' service sets are large, and a rule set rarely recurs on another
    // interface pair (the answers are kept, with equal service sets shared).
    const plans = cellPlans(rel.rules);
    let evaluations = 0;
    const pieces = new Map<SourceRef | null, { services: ServiceSet; uncertain: boolean }>();
    // Transit through plain rule lists: one walk over service sets decides every non-ICMP
    // service at once; ICMP (whose connection state depends on the type) goes cell by cell.
    // The walk runs on one representative protocol per class (small sets), then each result is
    // widened to every protocol of the class.
    const symbolic =
      out === null
        ? null
        : symbolicTransit(device, {
            src: srcAddr,
            dst: dstAddr,
            inInterface: inIface,
            outInterface: out,
            universe: representatives(plans),
            rulesOf: (list) => cls.inList(rel, list),
          });
    if (symbolic)
      for (const p of symbolic) pieces.set(p.rule, { services: widen(p.services, plans), uncertain: false });
    for (const plan of plans) {
      if (symbolic && !isIcmp(plan.rep)) continue;
      const { xb, yb } = plan;
      for (let i = 0; i + 1 < xb.length; i++) {
        for (let j = 0; j + 1 < yb.length; j++) {
          const flow: Flow = { proto: plan.rep, src: srcAddr, dst: dstAddr, sport: xb[i]!, dport: yb[j]! };
          evaluations++;
          const v = evaluateDevice(device, {
            flow,
            attachment: out === null ? 'to-device' : 'transit',
            inInterface: inIface,
            ...(out !== null ? { outInterface: out } : {}),
          });
          if (v.action !== 'permit') continue;
          const cell = plan.cell(i, j);
          const prev = pieces.get(v.rule);
          pieces.set(v.rule, {
            services: prev ? serviceUnion(prev.services, cell) : cell,
            uncertain: (prev?.uncertain ?? false) || v.uncertain.length > 0,
          });
        }
      }
    }
    const result = [...pieces.entries()].map(([rule, p]) => ({
      rule,
      services: this.shared(p.services),
      uncertain: p.uncertain,
    }));
    byRules.set(key, result);
    this.evaluations.set(result, evaluations);
    return result;
  }
}

/** Route classes: boundaries, and by upperBound's index each range's class (ranges may share one). */
interface RouteClasses {
  readonly bounds: readonly B[];
  readonly ids: Int32Array;
}

interface HopState {
  readonly cls: DeviceClasses;
  readonly memo: Map<number, readonly Piece[]>;
  /** Per family (4, 6): answers by source class * dstClasses + destination class. */
  readonly pairs: readonly [Map<number, readonly Piece[]>, Map<number, readonly Piece[]>];
  /** Per family (4, 6): see certainOn (undefined: not asked yet). */
  readonly certain: [boolean | undefined, boolean | undefined];
}

interface MutableConduit {
  from: string;
  to: string;
  services: ServiceSet;
  flat: boolean;
  uncertain: boolean;
  routeAssumed: boolean;
  natIgnored: boolean;
  evidence: ConduitEvidence[];
  /** Path results already merged (they are memoized, so identity says "same"). */
  merged: Set<Combo>;
}

/** The conduits found so far, by source zone then destination zone. */
type Conduits = Map<string, Map<string, MutableConduit>>;

function conduitOf(acc: Conduits, from: string, to: string): MutableConduit {
  let byTo = acc.get(from);
  if (!byTo) acc.set(from, (byTo = new Map()));
  let c = byTo.get(to);
  if (!c) {
    c = {
      from,
      to,
      services: NO_SERVICE,
      flat: false,
      uncertain: false,
      routeAssumed: false,
      natIgnored: false,
      evidence: [],
      merged: new Set(),
    };
    byTo.set(to, c);
  }
  return c;
}
