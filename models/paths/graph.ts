import {
  type Atom,
  type Block,
  type ClassSpace,
  type Probe,
  type ProbeRelation,
  probeRelation,
} from '../reach';
import type { Asset } from '../topology/network';
import type { CatalogueService } from './catalogue';

/**
 * The lateral-movement graph on asset classes, from the probe relation: which catalogue
 * service one class can use on another is the first service (in catalogue order) whose probe
 * the relation opens and the target offers. An edge depends only on the source's address
 * class, so every search works block by block (all sources of a block to all its
 * destinations at once) instead of pair by pair.
 */

export interface Edge {
  readonly service: CatalogueService;
  readonly port: number;
}

/** What a class of assets is to the graph: its inventory identity and its address class. */
export interface GraphClass {
  readonly id: number;
  readonly rep: Asset;
  readonly role: string | null;
}

interface Choice {
  readonly bit: number;
  readonly edge: Edge;
}

/** Ports of a catalogue service to probe: each port of a small range, the ends of a large one. */
export const portsOf = (s: CatalogueService): number[] => {
  const [lo, hi] = s.ports;
  if (hi - lo <= 8) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return [lo, hi];
};

const offers = (a: Asset, s: CatalogueService, port: number): boolean =>
  a.services.length === 0 ||
  a.services.some(
    (x) => x.port === port && (x.proto === 'tcp' ? 6 : x.proto === 'udp' ? 17 : 132) === s.proto,
  );

export class ClassGraph<C extends GraphClass> {
  readonly relation: ProbeRelation;
  private readonly atomOf: (Atom | null)[] = [];
  private readonly members = new Map<Atom, C[]>();
  private readonly pivotChoices: Choice[][] = [];
  private readonly impactChoices: Choice[][] = [];

  constructor(
    space: ClassSpace,
    readonly classes: readonly C[],
    pivots: readonly CatalogueService[],
    ot: readonly CatalogueService[],
    sport: number,
    check: () => void,
  ) {
    const probes: Probe[] = [];
    const bitOf = new Map<string, number>();
    const bit = (s: CatalogueService, port: number): number => {
      const k = `${s.proto}/${port}`;
      let b = bitOf.get(k);
      if (b === undefined) {
        bitOf.set(k, (b = probes.length));
        probes.push({ proto: s.proto, sport, dport: port });
      }
      return b;
    };
    const choices = (c: C, list: readonly CatalogueService[], roleCheck: boolean): Choice[] => {
      const out: Choice[] = [];
      for (const s of list) {
        if (roleCheck && s.roles && !(c.role !== null && s.roles.includes(c.role))) continue;
        for (const port of portsOf(s))
          if (offers(c.rep, s, port)) out.push({ bit: bit(s, port), edge: { service: s, port } });
      }
      return out;
    };
    for (const c of classes) {
      const atom = space.atomAt(c.rep.ip);
      this.atomOf[c.id] = atom;
      if (atom) {
        const list = this.members.get(atom);
        if (list) list.push(c);
        else this.members.set(atom, [c]);
      }
      const p = choices(c, pivots, true);
      this.pivotChoices[c.id] = p;
      // Impact: a pivot service first, else an industrial protocol.
      this.impactChoices[c.id] = [...p, ...choices(c, ot, false)];
    }
    this.relation = probeRelation(space, probes, this.members.keys(), check);
  }

  atom(c: C): Atom | null {
    return this.atomOf[c.id]!;
  }

  classesIn(a: Atom): readonly C[] {
    return this.members.get(a) ?? [];
  }

  /** The pivot edge into `to` on a block, or null. */
  pivot(to: C, b: Block): Edge | null {
    for (const c of this.pivotChoices[to.id]!) if (this.relation.masks.has(b.open, c.bit)) return c.edge;
    return null;
  }

  /** The impact edge into `to` on a block (a pivot service first), or null. */
  impact(to: C, b: Block): Edge | null {
    for (const c of this.impactChoices[to.id]!) if (this.relation.masks.has(b.open, c.bit)) return c.edge;
    return null;
  }

  blocksFrom(c: C): readonly Block[] {
    const a = this.atomOf[c.id];
    return a ? (this.relation.bySrc.get(a) ?? []) : [];
  }

  blocksTo(c: C): readonly Block[] {
    const a = this.atomOf[c.id];
    return a ? (this.relation.byDst.get(a) ?? []) : [];
  }

  /** Class pairs the relation decides with something open (a statistic). */
  openPairs(): number {
    let n = 0;
    for (const b of this.relation.blocks) {
      let s = 0;
      let d = 0;
      for (const a of b.src) s += this.classesIn(a).length;
      for (const a of b.dst) d += this.classesIn(a).length;
      n += s * d;
    }
    return n;
  }
}
