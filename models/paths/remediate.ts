import type { Device, Rule, RuleList } from '../device';
import type { SourceRef } from '../diagnostics';
import { type AddressSet, type ServiceSet, addressIntersect, serviceIntersect } from '../net';
import type { Network } from '../topology/network';
import { type AnalyzeOptions, type AttackPath, type LateralMovement, lateralMovement } from './analyze';
import { EXACT_CUT_BUDGET, exactCut, lineKey } from './min-cut';

/**
 * What-if and remediation. Edits change rules in a copy of the site; the analysis is re-run on
 * the copy, and the difference (paths opened and closed) is what the change does. A cut is a
 * set of rule removals after which no foothold reaches any target, found greedily (the rule
 * most paths depend on first) and verified by re-running the analysis with it applied. It is
 * small, not proven minimum: removing a rule can let a later rule decide instead, so the effect
 * of a removal is only known by re-running.
 */
export type RuleEdit =
  | { readonly kind: 'disable'; readonly device: string; readonly rule: string }
  | {
      readonly kind: 'narrow';
      readonly device: string;
      readonly rule: string;
      readonly src?: AddressSet;
      readonly dst?: AddressSet;
      readonly service?: ServiceSet;
    }
  | {
      readonly kind: 'deny-above';
      readonly device: string;
      readonly rule: string;
      readonly src: AddressSet;
      readonly dst: AddressSet;
      readonly service: ServiceSet;
    };

export class EditError extends Error {}

/** The site with the edits applied to copies of the devices they name. */
export function applyEdits(net: Network, edits: readonly RuleEdit[]): Network {
  const byDevice = new Map<string, RuleEdit[]>();
  for (const e of edits) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
  for (const name of byDevice.keys())
    if (!net.devices.some((d) => d.name === name)) throw new EditError(`no device named '${name}'`);
  const devices = net.devices.map((d) => {
    const mine = byDevice.get(d.name);
    return mine ? editDevice(d, mine) : d;
  });
  return { ...net, devices };
}

function editDevice(device: Device, edits: readonly RuleEdit[]): Device {
  const lists = new Map<string, RuleList>();
  const found = new Set<RuleEdit>();
  for (const [name, list] of device.lists) {
    let changed = false;
    const rules: Rule[] = [];
    for (const r of list.rules) {
      const mine = edits.filter((e) => e.rule === r.id);
      if (mine.length === 0) {
        rules.push(r);
        continue;
      }
      changed = true;
      let rule: Rule | null = r;
      for (const e of mine) {
        found.add(e);
        if (e.kind === 'disable') rule = null;
        else if (e.kind === 'deny-above')
          rules.push({
            ...r,
            id: `${r.id}/what-if-deny`,
            action: 'deny',
            match: { ...r.match, src: e.src, dst: e.dst, service: e.service },
            label: 'what-if: deny added above',
          });
        else if (rule)
          rule = {
            ...rule,
            match: {
              ...rule.match,
              ...(e.src ? { src: addressIntersect(rule.match.src, e.src) } : {}),
              ...(e.dst ? { dst: addressIntersect(rule.match.dst, e.dst) } : {}),
              ...(e.service ? { service: serviceIntersect(rule.match.service, e.service) } : {}),
            },
          };
      }
      if (rule) rules.push(rule);
    }
    lists.set(name, changed ? { ...list, rules } : list);
  }
  const missing = edits.filter((e) => !found.has(e));
  if (missing.length > 0) throw new EditError(`device ${device.name} has no rule '${missing[0]!.rule}'`);
  return { ...device, lists };
}

/** Paths (by target and hops) present in one analysis and not the other. */
export interface PathDifference {
  readonly opened: readonly AttackPath[];
  readonly closed: readonly AttackPath[];
  readonly targetsNowReachable: readonly string[];
  readonly targetsNowUnreachable: readonly string[];
}

const pathKey = (p: AttackPath): string =>
  `${p.to}|${p.hops.map((h) => `${h.fromIp}>${h.toIp}:${h.service}`).join('|')}`;

export function comparePaths(before: LateralMovement, after: LateralMovement): PathDifference {
  const b = new Map(before.targets.flatMap((t) => t.paths).map((p) => [pathKey(p), p]));
  const a = new Map(after.targets.flatMap((t) => t.paths).map((p) => [pathKey(p), p]));
  const reachBefore = new Set(before.targets.map((t) => t.target));
  const reachAfter = new Set(after.targets.map((t) => t.target));
  return {
    opened: [...a.entries()].filter(([k]) => !b.has(k)).map(([, p]) => p),
    closed: [...b.entries()].filter(([k]) => !a.has(k)).map(([, p]) => p),
    targetsNowReachable: [...reachAfter].filter((t) => !reachBefore.has(t)).sort(),
    targetsNowUnreachable: [...reachBefore].filter((t) => !reachAfter.has(t)).sort(),
  };
}

export interface CutRule {
  readonly device: string;
  readonly rule: string;
  readonly source: SourceRef;
  /** How many of the remaining paths used the rule when it was chosen. */
  readonly paths: number;
}

export interface Cut {
  readonly rules: readonly CutRule[];
  /** True when the analysis re-run with every rule of the cut removed finds no path. */
  readonly closesAll: boolean;
  /**
   * True when no smaller set of config lines closes every path (proven by models/paths/min-cut.ts);
   * false when the search ran out of budget and the cut is only minimal by inclusion.
   */
  readonly minimum: boolean;
  readonly before: LateralMovement;
  readonly after: LateralMovement;
}

