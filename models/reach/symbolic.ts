import type { Binding, Device, Rule, RuleList } from '../device';
import type { SourceRef } from '../diagnostics';
import {
  type Family,
  type IpAddress,
  NO_SERVICE,
  type ServiceSet,
  addressContains,
  serviceIntersect,
  serviceIsEmpty,
  serviceSubtract,
  serviceUnion,
} from '../net';
import { interfaceMatches } from './rule-index';

/**
 * The services a device permits from one address to another through one interface pair,
 * computed over service sets in one first-match walk instead of one evaluation per service:
 * for the common shape of rule lists (permit / deny / no-op rules, certain matches, no jumps,
 * no NAT on the way). Anything else returns null and the caller evaluates service by service
 * with evaluateDevice, so vendor semantics stay in one place; a property test holds the two
 * to the same answers.
 */

export interface SymbolicPiece<S = ServiceSet> {
  readonly services: S;
  /** The rule (or list default) the device's verdict cites for these services; null when unfiltered. */
  readonly rule: SourceRef | null;
}

export interface SymbolicQuery<S = ServiceSet> {
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly inInterface: string;
  readonly outInterface: string;
  /** The services to decide: first packets of NEW connections (no ICMP: its state depends on the type). */
  readonly universe: S;
  /**
   * The rules of a list that can match these addresses, in list order (a caller that indexes
   * rules by address passes them; every other rule is skipped by the address test anyway).
   */
  readonly rulesOf?: (list: RuleList) => readonly Rule[];
}

/**
 * The set operations the walk needs. Service sets are one algebra; a few probe services as
 * bits (lateral movement) are another, where a rule's services are the probes it holds.
 */
export interface ServiceAlgebra<S> {
  readonly empty: S;
  isEmpty(s: S): boolean;
  intersect(a: S, b: S): S;
  subtract(a: S, b: S): S;
  union(a: S, b: S): S;
  /** The services a rule matches, in this algebra. */
  of(rule: Rule): S;
}

const SERVICE_SETS: ServiceAlgebra<ServiceSet> = {
  empty: NO_SERVICE,
  isEmpty: serviceIsEmpty,
  intersect: serviceIntersect,
  subtract: serviceSubtract,
  union: serviceUnion,
  of: (r) => r.match.service,
};

interface Region<S> {
  readonly services: S;
  readonly last: SourceRef | null | undefined;
  readonly primary: SourceRef | null | undefined;
}

/** Whether a rule can be walked over sets: a plain decision or a no-op, with a certain match. */
const simple = (r: Rule): boolean =>
  (r.action === 'permit' || r.action === 'deny' || (r.action === 'continue' && r.effect === undefined)) &&
  r.match.uncertain === undefined &&
  r.uncertainEffect === undefined;

const simpleLists = new WeakMap<RuleList, boolean>();
function isSimple(list: RuleList): boolean {
  let s = simpleLists.get(list);
  if (s === undefined) simpleLists.set(list, (s = list.rules.every(simple)));
  return s;
}

const zoneOf = (device: Device, iface: string): string | undefined =>
  device.interfaces.find((i) => i.name === iface)?.zone;

/** The bindings evaluateDevice runs for transit traffic of a family between two known interfaces. */
function transitBindings(
  device: Device,
  family: Family,
  inInterface: string,
  outInterface: string,
): Binding[] | null {
  const fromZone = zoneOf(device, inInterface);
  const toZone = zoneOf(device, outInterface);
  const out: Binding[] = [];
  for (const b of device.bindings) {
    if (b.attachment !== 'transit') continue;
    if (b.family !== undefined && b.family !== family) continue;
    if (b.inInterface !== undefined && b.inInterface !== inInterface) continue;
    if (b.outInterface !== undefined && b.outInterface !== outInterface) continue;
    // An unknown zone makes evaluateDevice note an uncertainty: leave it to the evaluator.
    if (
      (b.fromZone !== undefined && fromZone === undefined) ||
      (b.toZone !== undefined && toZone === undefined)
    )
      return null;
    if (b.fromZone !== undefined && b.fromZone !== fromZone) continue;
    if (b.toZone !== undefined && b.toZone !== toZone) continue;
    out.push(b);
  }
  return out;
}

