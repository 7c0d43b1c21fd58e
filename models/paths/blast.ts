import type { Atom, Block } from '../reach';
import type { ClassGraph, GraphClass } from './graph';

/** What the blast radius needs of an asset class. */
export interface BlastClass extends GraphClass {
  readonly members: readonly unknown[];
}

export interface Blast {
  /**
   * Assets controlled from the foothold, in all and by level (keys in the order of the first
   * class reached at each level). Shared by the footholds of a search, so they may count the
   * foothold itself (`holdsSelf`), which does not count.
   */
  readonly controlled: number;
  readonly byLevel: Readonly<Record<string, number>>;
  readonly holdsSelf: boolean;
  readonly targetsReached: number;
}

const NOTHING: Blast = { controlled: 0, byLevel: {}, holdsSelf: false, targetsReached: 0 };

/**
 * The blast radius of each foothold class on its own: the classes of `within` its pivot edges
 * reach in at most `maxHops` waves, and the targets those (or the foothold) have an impact
 * edge to. Edges depend only on the source's address class, so footholds of one address class
 * share their search, and all searches run at once, one bit per foothold address class, block
 * by block: a block passes to its destinations the bits new at its sources.
 */
export function blastRadii<C extends BlastClass>(
  graph: ClassGraph<C>,
  footholds: readonly C[],
  within: ReadonlySet<C>,
  targets: readonly C[],
  targetWeight: (t: C) => number,
  /** A class's level, as BlastRadius.byLevel names it. */
  levelKey: (c: C) => string,
  maxHops: number,
  check: () => void,
): Map<C, Blast> {
  const out = new Map<C, Blast>();
  // Dense ids for the atoms met, by family and atom index (-1: none yet).
  const atomIds: Record<4 | 6, Int32Array> = { 4: new Int32Array(0), 6: new Int32Array(0) };
  const atoms: Atom[] = [];
  const idOf = (a: Atom): number => {
    let ids = atomIds[a.family];
    if (a.index >= ids.length) {
      const grown = new Int32Array(Math.max(a.index + 1, ids.length * 2)).fill(-1);
      grown.set(ids);
      atomIds[a.family] = ids = grown;
    }
    let i = ids[a.index]!;
    if (i < 0) {
      ids[a.index] = i = atoms.length;
      atoms.push(a);
    }
    return i;
  };
  // One bit per foothold address class; address classes in the same blocks as sources have
  // the same edges out, so they share one.
  const blockIds = new Map<Block, number>(graph.relation.blocks.map((b, i) => [b, i]));
  const bitOf = new Map<Atom, number>();
  const bitOfBlocks = new Map<string, number>();
  for (const f of footholds) {
    const a = graph.atom(f);
    if (a === null) out.set(f, NOTHING);
    else if (!bitOf.has(a)) {
      const k = (graph.relation.bySrc.get(a) ?? []).map((b) => blockIds.get(b)!).join(',');
      let j = bitOfBlocks.get(k);
      if (j === undefined) bitOfBlocks.set(k, (j = bitOfBlocks.size));
      bitOf.set(a, j);
    }
  }
  const W = Math.max(1, Math.ceil(bitOfBlocks.size / 32));
  for (const a of graph.relation.bySrc.keys()) idOf(a);
  for (const a of graph.relation.byDst.keys()) idOf(a);
  for (const a of bitOf.keys()) idOf(a);
  const n = atoms.length;
  const classes = graph.classes;
  const seen = new Uint32Array(classes.length * W);
  let frontier = new Uint32Array(n * W);
  for (const [a, j] of bitOf) frontier[idOf(a) * W + (j >> 5)]! |= 1 << (j & 31);
  let active = [...new Set([...bitOf.keys()].map(idOf))];
  const stamp = new Int32Array(graph.relation.blocks.length).fill(-1);
  // Per block, once: its sources' ids, and the (destination atom, class) pairs a pivot edge
  // enters from it (classes of `within` only). Blocks with none are never walked.
  const blocks = graph.relation.blocks;
  const inside = new Uint8Array(classes.length);
  for (const c of within) inside[c.id] = 1;
  const srcIds: Int32Array[] = [];
  const pivotDst: Int32Array[] = [];
  let pairs = new Int32Array(1024);
  for (const b of blocks) {
    let used = 0;
    for (const d of b.dst) {
      const vs = graph.classesIn(d);
      if (vs.length === 0) continue;
      const id = idOf(d);
      for (const v of vs) {
        if (inside[v.id] === 0 || !graph.pivot(v, b)) continue;
        if (used + 2 > pairs.length) {
          const grown = new Int32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[used++] = id;
        pairs[used++] = v.id;
      }
    }
    srcIds.push(Int32Array.from(b.src, idOf));
    pivotDst.push(pairs.slice(0, used));
  }
  const blocksOf = atoms.map((a) =>
    (graph.relation.bySrc.get(a) ?? []).map((b) => blockIds.get(b)!).filter((bi) => pivotDst[bi]!.length > 0),
  );
  const w = new Uint32Array(W);
  // The words of w that are not zero (most are: few searches are new at a block's sources).
  const nz = new Int32Array(W);
  const marked = new Int32Array(n).fill(-1);
  for (let wave = 0; wave < maxHops && active.length > 0; wave++) {
    const next = new Uint32Array(n * W);
    const nextActive: number[] = [];
    for (const x of active)
      for (const bi of blocksOf[x]!) {
        if (stamp[bi] === wave) continue;
        stamp[bi] = wave;
        check();
        // The bits new at any source of the block.
        w.fill(0);
        for (const s of srcIds[bi]!) {
          const o = s * W;
          for (let i = 0; i < W; i++) w[i]! |= frontier[o + i]!;
        }
        let words = 0;
        for (let i = 0; i < W; i++) if (w[i] !== 0) nz[words++] = i;
        if (words === 0) continue;
        const ps = pivotDst[bi]!;
        for (let p = 0; p < ps.length; p += 2) {
          const d = ps[p]!;
          const od = d * W;
          const ov = ps[p + 1]! * W;
          let fresh = 0;
          for (let k = 0; k < words; k++) {
            const i = nz[k]!;
            const f = w[i]! & ~seen[ov + i]!;
            if (f === 0) continue;
            fresh |= f;
            seen[ov + i]! |= f;
            next[od + i]! |= f;
          }
          if (fresh !== 0 && marked[d] !== wave) {
            marked[d] = wave;
            nextActive.push(d);
          }
        }
      }
    frontier = next;
    active = nextActive;
  }
  // Targets: reached from a seen class other than the target, or from the foothold itself.
  const fromSeen = new Uint32Array(n * W);
  const self = new Uint32Array(n * W);
  for (const c of classes) {
    const a = graph.atom(c);
    if (!a || (atomIds[a.family][a.index] ?? -1) < 0) continue;
    const o = idOf(a) * W;
    for (let i = 0; i < W; i++) fromSeen[o + i]! |= seen[c.id * W + i]!;
  }
  for (const [a, j] of bitOf) self[idOf(a) * W + (j >> 5)]! |= 1 << (j & 31);
  const bySeen = new Map<C, Uint32Array>();
  const bySelf = new Map<C, Uint32Array>();
  const targetAtoms = new Set<Atom>();
  for (const t of targets) {
    const a = graph.atom(t);
    if (a) targetAtoms.add(a);
  }
  // Per block, once: the bits of its sources (seen classes, footholds); a block's sources hold
  // the target's own address class only on its own segment, where the target is left out.
  const wordsOf = new Map<Block, { ws: Uint32Array; wf: Uint32Array }>();
  const blockWords = (b: Block) => {
    let r = wordsOf.get(b);
    if (!r) {
      r = { ws: new Uint32Array(W), wf: new Uint32Array(W) };
      for (const x of b.src) {
        const o = idOf(x) * W;
        for (let i = 0; i < W; i++) {
          r.ws[i]! |= fromSeen[o + i]!;
          r.wf[i]! |= self[o + i]!;
        }
      }
      wordsOf.set(b, r);
    }
    return r;
  };
  const isTarget = new Uint8Array(classes.length);
  for (const t of targets) isTarget[t.id] = 1;
  const without = new Uint32Array(W);
  /**
   * The bits of the blocks into t's address class that have an impact edge to t. A block's
   * sources are one segment's: they hold t's own address class only on its segment, where t
   * itself is left out (its seen bits are those of the other classes there).
   */
  const into = (t: C, a: Atom, bs: readonly Block[]): { s: Uint32Array; f: Uint32Array } | null => {
    const s = new Uint32Array(W);
    const f = new Uint32Array(W);
    let entered = false;
    for (const b of bs) {
      check();
      if (!graph.impact(t, b)) continue;
      entered = true;
      const { ws: all, wf } = blockWords(b);
      let ws = all;
      const holdsA = b.src[0]!.segment === a.segment && b.src.includes(a);
      if (holdsA) {
        without.fill(0);
        for (const x of b.src) {
          if (x === a) continue;
          const o = idOf(x) * W;
          for (let i = 0; i < W; i++) without[i]! |= fromSeen[o + i]!;
        }
        ws = without;
      }
      for (let i = 0; i < W; i++) {
        s[i]! |= ws[i]!;
        f[i]! |= wf[i]!;
      }
      if (holdsA)
        for (const u of graph.classesIn(a))
          if (u !== t) for (let i = 0; i < W; i++) s[i]! |= seen[u.id * W + i]!;
    }
    return entered ? { s, f } : null;
  };
  // Target classes whose address classes are entered by the same blocks, none from their own
  // segment, and whose impact choices are the same, get the same bits: computed once.
  const shared = new Map<string, Map<number, { s: Uint32Array; f: Uint32Array } | null>>();
  for (const a of targetAtoms) {
    const bs = graph.relation.byDst.get(a) ?? [];
    const own = bs.some((b) => b.src[0]!.segment === a.segment && b.src.includes(a));
    const byProfile = own
      ? null
      : (() => {
          const k = bs.map((b) => blockIds.get(b)!).join(',');
          let m = shared.get(k);
          if (!m) shared.set(k, (m = new Map()));
          return m;
        })();
    for (const t of graph.classesIn(a)) {
      if (isTarget[t.id] === 0) continue;
      let r: { s: Uint32Array; f: Uint32Array } | null | undefined;
      if (byProfile) {
        const p = graph.impactProfile(t);
        r = byProfile.get(p);
        if (r === undefined) byProfile.set(p, (r = into(t, a, bs)));
      } else r = into(t, a, bs);
      if (!r) continue;
      bySeen.set(t, r.s);
      bySelf.set(t, r.f);
    }
  }
  const has = (words: Uint32Array | undefined, off: number, j: number): boolean =>
    words !== undefined && ((words[off + (j >> 5)]! >>> (j & 31)) & 1) === 1;
  // Per search (bit): the assets it controls by level, walking each class's set bits once.
  const B = bitOfBlocks.size;
  const levels = new Map<string, number>();
  const levelIds = classes.map((c) => {
    const k = levelKey(c);
    let id = levels.get(k);
    if (id === undefined) levels.set(k, (id = levels.size));
    return id;
  });
  const L = Math.max(1, levels.size);
  const counts = new Float64Array(B * L);
  const firstAt = new Int32Array(B * L).fill(-1);
  const eachBit = (words: Uint32Array, off: number, fn: (j: number) => void): void => {
    for (let i = 0; i < W; i++) {
      let word = words[off + i]!;
      while (word !== 0) {
        const low = word & -word;
        fn(i * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  };
  for (const c of classes) {
    const at = levelIds[c.id]!;
    const size = c.members.length;
    eachBit(seen, c.id * W, (j) => {
      const o = j * L + at;
      if (firstAt[o]! < 0) firstAt[o] = c.id;
      counts[o]! += size;
    });
  }
  // Targets reached from a seen class, and those reached only from the foothold itself (which
  // do not count when the foothold is that target).
  const viaSeen = new Float64Array(B);
  const viaSelf = new Float64Array(B);
  const weightOf = new Map<C, number>();
  targets.forEach((t) => {
    const w = targetWeight(t);
    weightOf.set(t, w);
    const s = bySeen.get(t);
    if (s) eachBit(s, 0, (j) => (viaSeen[j]! += w));
    const f = bySelf.get(t);
    if (f) {
      const only = f.map((x, i) => x & ~(s?.[i] ?? 0));
      eachBit(only, 0, (j) => (viaSelf[j]! += w));
    }
  });
  const keys = [...levels.keys()];
  const totals = new Map<number, { n: number; byLevel: Record<string, number> }>();
  for (const f of footholds) {
    if (out.has(f)) continue;
    const j = bitOf.get(graph.atom(f)!)!;
    let sum = totals.get(j);
    if (!sum) {
      const order: number[] = [];
      for (let l = 0; l < L; l++) if (firstAt[j * L + l]! >= 0) order.push(l);
      order.sort((x, y) => firstAt[j * L + x]! - firstAt[j * L + y]!);
      sum = { n: 0, byLevel: {} };
      for (const l of order) {
        sum.n += counts[j * L + l]!;
        sum.byLevel[keys[l]!] = counts[j * L + l]!;
      }
      totals.set(j, sum);
    }
    const self =
      weightOf.has(f) && has(bySelf.get(f), 0, j) && !has(bySeen.get(f), 0, j) ? weightOf.get(f)! : 0;
    out.set(f, {
      controlled: sum.n,
      byLevel: sum.byLevel,
      holdsSelf: has(seen, f.id * W, j),
      targetsReached: viaSeen[j]! + viaSelf[j]! - self,
    });
  }
  return out;
}