/**
 * A set of permit rules whose removal leaves no path from the footholds to the targets: each
 * round tries the rules the most remaining paths cite and removes the one that leaves the fewest
 * targets reachable; then every chosen rule the others make unnecessary is put back. Then the
 * exact search of models/paths/min-cut.ts looks for a smaller set and, within its budget, proves
 * the result the smallest.
 */
export function remediationCut(net: Network, options: AnalyzeOptions = {}, maxRounds = 25): Cut {
  const started = Date.now();
  const before = lateralMovement(net, options);
  // A config line may stand for several rules (iptables `-s a,b`): all of them go together.
  const rules = new Map<string, { device: string; rule: Rule; ids: string[] }>();
  for (const d of net.devices)
    for (const l of d.lists.values())
      for (const r of l.rules) {
        const k = ref(r.source);
        const hit = rules.get(k);
        if (hit) hit.ids.push(r.id);
        else rules.set(k, { device: d.name, rule: r, ids: [r.id] });
      }
  const chosen: CutRule[] = [];
  const edits: RuleEdit[] = [];
  const editsFor = (c: CutRule): RuleEdit[] =>
    rules.get(ref(c.source))!.ids.map((id) => ({ kind: 'disable' as const, device: c.device, rule: id }));
  let current = before;
  for (let round = 0; round < maxRounds && current.targets.length > 0; round++) {
    const counts = new Map<string, number>();
    for (const t of current.targets)
      for (const p of t.paths)
        for (const h of p.hops)
          for (const d of h.devices) {
            if (!d.rule) continue;
            const hit = rules.get(ref(d.rule));
            if (hit && hit.rule.action === 'permit')
              counts.set(ref(d.rule), (counts.get(ref(d.rule)) ?? 0) + 1);
          }
    // Look ahead: of the rules the most paths cite, remove the one that leaves the fewest
    // targets reachable (then the fewest paths).
    const candidates = [...counts.entries()]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, LOOKAHEAD);
    if (candidates.length === 0) break;
    let best: { key: string; count: number; edits: RuleEdit[]; result: LateralMovement } | null = null;
    for (const [key, count] of candidates) {
      const { device, ids } = rules.get(key)!;
      const trial = [...edits, ...ids.map((id) => ({ kind: 'disable' as const, device, rule: id }))];
      const result = lateralMovement(applyEdits(net, trial), options);
      const score = (r: LateralMovement): number =>
        r.targets.length * 1e6 + r.targets.reduce((n, t) => n + t.paths.length, 0);
      if (best === null || score(result) < score(best.result)) best = { key, count, edits: trial, result };
    }
    const { device, rule } = rules.get(best!.key)!;
    chosen.push({ device, rule: rule.id, source: rule.source, paths: best!.count });
    edits.splice(0, edits.length, ...best!.edits);
    current = best!.result;
  }
  // Reverse delete: put back each chosen rule whose removal the others make unnecessary, so the
  // cut is minimal by inclusion (no rule of it can be kept without reopening a path).
  if (current.targets.length === 0) {
    for (let i = chosen.length - 1; i >= 0 && chosen.length > 1; i--) {
      const without = chosen.filter((_, k) => k !== i);
      const trial = without.flatMap((c) => editsFor(c));
      const result = lateralMovement(applyEdits(net, trial), options);
      if (result.targets.length === 0) {
        chosen.splice(i, 1);
        current = result;
      }
    }
  }
  const permits = new Map(
    [...rules.entries()]
      .filter(([, r]) => r.rule.action === 'permit')
      .map(([key, r]) => [key, { device: r.device, source: r.rule.source, ids: r.ids }]),
  );
  const removeLines = (lines: readonly string[]): LateralMovement =>
    lateralMovement(
      applyEdits(
        net,
        lines.flatMap((key) => {
          const { device, ids } = permits.get(key)!;
          return ids.map((id) => ({ kind: 'disable' as const, device, rule: id }));
        }),
      ),
      options,
    );
  const greedyCloses = current.targets.length === 0;
  // The proof may take as long again as the greedy search did (at least ten seconds).
  const exact = exactCut(before, permits, removeLines, greedyCloses ? chosen.length : maxRounds, {
    ...EXACT_CUT_BUDGET,
    deadline: Date.now() + Math.max(10_000, 2 * (Date.now() - started)),
  });
  if (exact.status === 'minimum') {
    const uses = (key: string): number =>
      before.targets.reduce(
        (n, t) =>
          n +
          t.paths.filter((p) => p.hops.some((h) => h.devices.some((d) => d.rule && lineKey(d.rule) === key)))
            .length,
        0,
      );
    const rulesOf = exact.lines
      .map((key) => {
        const { device, source, ids } = permits.get(key)!;
        return { device, rule: ids[0]!, source, paths: uses(key) };
      })
      .sort((a, b) => b.paths - a.paths || lineKey(a.source).localeCompare(lineKey(b.source)));
    return { rules: rulesOf, closesAll: true, minimum: true, before, after: exact.after };
  }
  return { rules: chosen, closesAll: greedyCloses, minimum: false, before, after: current };
}

const ref = lineKey;
/** How many of the most-cited rules each round tries before choosing. */
const LOOKAHEAD = 5;
