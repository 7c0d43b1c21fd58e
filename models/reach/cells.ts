import type { Rule } from '../device';
import {
  NO_SERVICE,
  type Plane,
  type ServiceSet,
  icmpService,
  isIcmp,
  planeEnd,
  serviceOfProtocol,
  serviceUnion,
} from '../net';

/**
 * The service side of the zone matrix: the protocol classes and the service cells that a set of
 * rules can tell apart, so one representative flow per cell decides for all the cell holds.
 */

/** Protocols always evaluated on their own (they are what people read in a matrix). */
const NAMED_PROTOCOLS = [6, 17, 1, 58, 132];

const repUniverse = new WeakMap<readonly CellPlan[], ServiceSet>();
/** Every non-ICMP service of the class representatives. */
export function representatives(plans: readonly CellPlan[]): ServiceSet {
  let u = repUniverse.get(plans);
  if (!u) {
    const m = new Map<number, Plane>();
    for (const p of plans)
      if (!isIcmp(p.rep)) m.set(p.rep, [{ x0: 0, x1: planeEnd(p.rep), y: [0, planeEnd(p.rep)] }]);
    repUniverse.set(plans, (u = m));
  }
  return u;
}

/** A set over representatives, extended to every protocol of each representative's class. */
export function widen(set: ServiceSet, plans: readonly CellPlan[]): ServiceSet {
  const out = new Map<number, Plane>();
  for (const p of plans) {
    const plane = set.get(p.rep);
    if (!plane) continue;
    for (const proto of p.protos) out.set(proto, plane);
  }
  return out;
}

/** Every service. */
export const ANY: ServiceSet = (() => {
  let s = NO_SERVICE;
  for (let p = 0; p < 256; p++) s = serviceUnion(s, cellService(p, 0, planeEnd(p), 0, planeEnd(p)));
  return s;
})();

function cellService(proto: number, x0: number, x1: number, y0: number, y1: number): ServiceSet {
  if (isIcmp(proto)) return icmpService(proto, [y0, y1], [x0, x1]);
  if (planeEnd(proto) === 1) return serviceOfProtocol(proto);
  return serviceOfProtocol(proto, [x0, x1], [y0, y1]);
}

/** The cells of one protocol class: boundaries on both axes, and each cell's service set (lazily). */
export interface CellPlan {
  readonly rep: number;
  readonly protos: readonly number[];
  readonly xb: readonly number[];
  readonly yb: readonly number[];
  cell(i: number, j: number): ServiceSet;
}

export function cellPlans(rules: readonly Rule[]): CellPlan[] {
  return protocolClasses(rules).map(({ protos, rep }) => {
    const end = planeEnd(rep);
    const xs = new Set<number>([0, end]);
    const ys = new Set<number>([0, end]);
    for (const r of rules) {
      const plane = r.match.service.get(rep);
      if (!plane) continue;
      for (const s of plane) {
        xs.add(s.x0).add(s.x1);
        for (const y of s.y) ys.add(y);
      }
    }
    const xb = [...xs].sort((a, b) => a - b);
    const yb = [...ys].sort((a, b) => a - b);
    const cells = new Map<number, ServiceSet>();
    return {
      rep,
      protos,
      xb,
      yb,
      cell(i: number, j: number): ServiceSet {
        const k = i * yb.length + j;
        let c = cells.get(k);
        if (!c) {
          c = NO_SERVICE;
          for (const p of protos) c = serviceUnion(c, cellService(p, xb[i]!, xb[i + 1]!, yb[j]!, yb[j + 1]!));
          cells.set(k, c);
        }
        return c;
      },
    };
  });
}

/**
 * Protocols that the relevant rules cannot tell apart, each with a representative: the named
 * ones alone, the others grouped by which rules mention them at all.
 */
function protocolClasses(rules: readonly Rule[]): { protos: number[]; rep: number }[] {
  // Rules that hold every protocol cannot tell protocols apart; only the others can.
  const restricted = rules.filter((r) => r.match.service.size < 256);
  const mentioned = new Set<number>();
  for (const r of restricted) for (const p of r.match.service.keys()) if (!NAMED_SET.has(p)) mentioned.add(p);
  if (mentioned.size === 0) return UNMENTIONED;
  const out: { protos: number[]; rep: number }[] = NAMED_PROTOCOLS.map((p) => ({ protos: [p], rep: p }));
  const groups = new Map<string, number[]>();
  for (const p of mentioned) {
    // Protocols with ports, ICMP and the rest have different planes: never one class.
    let key = `${planeEnd(p)}#`;
    for (let i = 0; i < restricted.length; i++) {
      const plane = restricted[i]!.match.service.get(p);
      if (!plane) continue;
      key += `${i}:`;
      for (const s of plane) key += `${s.x0},${s.x1},${s.y.join(',')};`;
    }
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const byPlane = new Map<number, number[]>();
  for (let p = 0; p < 256; p++) {
    if (NAMED_SET.has(p) || mentioned.has(p)) continue;
    byPlane.set(planeEnd(p), [...(byPlane.get(planeEnd(p)) ?? []), p]);
  }
  for (const protos of byPlane.values()) out.push({ protos, rep: protos[0]! });
  for (const protos of groups.values())
    out.push({ protos: protos.sort((x, y) => x - y), rep: Math.min(...protos) });
  return out;
}

const NAMED_SET: ReadonlySet<number> = new Set(NAMED_PROTOCOLS);
/** The protocol classes when no rule singles out a protocol beyond the named ones. */
const UNMENTIONED: { protos: number[]; rep: number }[] = (() => {
  const out: { protos: number[]; rep: number }[] = NAMED_PROTOCOLS.map((p) => ({ protos: [p], rep: p }));
  const byPlane = new Map<number, number[]>();
  for (let p = 0; p < 256; p++) {
    if (NAMED_SET.has(p)) continue;
    byPlane.set(planeEnd(p), [...(byPlane.get(planeEnd(p)) ?? []), p]);
  }
  for (const protos of byPlane.values()) out.push({ protos, rep: protos[0]! });
  return out;
})();
