import type { SourceRef } from '../diagnostics';
import type { LateralMovement } from './analyze';

/**
 * The smallest set of permit rules (config lines) whose removal leaves no path, proven by the
 * implicit hitting-set method: every path the analysis has shown must lose one of its rules, so
 * the smallest set of lines that hits every path seen so far is a lower bound on any cut. Solve
 * that exactly, remove those lines, and run the analysis again: either no path is left (the set
 * is a minimum cut) or the paths that appear become new constraints. Removing a rule can let a
 * later rule decide instead, which is why the constraints grow lazily and each answer is verified.
 */

/** Permit rules of the site by config line (`file:line`): a line may stand for several rules. */
export type LineIndex = ReadonlyMap<
  string,
  { readonly device: string; readonly source: SourceRef; readonly ids: readonly string[] }
>;

export const lineKey = (s: SourceRef): string => `${s.file}:${s.line}`;

export interface ExactCutBudget {
  /** Rounds of solve-and-verify before giving up (each runs the analysis once). */
  readonly rounds: number;
  /** Distinct lines in the constraints beyond which the exact search is not attempted. */
  readonly lines: number;
  /** Branch-and-bound steps per solve. */
  readonly steps: number;
  /** A time (Date.now() milliseconds) after which no new round starts. */
  readonly deadline?: number;
}

export const EXACT_CUT_BUDGET: ExactCutBudget = { rounds: 40, lines: 60, steps: 200_000 };

export type ExactCut =
  | { readonly status: 'minimum'; readonly lines: readonly string[]; readonly after: LateralMovement }
  /** Some path has no removable permit rule on it: no set of rule removals closes every path. */
  | { readonly status: 'impossible' }
  /** The budget ran out; `lowerBound` lines at least are needed. */
  | { readonly status: 'unknown'; readonly lowerBound: number };

/** The permit lines a path depends on (any one removed breaks the path as it was found). */
function pathLines(lateral: LateralMovement, permits: LineIndex): string[][] {
  const out: string[][] = [];
  for (const t of lateral.targets)
    for (const p of t.paths) {
      const lines = new Set<string>();
      for (const h of p.hops)
        for (const d of h.devices) if (d.rule && permits.has(lineKey(d.rule))) lines.add(lineKey(d.rule));
      out.push([...lines].sort());
    }
  return out;
}

/**
 * The smallest set hitting every set, smaller than `limit`, or null; `exhausted` when the step
 * budget ran out (then the answer, if any, is not proven smallest).
 */
export function minimumHittingSet(
  sets: readonly (readonly string[])[],
  limit: number,
  steps: number,
): { set: string[] | null; exhausted: boolean } {
  let best: string[] | null = null;
  let bestSize = limit;
  let left = steps;
  const chosen: string[] = [];
  const has = new Set<string>();
  const unhit = (): (readonly string[])[] => sets.filter((s) => !s.some((e) => has.has(e)));
  /** Sets no two of which share an element each need their own pick: a lower bound. */
  const disjointCount = (open: readonly (readonly string[])[]): number => {
    const used = new Set<string>();
    let n = 0;
    for (const s of [...open].sort((a, b) => a.length - b.length))
      if (!s.some((e) => used.has(e))) {
        n++;
        for (const e of s) used.add(e);
      }
    return n;
  };
  const search = (): void => {
    if (--left < 0) return;
    const open = unhit();
    if (open.length === 0) {
      if (chosen.length < bestSize) {
        best = [...chosen];
        bestSize = chosen.length;
      }
      return;
    }
    if (chosen.length + disjointCount(open) >= bestSize) return;
    const pick = open.reduce((a, b) => (b.length < a.length ? b : a));
    for (const e of pick) {
      chosen.push(e);
      has.add(e);
      search();
      has.delete(e);
      chosen.pop();
    }
  };
  search();
  return { set: best, exhausted: left < 0 };
}

/**
 * A proven minimum cut, or why there is none. `removeLines` re-runs the analysis with the lines
 * removed (the caller applies the edits).
 */
export function exactCut(
  before: LateralMovement,
  permits: LineIndex,
  removeLines: (lines: readonly string[]) => LateralMovement,
  upperBound: number,
  budget: ExactCutBudget = EXACT_CUT_BUDGET,
): ExactCut {
  const constraints = pathLines(before, permits);
  if (constraints.length === 0) return { status: 'minimum', lines: [], after: before };
  let lowerBound = 0;
  for (let round = 0; round < budget.rounds; round++) {
    if (constraints.some((c) => c.length === 0)) return { status: 'impossible' };
    if (budget.deadline !== undefined && Date.now() > budget.deadline)
      return { status: 'unknown', lowerBound };
    if (new Set(constraints.flat()).size > budget.lines) return { status: 'unknown', lowerBound };
    // Look for a hitting set no larger than the cut already known (+1: the bound is exclusive).
    const solved = minimumHittingSet(constraints, upperBound + 1, budget.steps);
    if (solved.exhausted || solved.set === null) return { status: 'unknown', lowerBound };
    lowerBound = solved.set.length;
    const after = removeLines(solved.set);
    if (after.targets.length === 0) return { status: 'minimum', lines: solved.set, after };
    const seen = new Set(constraints.map((c) => c.join('\0')));
    let added = 0;
    for (const c of pathLines(after, permits)) {
      const key = c.join('\0');
      if (seen.has(key)) continue;
      seen.add(key);
      constraints.push(c);
      added++;
    }
    // Paths remain but none is new: their lines were all in the set, so a removal did not
    // break them (another rule on the same line decided); nothing more can be learnt here.
    if (added === 0) return { status: 'unknown', lowerBound };
  }
  return { status: 'unknown', lowerBound };
}
