import { type Family, type ServiceSet, isIcmp, serviceContains } from '../net';
import { type AnswerAlgebra, type Atom, type ClassSpace, type HopPiece, groupAtoms, reaches } from './matrix';
import type { SiteHop } from './site';

/**
 * Which of a few probe services (first packets: protocol, source port, destination port) are
 * open between every pair of address classes, computed on blocks: for each source segment and
 * each destination route class (one way through the site for all of them), the classes are
 * split hop by hop only by the classes of the device on that hop, and pairs a hop closes are
 * dropped there. After the first hop, the blocks of every source segment that go on alike
 * (same hops, destinations and probes) go on as one. The answer for a pair is exactly the probes that ReachOracle.between's
 * services hold (same hops, same per-device answers), without enumerating pairs. The space
 * splits and answers (its memos are the zone matrix's); blocks keep the atoms asked for.
 */

export interface Probe {
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

/** Sets of probes as small integers: equal sets, equal ids; 0 is the empty set, 1 every probe. */
export class ProbeMasks {
  readonly words: number;
  private readonly masks: Uint32Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly andMemo = new Map<number, number>();
  private readonly orMemo = new Map<number, number>();
  private readonly andNotMemo = new Map<number, number>();

  constructor(readonly size: number) {
    this.words = Math.max(1, Math.ceil(size / 32));
    this.intern(new Uint32Array(this.words));
    const full = new Uint32Array(this.words);
    for (let i = 0; i < size; i++) full[i >> 5]! |= 1 << (i & 31);
    this.intern(full);
  }

  intern(m: Uint32Array): number {
    const k = m.join(',');
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.masks.length;
      this.ids.set(k, id);
      this.masks.push(m);
    }
    return id;
  }

  has(id: number, bit: number): boolean {
    return (this.masks[id]![bit >> 5]! & (1 << (bit & 31))) !== 0;
  }

  and(a: number, b: number): number {
    if (a === 0 || b === 0) return 0;
    if (a === 1 || a === b) return b;
    if (b === 1) return a;
    return this.combine(a, b, this.andMemo, (x, y) => x & y);
  }

  /** The probes of a that are not in b. */
  andNot(a: number, b: number): number {
    if (a === 0 || b === 0) return a;
    if (a === b || b === 1) return 0;
    return this.combine(a, b, this.andNotMemo, (x, y) => x & ~y, true);
  }

  or(a: number, b: number): number {
    if (a === 1 || b === 1) return 1;
    if (a === 0 || a === b) return b;
    if (b === 0) return a;
    return this.combine(a, b, this.orMemo, (x, y) => x | y);
  }

  private combine(
    a: number,
    b: number,
    memo: Map<number, number>,
    op: (x: number, y: number) => number,
    ordered = false,
  ): number {
    // Small integer keys while ids fit (hashing a key past 2^31 costs a heap number).
    const k = a < b || ordered ? pairKey(a, b) : pairKey(b, a);
    let id = memo.get(k);
    if (id === undefined) {
      const x = this.masks[a]!;
      const y = this.masks[b]!;
      const m = new Uint32Array(this.words);
      for (let i = 0; i < this.words; i++) m[i] = op(x[i]!, y[i]!);
      memo.set(k, (id = this.intern(m)));
    }
    return id;
  }
}

const pairKey = (a: number, b: number): number => (b < 32_768 ? a * 32_768 + b : -(a * 4_194_304 + b) - 1);

/**
 * Sets of the probes as ProbeMasks ids, an algebra the class space answers hops in: a rule's
 * services are the probes it holds. ICMP probes (which the set walk leaves to the evaluator)
 * make every answer a conversion of the full one.
 */