/**
 * The lists a plain transit walk runs for a family between two interfaces, or null when the
 * walk does not apply (the family is not covered, destination NAT, a zone not known, a list
 * that is not plain). Where it applies, evaluateDevice notes no uncertainty for any such flow:
 * every source of one (uncertain matches and effects, jumps, unknown interfaces or zones,
 * NAT, uncovered families) is excluded here.
 */
export function plainTransitLists(
  device: Device,
  family: Family,
  inInterface: string,
  outInterface: string,
): readonly { readonly list: RuleList; readonly primary: boolean }[] | null {
  if (device.families !== undefined && !device.families.includes(family)) return null;
  if (device.nat.some((n) => n.translates === 'destination')) return null;
  const bindings = transitBindings(device, family, inInterface, outInterface);
  if (bindings === null) return null;
  const out: { list: RuleList; primary: boolean }[] = [];
  for (const b of bindings) {
    const list = device.lists.get(b.list);
    if (list === undefined) continue;
    if (!isSimple(list)) return null;
    out.push({ list, primary: b.primary === true });
  }
  return out;
}

export function symbolicTransit(device: Device, q: SymbolicQuery): SymbolicPiece[] | null {
  return symbolicTransitIn(SERVICE_SETS, device, q);
}

/** symbolicTransit in another algebra of services (the same walk, the same nulls). */
export function symbolicTransitIn<S>(
  alg: ServiceAlgebra<S>,
  device: Device,
  q: SymbolicQuery<S>,
): SymbolicPiece<S>[] | null {
  if (q.src.family !== q.dst.family) return null;
  const lists = plainTransitLists(device, q.src.family, q.inInterface, q.outInterface);
  if (lists === null) return null;
  let regions: Region<S>[] = [{ services: q.universe, last: undefined, primary: undefined }];
  for (const b of lists) {
    const { list } = b;
    const rules = q.rulesOf ? q.rulesOf(list) : list.rules;
    const next: Region<S>[] = [];
    for (const region of regions) {
      let rest = region.services;
      for (const r of rules) {
        if (alg.isEmpty(rest)) break;
        if (r.action === 'continue') continue;
        const m = r.match;
        if (!m.matchesNew) continue;
        if (!addressContains(m.src, q.src) || !addressContains(m.dst, q.dst)) continue;
        if (m.inInterface && !interfaceMatches(m.inInterface, q.inInterface)) continue;
        if (m.outInterface && !interfaceMatches(m.outInterface, q.outInterface)) continue;
        const hit = alg.intersect(rest, alg.of(r));
        if (alg.isEmpty(hit)) continue;
        rest = alg.subtract(rest, hit);
        if (r.action === 'permit')
          next.push({ services: hit, last: r.source, primary: b.primary ? r.source : region.primary });
        // denied services are dropped: evaluation stops at the first deny
      }
      if (alg.isEmpty(rest)) continue;
      if (list.fallThrough.kind === 'default') {
        if (list.fallThrough.action === 'permit') {
          const src = list.fallThrough.source;
          next.push({ services: rest, last: src, primary: b.primary ? src : region.primary });
        }
      } else next.push({ ...region, services: rest });
    }
    regions = next;
  }
  const byRule = new Map<SourceRef | null, S>();
  for (const r of regions) {
    const cite = r.primary !== undefined ? r.primary : r.last !== undefined ? r.last : null;
    byRule.set(cite, alg.union(byRule.get(cite) ?? alg.empty, r.services));
  }
  return [...byRule.entries()].map(([rule, services]) => ({ rule, services }));
}
