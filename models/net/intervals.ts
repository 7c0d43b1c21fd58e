/**
 * Sets of integers stored as sorted, disjoint, non-adjacent half-open intervals, flattened:
 * `[lo0, hi0, lo1, hi1, ...]` means `[lo0, hi0) ∪ [lo1, hi1) ∪ ...`. Every operation is a
 * single sweep over the boundaries and needs only comparisons, so the same code serves
 * IPv4 (`number`), IPv6 (`bigint`), ports and protocol numbers.
 */
export type Bound = number | bigint;
export type Intervals<T extends Bound> = readonly T[];

type Op = (inA: boolean, inB: boolean) => boolean;
const OR: Op = (a, b) => a || b;
const AND: Op = (a, b) => a && b;
const MINUS: Op = (a, b) => a && !b;

function sweep<T extends Bound>(a: Intervals<T>, b: Intervals<T>, op: Op): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  let inA = false;
  let inB = false;
  let inOut = false;
  while (i < a.length || j < b.length) {
    const x = (j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i] : b[j]) as T;
    while (i < a.length && a[i] === x) {
      inA = !inA;
      i++;
    }
    while (j < b.length && b[j] === x) {
      inB = !inB;
      j++;
    }
    const now = op(inA, inB);
    if (now !== inOut) {
      out.push(x);
      inOut = now;
    }
  }
  return out;
}

export const unionIntervals = <T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> =>
  a.length === 0 ? b : b.length === 0 ? a : sweep(a, b, OR);
export const intersectIntervals = <T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> =>
  a.length === 0 || b.length === 0 ? [] : sweep(a, b, AND);
export const subtractIntervals = <T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> =>
  a.length === 0 || b.length === 0 ? a : sweep(a, b, MINUS);

/** Complement within the universe `[lo, hi)`. */
export function complementIntervals<T extends Bound>(a: Intervals<T>, lo: T, hi: T): Intervals<T> {
  return sweep([lo, hi], a, MINUS);
}

/** Builds a canonical set from arbitrary (possibly overlapping, unsorted) half-open intervals. */
export function intervalsFrom<T extends Bound>(pairs: ReadonlyArray<readonly [T, T]>): Intervals<T> {
  const sorted = pairs.filter(([lo, hi]) => lo < hi).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  const out: T[] = [];
  for (const [lo, hi] of sorted) {
    const last = out.length - 1;
    if (last >= 0 && lo <= out[last]!) {
      if (hi > out[last]!) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Index of the last boundary `<= x`, or -1. */
function floorIndex<T extends Bound>(a: Intervals<T>, x: T): number {
  let lo = 0;
  let hi = a.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Membership for number sets (IPv4, ports, protocols): the hot path of every verdict, kept
 * monomorphic so the engine compiles it for small integers only.
 */
export function numbersContain(a: Intervals<number>, x: number): boolean {
  const n = a.length;
  if (n === 2) return a[0]! <= x && x < a[1]!;
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && (found & 1) === 0;
}

export function intervalsContain<T extends Bound>(a: Intervals<T>, x: T): boolean {
  if (a.length === 2) return a[0]! <= x && x < a[1]!;
  const k = floorIndex(a, x);
  return k >= 0 && (k & 1) === 0;
}

export function intervalsEqual<T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when every element of `a` is in `b`. */
export const intervalsSubset = <T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean =>
  subtractIntervals(a, b).length === 0;

/** The intervals as closed `[first, last]` pairs, for display. */
export function closedPairs(a: Intervals<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i]!, a[i + 1]! - 1]);
  return out;
}

/** Number of integers in the set, as a number (may lose precision past 2^53 for IPv6). */
export function intervalsSize(a: Intervals<Bound>): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 2) {
    const lo = a[i]!;
    const hi = a[i + 1]!;
    n += typeof lo === 'bigint' ? Number((hi as bigint) - lo) : (hi as number) - lo;
  }
  return n;
}
