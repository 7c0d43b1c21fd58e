import type { Device, InterfaceMatch, Match } from '../device';
import {
  type AddressSet,
  type Intervals,
  type Plane,
  type ServiceSet,
  addressIntersect,
  addressIsEmpty,
  addressSubtract,
  intersectIntervals,
  serviceIsEmpty,
  serviceSubtract,
  subtractIntervals,
} from '../net';
import { interfaceMatches } from '../reach';

/**
 * The match space of a rule as a box: source x destination x service x in-interface x
 * out-interface, each axis a set of the net algebra (interfaces as index intervals over the
 * device's interface names). A union of boxes is kept as a list of disjoint boxes, so "what of
 * this rule do earlier rules leave" is repeated box subtraction.
 */
export interface Box {
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly svc: ServiceSet;
  readonly inIf: Intervals<number>;
  readonly outIf: Intervals<number>;
}

/**
 * The interface names a device's rules can tell apart, plus one slot for every other name.
 * A pattern that may or may not match an unnamed interface (`eth+`, `! eth+`) gives that slot
 * to the over-approximation only, so a rule is never said to cover what it might not match.
 */
export class InterfaceUniverse {
  private readonly names: readonly string[];
  private readonly memo = new Map<string, readonly [Intervals<number>, Intervals<number>]>();

  constructor(device: Device) {
    const names = new Set(device.interfaces.map((i) => i.name));
    for (const l of device.lists.values())
      for (const r of l.rules)
        for (const m of [r.match.inInterface, r.match.outInterface])
          for (const n of m?.names ?? []) if (!n.endsWith('+')) names.add(n);
    this.names = [...names].sort();
  }

  get full(): Intervals<number> {
    return [0, this.names.length + 1];
  }

  /** [at most what the match can match, at least what it surely matches]. */
  sets(m: InterfaceMatch | undefined): readonly [Intervals<number>, Intervals<number>] {
    if (m === undefined) return [this.full, this.full];
    const key = `${m.negate ? '!' : ''}${m.names.join('\0')}`;
    let hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    const pairs: number[] = [];
    const add = (k: number): void => {
      if (pairs.length > 0 && pairs[pairs.length - 1] === k) pairs[pairs.length - 1] = k + 1;
      else pairs.push(k, k + 1);
    };
    this.names.forEach((n, k) => {
      if (interfaceMatches(m, n)) add(k);
    });
    const other = this.names.length;
    const wildcard = m.names.some((n) => n.endsWith('+'));
    const over = [...pairs];
    const under = [...pairs];
    // The "any other name" slot: a negated list of plain names surely matches it; a wildcard
    // may; a plain list does not.
    if (m.negate || wildcard) pushSlot(over, other);
    if (m.negate && !wildcard) pushSlot(under, other);
    hit = [over, under];
    this.memo.set(key, hit);
    return hit;
  }
}

function pushSlot(a: number[], k: number): void {
  if (a.length > 0 && a[a.length - 1] === k) a[a.length - 1] = k + 1;
  else a.push(k, k + 1);
}

/** A rule's box: `over` holds every packet it may match, `under` only packets it surely matches. */
export function boxOf(m: Match, ifs: InterfaceUniverse, which: 'over' | 'under'): Box {
  const k = which === 'over' ? 0 : 1;
  return {
    src: m.src,
    dst: m.dst,
    svc: m.service,
    inIf: ifs.sets(m.inInterface)[k]!,
    outIf: ifs.sets(m.outInterface)[k]!,
  };
}

/** Whether two interval sets share an element, without building the intersection. */
export function overlaps<T extends number | bigint>(a: Intervals<T>, b: Intervals<T>): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! <= b[j]!) i += 2;
    else if (b[j + 1]! <= a[i]!) j += 2;
    else return true;
  }
  return false;
}

const addressesOverlap = (a: AddressSet, b: AddressSet): boolean =>
  overlaps(a.v4, b.v4) || overlaps(a.v6, b.v6);

/** Whether two planes share a point: strips overlapping on x with overlapping y sets. */
function planesOverlap(a: Plane, b: Plane): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const sa = a[i]!;
    const sb = b[j]!;
    if (sa.x1 <= sb.x0) i++;
    else if (sb.x1 <= sa.x0) j++;
    else if (overlaps(sa.y, sb.y)) return true;
    else if (sa.x1 <= sb.x1) i++;
    else j++;
  }
  return false;
}

function servicesOverlap(a: ServiceSet, b: ServiceSet): boolean {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const [proto, plane] of small) {
    const other = big.get(proto);
    if (other !== undefined && planesOverlap(plane, other)) return true;
  }
  return false;
}

/** Whether the boxes share a packet: the cheap axes first, services last. */
export const boxesOverlap = (a: Box, b: Box): boolean =>
  overlaps(a.inIf, b.inIf) &&
  overlaps(a.outIf, b.outIf) &&
  addressesOverlap(a.dst, b.dst) &&
  addressesOverlap(a.src, b.src) &&
  servicesOverlap(a.svc, b.svc);

/**
 * `a` minus `b` as disjoint boxes: the part outside `b` on the first axis, then the part inside
 * on the first and outside on the second, and so on. Returns `[a]` when they do not overlap.
 */
export function subtractBox(a: Box, b: Box): Box[] {
  if (!boxesOverlap(a, b)) return [a];
  const out: Box[] = [];
  const inIf = subtractIntervals(a.inIf, b.inIf);
  if (inIf.length > 0) out.push({ ...a, inIf });
  const inBoth = intersectIntervals(a.inIf, b.inIf);
  const outIf = subtractIntervals(a.outIf, b.outIf);
  if (outIf.length > 0) out.push({ ...a, inIf: inBoth, outIf });
  const outBoth = intersectIntervals(a.outIf, b.outIf);
  const dst = addressSubtract(a.dst, b.dst);
  if (!addressIsEmpty(dst)) out.push({ ...a, inIf: inBoth, outIf: outBoth, dst });
  const dstBoth = addressIntersect(a.dst, b.dst);
  const src = addressSubtract(a.src, b.src);
  if (!addressIsEmpty(src)) out.push({ ...a, inIf: inBoth, outIf: outBoth, dst: dstBoth, src });
  const svc = serviceSubtract(a.svc, b.svc);
  if (!serviceIsEmpty(svc))
    out.push({ inIf: inBoth, outIf: outBoth, dst: dstBoth, src: addressIntersect(a.src, b.src), svc });
  return out;
}

/**
 * What of `region` is left outside `b`, or null when that takes more than `maxBoxes` boxes
 * (the caller then gives up on the rule rather than guess).
 */
export function subtractFromRegion(region: readonly Box[], b: Box, maxBoxes: number): Box[] | null {
  const out: Box[] = [];
  for (const piece of region) {
    for (const rest of subtractBox(piece, b)) out.push(rest);
    if (out.length > maxBoxes) return null;
  }
  return out;
}

export const regionOverlaps = (region: readonly Box[], b: Box): boolean =>
  region.some((piece) => boxesOverlap(piece, b));
