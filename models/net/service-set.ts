import {
  type Intervals,
  intersectIntervals,
  numbersContain,
  intervalsEqual,
  subtractIntervals,
  unionIntervals,
} from './intervals';
import { type PortSet, ANY_PORT, PORT_END, formatPorts } from './ports';
import { hasPorts, isIcmp, protocolName } from './protocol';

/**
 * A set of services: protocol x (x axis) x (y axis). For protocols with ports the x axis is the
 * source port and the y axis the destination port; for ICMP and ICMPv6, x is the ICMP code and
 * y the ICMP type (the probe CSV's sport and dport columns); other protocols have a 1x1 space.
 *
 * Each protocol's 2-D set is stored as canonical strips: disjoint x intervals, sorted, each
 * with its y set; adjacent strips with equal y sets are merged and empty strips dropped, so
 * equal sets have equal representations.
 */
export interface Strip {
  readonly x0: number;
  readonly x1: number;
  readonly y: Intervals<number>;
}
export type Plane = readonly Strip[];
export type ServiceSet = ReadonlyMap<number, Plane>;

const ICMP_END = 256;

/** The universe of one protocol's plane. */
export function planeEnd(proto: number): number {
  return hasPorts(proto) ? PORT_END : isIcmp(proto) ? ICMP_END : 1;
}
const fullPlane = (proto: number): Plane => {
  const end = planeEnd(proto);
  return [{ x0: 0, x1: end, y: [0, end] }];
};
const FULL_PLANES: readonly Plane[] = Array.from({ length: 256 }, (_, p) => fullPlane(p));

type YOp = (a: Intervals<number>, b: Intervals<number>) => Intervals<number>;

function combinePlanes(a: Plane, b: Plane, op: YOp): Plane {
  const xs = new Set<number>();
  for (const s of a) xs.add(s.x0).add(s.x1);
  for (const s of b) xs.add(s.x0).add(s.x1);
  const bounds = [...xs].sort((p, q) => p - q);
  const out: Strip[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const x0 = bounds[k]!;
    const x1 = bounds[k + 1]!;
    while (i < a.length && a[i]!.x1 <= x0) i++;
    while (j < b.length && b[j]!.x1 <= x0) j++;
    const ya = i < a.length && a[i]!.x0 <= x0 ? a[i]!.y : [];
    const yb = j < b.length && b[j]!.x0 <= x0 ? b[j]!.y : [];
    const y = op(ya, yb);
    if (y.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.x1 === x0 && intervalsEqual(last.y, y)) out[out.length - 1] = { x0: last.x0, x1, y };
    else out.push({ x0, x1, y });
  }
  return out;
}

function combine(
  a: ServiceSet,
  b: ServiceSet,
  op: YOp,
  keepMissingA: boolean,
  keepMissingB: boolean,
): ServiceSet {
  const out = new Map<number, Plane>();
  for (const [proto, pa] of a) {
    const pb = b.get(proto);
    if (pb === undefined) {
      if (keepMissingA) out.set(proto, pa);
      continue;
    }
    const plane = pa === pb && op !== subtractIntervals ? pa : combinePlanes(pa, pb, op);
    if (plane.length > 0) out.set(proto, plane);
  }
  if (keepMissingB) for (const [proto, pb] of b) if (!a.has(proto)) out.set(proto, pb);
  return out;
}

export const serviceUnion = (a: ServiceSet, b: ServiceSet): ServiceSet =>
  a.size === 0 ? b : b.size === 0 ? a : combine(a, b, unionIntervals, true, true);
export const serviceIntersect = (a: ServiceSet, b: ServiceSet): ServiceSet =>
  a === b ? a : combine(a, b, intersectIntervals, false, false);
export const serviceSubtract = (a: ServiceSet, b: ServiceSet): ServiceSet =>
  b.size === 0 ? a : combine(a, b, subtractIntervals, true, false);
export const serviceComplement = (a: ServiceSet): ServiceSet => serviceSubtract(ANY_SERVICE, a);
export const serviceIsEmpty = (a: ServiceSet): boolean => a.size === 0;