function probesAlgebra(masks: ProbeMasks, probes: readonly Probe[]): AnswerAlgebra<number> {
  const maskWhere = (holds: (p: Probe) => boolean): number => {
    const m = new Uint32Array(masks.words);
    probes.forEach((p, i) => {
      if (holds(p)) m[i >> 5]! |= 1 << (i & 31);
    });
    return masks.intern(m);
  };
  const ofServices = new WeakMap<ServiceSet, number>();
  const ofPieces = new WeakMap<readonly HopPiece[], number>();
  const of = (s: ServiceSet): number => {
    let id = ofServices.get(s);
    if (id === undefined)
      ofServices.set(s, (id = maskWhere((p) => serviceContains(s, p.proto, p.sport, p.dport))));
    return id;
  };
  return {
    empty: 0,
    universe: probes.some((p) => isIcmp(p.proto)) ? null : 1,
    isEmpty: (a) => a === 0,
    intersect: (a, b) => masks.and(a, b),
    subtract: (a, b) => masks.andNot(a, b),
    union: (a, b) => masks.or(a, b),
    of: (rule) => of(rule.match.service),
    fromPieces: (pieces) => {
      let id = ofPieces.get(pieces);
      if (id === undefined)
        ofPieces.set(pieces, (id = pieces.reduce((acc, p) => masks.or(acc, of(p.services)), 0)));
      return id;
    },
  };
}

/** Every source atom of the block to every destination atom: the same probes open. */
export interface Block {
  readonly src: readonly Atom[];
  readonly dst: readonly Atom[];
  readonly open: number;
}

export interface ProbeRelation {
  readonly masks: ProbeMasks;
  readonly blocks: readonly Block[];
  /** The blocks a source (destination) atom is in; every ordered pair of atoms is in at most one. */
  readonly bySrc: ReadonlyMap<Atom, readonly Block[]>;
  readonly byDst: ReadonlyMap<Atom, readonly Block[]>;
}

/**
 * The probe relation between the given atoms (as sources and as destinations). `probes` are
 * numbered in order: bit i of a block's mask is probes[i].
 */
