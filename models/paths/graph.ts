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

const NONE: readonly never[] = [];

export class ClassGraph<C extends GraphClass> {
  readonly relation: ProbeRelation;
  private readonly atomOf: (Atom | null)[] = [];
  /** Per family, by atom index: the classes whose address class it is. */
  private readonly members: Record<4 | 6, C[][]> = { 4: [], 6: [] };
  /**
   * Classes with the same choices (services, ports, in order) share a profile, and a profile's
   * answer on a block depends only on the block's probes: answers[profile][open] (undefined:
   * not asked yet).
   */
  private readonly pivotProfiles: number[] = [];
  private readonly impactProfiles: number[] = [];
  private readonly profiles: (readonly Choice[])[] = [];
  private readonly answers: (Edge | null | undefined)[][] = [];

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
    const serviceIds = new Map<CatalogueService, number>();
    const profileIds = new Map<string, number>();
    const profileOf = (list: readonly Choice[]): number => {
      let k = '';
      for (const c of list) {
        let sid = serviceIds.get(c.edge.service);
        if (sid === undefined) serviceIds.set(c.edge.service, (sid = serviceIds.size));
        k += `${sid}/${c.edge.port},`;
      }
      let id = profileIds.get(k);
      if (id === undefined) {
        profileIds.set(k, (id = this.profiles.length));
        this.profiles.push(list);
        this.answers.push([]);
      }
      return id;
    };
    const atoms = new Set<Atom>();
    for (const c of classes) {
      const atom = space.atomAt(c.rep.ip);
      this.atomOf[c.id] = atom;
      if (atom) {
        atoms.add(atom);
        const byIndex = this.members[atom.family];
        (byIndex[atom.index] ??= []).push(c);
      }
      const p = choices(c, pivots, true);
      this.pivotProfiles[c.id] = profileOf(p);
      // Impact: a pivot service first, else an industrial protocol.
      this.impactProfiles[c.id] = profileOf([...p, ...choices(c, ot, false)]);
    }
    this.relation = probeRelation(space, probes, atoms, check);
  }

  private answer(profile: number, open: number): Edge | null {
    const row = this.answers[profile]!;
    let a = row[open];
    if (a === undefined) {
      a = null;
      for (const c of this.profiles[profile]!)
        if (this.relation.masks.has(open, c.bit)) {
          a = c.edge;
          break;
        }
      row[open] = a;
    }
    return a;
  }

  atom(c: C): Atom | null {
    return this.atomOf[c.id]!;
  }

  classesIn(a: Atom): readonly C[] {
    return this.members[a.family][a.index] ?? NONE;
  }

  /** The pivot edge into `to` on a block, or null. */
  pivot(to: C, b: Block): Edge | null {
    return this.answer(this.pivotProfiles[to.id]!, b.open);
  }

  /** Classes with equal impact profiles have the same impact edges on every block. */
  impactProfile(c: C): number {
    return this.impactProfiles[c.id]!;
  }

  /** The impact edge into `to` on a block (a pivot service first), or null. */
  impact(to: C, b: Block): Edge | null {
    return this.answer(this.impactProfiles[to.id]!, b.open);
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