export function serviceEquals(a: ServiceSet, b: ServiceSet): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [proto, pa] of a) {
    const pb = b.get(proto);
    if (!pb || pa.length !== pb.length) return false;
    for (let k = 0; k < pa.length; k++) {
      const sa = pa[k]!;
      const sb = pb[k]!;
      if (sa.x0 !== sb.x0 || sa.x1 !== sb.x1 || !intervalsEqual(sa.y, sb.y)) return false;
    }
  }
  return true;
}

export const serviceSubset = (a: ServiceSet, b: ServiceSet): boolean => serviceSubtract(a, b).size === 0;

/** Does the set hold this protocol with this x (sport / ICMP code) and y (dport / ICMP type)? */
export function serviceContains(set: ServiceSet, proto: number, x: number, y: number): boolean {
  const plane = set.get(proto);
  if (plane === undefined) return false;
  if (!hasPorts(proto) && !isIcmp(proto)) return true;
  for (const strip of plane) {
    if (x < strip.x0) return false;
    if (x < strip.x1) return numbersContain(strip.y, y);
  }
  return false;
}

export const NO_SERVICE: ServiceSet = new Map();
export const ANY_SERVICE: ServiceSet = new Map(FULL_PLANES.map((plane, proto) => [proto, plane] as const));

/** Protocols (as intervals of protocol numbers) with optional port constraints. */
export function serviceOf(
  protos: Intervals<number>,
  sports: PortSet = ANY_PORT,
  dports: PortSet = ANY_PORT,
): ServiceSet {
  const out = new Map<number, Plane>();
  const constrained = !intervalsEqual(sports, ANY_PORT) || !intervalsEqual(dports, ANY_PORT);
  for (let i = 0; i < protos.length; i += 2) {
    for (let proto = protos[i]!; proto < protos[i + 1]!; proto++) {
      if (!constrained) out.set(proto, FULL_PLANES[proto]!);
      else if (hasPorts(proto)) {
        const plane = stripsOf(sports, dports);
        if (plane.length > 0) out.set(proto, plane);
      }
    }
  }
  return out;
}

export const serviceOfProtocol = (proto: number, sports?: PortSet, dports?: PortSet): ServiceSet =>
  serviceOf([proto, proto + 1], sports, dports);

/** ICMP / ICMPv6 by type (y) and code (x); either may be "any" (undefined). */
export function icmpService(proto: number, types?: Intervals<number>, codes?: Intervals<number>): ServiceSet {
  const y = types ?? [0, ICMP_END];
  const x = codes ?? [0, ICMP_END];
  const plane = stripsOf(x, y);
  return plane.length > 0 ? new Map([[proto, plane]]) : NO_SERVICE;
}

function stripsOf(xs: Intervals<number>, y: Intervals<number>): Plane {
  if (y.length === 0) return [];
  const out: Strip[] = [];
  for (let i = 0; i < xs.length; i += 2) out.push({ x0: xs[i]!, x1: xs[i + 1]!, y });
  return out;
}

/** Human form: `tcp/443`, `udp/53 from 1024-65535`, `icmp type 8`, `any`. */
export function formatServiceSet(set: ServiceSet): string {
  if (serviceEquals(set, ANY_SERVICE)) return 'any';
  if (set.size === 0) return 'none';
  const parts: string[] = [];
  const full: number[] = [];
  for (const [proto, plane] of set) {
    if (
      plane.length === 1 &&
      plane[0]!.x0 === 0 &&
      plane[0]!.x1 === planeEnd(proto) &&
      intervalsEqual(plane[0]!.y, [0, planeEnd(proto)])
    ) {
      full.push(proto);
      continue;
    }
    for (const s of plane) {
      const xAll = s.x0 === 0 && s.x1 === planeEnd(proto);
      if (isIcmp(proto)) {
        parts.push(
          `${protocolName(proto)} type ${formatPorts(s.y)}${xAll ? '' : ` code ${formatPorts([s.x0, s.x1])}`}`,
        );
      } else {
        parts.push(
          `${protocolName(proto)}/${formatPorts(s.y)}${xAll ? '' : ` from ${formatPorts([s.x0, s.x1])}`}`,
        );
      }
    }
  }
  if (full.length > 200) {
    const missing = [...Array(256).keys()].filter((p) => !set.has(p)).map(protocolName);
    return [`any except ${missing.join(',')}`, ...parts].join('; ');
  }
  return [...full.map(protocolName), ...parts].join('; ');
}