export function probeRelation(
  space: ClassSpace,
  probes: readonly Probe[],
  atoms: Iterable<Atom>,
  /** Called once per source segment and group of destinations reached alike (may throw to stop). */
  check: () => void = () => {},
): ProbeRelation {
  const masks = new ProbeMasks(probes.length);
  const blocks: Block[] = [];
  const probeAlgebra = probesAlgebra(masks, probes);
  // Per hop and family: the probes it opens by pair of device classes (a split's keys), as a
  // small integer key; the space splits the groups and answers the hops (memos it shares with
  // the zone matrix, so after the matrix this walk mostly looks things up).
  const hopMasks: Record<Family, Map<SiteHop, { memo: Map<number, number>; width: number }>> = {
    4: new Map(),
    6: new Map(),
  };
  const masksOn = (hop: SiteHop, family: Family): { memo: Map<number, number>; width: number } => {
    let h = hopMasks[family].get(hop);
    if (!h) {
      h = { memo: new Map(), width: space.deviceClasses(hop.device).dstClasses(family) };
      hopMasks[family].set(hop, h);
    }
    return h;
  };

  /** Each pair of the hop's class groups of s and d, with what of `acc` the hop leaves open between them. */
  const pairs = (
    hop: SiteHop,
    s: readonly Atom[],
    d: readonly Atom[],
    acc: number,
    visit: (sg: readonly Atom[], dg: readonly Atom[], open: number) => void,
  ): void => {
    const ds = space.splitAt(d, hop, 'dst');
    const ss = space.splitAt(s, hop, 'src');
    const { memo, width } = masksOn(hop, s[0]!.family);
    for (let x = 0; x < ss.groups.length; x++) {
      const sg = ss.groups[x]!;
      if (keep(sg).length === 0) continue;
      const sc = ss.keys[x]!;
      for (let y = 0; y < ds.groups.length; y++) {
        const dg = ds.groups[y]!;
        if (keep(dg).length === 0) continue;
        const dc = ds.keys[y]!;
        let open = memo.get(sc * width + dc);
        if (open === undefined)
          memo.set(sc * width + dc, (open = space.hopAnswerIn(hop, sc, dc, sg[0]!, dg[0]!, probeAlgebra)));
        visit(sg, dg, masks.and(acc, open));
      }
    }
  };
  // After the matrix the space's groups hold every atom: blocks keep only the atoms asked for.
  // Before it the groups are made of those alone.
  const wanted = new Set(atoms);
  const everyAtom = space.matrixBuilt();
  const kept = new WeakMap<readonly Atom[], readonly Atom[]>();
  const keep = (g: readonly Atom[]): readonly Atom[] => {
    if (!everyAtom) return g;
    let k = kept.get(g);
    if (!k) {
      const f = g.filter((a) => wanted.has(a));
      kept.set(g, (k = f.length === g.length ? g : f));
    }
    return k;
  };
  const groupIds = new WeakMap<readonly Atom[], number>();
  let groups = 0;
  const groupId = (g: readonly Atom[]): number => {
    let id = groupIds.get(g);
    if (id === undefined) groupIds.set(g, (id = groups++));
    return id;
  };

  /** Walks the hops from the i-th on: the probes each opens, dropping pairs where none is left. */
  const walk = (
    steps: readonly SiteHop[],
    i: number,
    s: readonly Atom[],
    d: readonly Atom[],
    acc: number,
    emit: Emit,
  ): void => {
    if (i === steps.length) {
      emit(s, d, acc);
      return;
    }
    pairs(steps[i]!, s, d, acc, (sg, dg, m) => {
      if (m !== 0) walk(steps, i + 1, sg, dg, m, emit);
    });
  };
  /** Blocks with the same sources and probes are one block (pushed by flush). */
  type Emit = ((sa: readonly Atom[], da: readonly Atom[], open: number) => void) & { flush(): void };
  const collect = (): Emit => {
    const merged = new Map<
      number,
      Map<number, { src: readonly Atom[]; parts: (readonly Atom[])[]; open: number }>
    >();
    const emit = (sa: readonly Atom[], da: readonly Atom[], open: number): void => {
      const s = keep(sa);
      const d = keep(da);
      if (s.length === 0 || d.length === 0) return;
      const g = groupId(s);
      let byOpen = merged.get(g);
      if (!byOpen) merged.set(g, (byOpen = new Map()));
      const m = byOpen.get(open);
      if (m) m.parts.push(d);
      else byOpen.set(open, { src: s, parts: [d], open });
    };
    return Object.assign(emit, {
      flush: (): void => {
        for (const byOpen of merged.values())
          for (const { src, parts, open } of byOpen.values())
            blocks.push({ src, dst: parts.length === 1 ? parts[0]! : parts.flat(), open });
        merged.clear();
      },
    });
  };
  /** The hops after the first, as a key (hops are shared objects). */
  const hopIds = new Map<SiteHop, number>();
  const restKeys = new WeakMap<readonly SiteHop[], string>();
  const restKey = (steps: readonly SiteHop[]): string => {
    let k = restKeys.get(steps);
    if (k === undefined) {
      k = '';
      for (let i = 1; i < steps.length; i++) {
        let id = hopIds.get(steps[i]!);
        if (id === undefined) hopIds.set(steps[i]!, (id = hopIds.size));
        k += `${id},`;
      }
      restKeys.set(steps, k);
    }
    return k;
  };

  // After the zone matrix, its groups of every atom (their splits and answers are memoized);
  // before it, only the atoms asked for, grouped the same way (a site may have many more
  // address classes than assets, and remediation re-analyses edited sites without a matrix).
  const byFamily: Record<Family, Atom[]> = { 4: [], 6: [] };
  for (const a of wanted) byFamily[a.family].push(a);
  for (const family of [4, 6] as const) {
    if (byFamily[family].length === 0) continue;
    const { bySource, byRoute } = everyAtom
      ? space.groupsOf(family)
      : groupAtoms(
          byFamily[family].sort((a, b) => a.index - b.index),
          (a) => space.routeClassOf(family, a.lo),
        );
    // Single ways of two or more hops, after their first: by the rest of the hops, the
    // destination group and the probes open so far, the source groups of every segment that
    // got there. The rest is walked once for all of them (segments behind one firewall meet
    // the same devices after it, which mostly cannot tell them apart).
    const later = new Map<
      string,
      { steps: readonly SiteHop[]; at: Map<readonly Atom[], Map<number, (readonly Atom[])[]>> }
    >();
    const defer = (
      steps: readonly SiteHop[],
      sg: readonly Atom[],
      dg: readonly Atom[],
      acc: number,
    ): void => {
      const key = restKey(steps);
      let entry = later.get(key);
      if (!entry) later.set(key, (entry = { steps, at: new Map() }));
      let byAcc = entry.at.get(dg);
      if (!byAcc) entry.at.set(dg, (byAcc = new Map()));
      const sources = byAcc.get(acc);
      if (sources) sources.push(sg);
      else byAcc.set(acc, [sg]);
    };
    for (const [seg, src] of bySource) {
      if (keep(src).length === 0) continue;
      const emit = collect();
      const plan = space.waysFrom(seg, src, byRoute);
      for (const dst of plan.flat) emit(src, dst, 1);
      for (const { route, dst } of plan.ways) {
        check();
        const d0 = dst[0]!;
        const paths = route.paths.filter((p) => reaches(p, d0)).map((p) => p.hops);
        if (paths.length === 0) continue;
        if (paths.some((p) => p.length === 0)) {
          emit(src, dst, 1);
          continue;
        }
        if (paths.length === 1) {
          // One way (the common case): the probes every hop opens; after the first hop, later.
          const steps = paths[0]!;
          if (steps.length === 1) walk(steps, 0, src, dst, 1, emit);
          else
            pairs(steps[0]!, src, dst, 1, (sg, dg, m) => {
              if (m !== 0) defer(steps, sg, dg, m);
            });
          continue;
        }
        // Several ways: the hops of each in turn; a pair's probes are those some way opens at
        // every hop.
        const steps = paths.flatMap((hops, path) => hops.map((hop) => ({ path, hop })));
        const refine = (i: number, s: readonly Atom[], d: readonly Atom[], acc: readonly number[]): void => {
          if (i === steps.length) {
            const open = acc.reduce((x, y) => masks.or(x, y), 0);
            if (open !== 0) emit(s, d, open);
            return;
          }
          const { path, hop } = steps[i]!;
          if (acc[path] === 0) return refine(i + 1, s, d, acc);
          pairs(hop, s, d, acc[path]!, (sg, dg, m) => {
            if (m === 0 && acc.every((v, p) => p === path || v === 0)) return;
            const next = acc.slice();
            next[path] = m;
            refine(i + 1, sg, dg, next);
          });
        };
        refine(
          0,
          src,
          dst,
          paths.map(() => 1),
        );
      }
      emit.flush();
    }
    const emit = collect();
    for (const { steps, at } of later.values()) {
      check();
      for (const [dg, byAcc] of at)
        for (const [acc, sources] of byAcc) walk(steps, 1, space.union(sources), dg, acc, emit);
    }
    emit.flush();
  }
  return { masks, blocks, bySrc: index(blocks, (b) => b.src), byDst: index(blocks, (b) => b.dst) };
}

/** The blocks each atom is in on one side, in block order (counted first: millions of entries at scale). */
function index(blocks: readonly Block[], side: (b: Block) => readonly Atom[]): Map<Atom, Block[]> {
  const counts: Record<Family, Int32Array> = { 4: new Int32Array(0), 6: new Int32Array(0) };
  for (const b of blocks)
    for (const a of side(b)) {
      let c = counts[a.family];
      if (a.index >= c.length) {
        const grown = new Int32Array(Math.max(a.index + 1, c.length * 2));
        grown.set(c);
        counts[a.family] = c = grown;
      }
      c[a.index]!++;
    }
  const out = new Map<Atom, Block[]>();
  const lists: Record<Family, Block[][]> = { 4: [], 6: [] };
  const fill: Record<Family, Int32Array> = {
    4: new Int32Array(counts[4].length),
    6: new Int32Array(counts[6].length),
  };
  for (const b of blocks)
    for (const a of side(b)) {
      let l = lists[a.family][a.index];
      if (!l) {
        lists[a.family][a.index] = l = new Array<Block>(counts[a.family][a.index]!);
        out.set(a, l);
      }
      l[fill[a.family][a.index]!++] = b;
    }
  return out;
}
