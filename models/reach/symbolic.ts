import type { Binding, Device, Rule, RuleList } from '../device';
import type { SourceRef } from '../diagnostics';
import {
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

export interface SymbolicPiece {
  readonly services: ServiceSet;
  /** The rule (or list default) the device's verdict cites for these services; null when unfiltered. */
  readonly rule: SourceRef | null;
}

export interface SymbolicQuery {
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly inInterface: string;
  readonly outInterface: string;
  /** The services to decide: first packets of NEW connections (no ICMP: its state depends on the type). */
  readonly universe: ServiceSet;
}

interface Region {
  readonly services: ServiceSet;
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

/** The bindings evaluateDevice runs for transit traffic between two known interfaces. */
function transitBindings(device: Device, q: SymbolicQuery): Binding[] | null {
  const fromZone = zoneOf(device, q.inInterface);
  const toZone = zoneOf(device, q.outInterface);
  const out: Binding[] = [];
  for (const b of device.bindings) {
    if (b.attachment !== 'transit') continue;
    if (b.family !== undefined && b.family !== q.src.family) continue;
    if (b.inInterface !== undefined && b.inInterface !== q.inInterface) continue;
    if (b.outInterface !== undefined && b.outInterface !== q.outInterface) continue;
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

export function symbolicTransit(device: Device, q: SymbolicQuery): SymbolicPiece[] | null {
  if (
    device.families !== undefined &&
    !(device.families.includes(q.src.family) && device.families.includes(q.dst.family))
  )
    return null;
  if (device.nat.some((n) => n.translates === 'destination')) return null;
  const bindings = transitBindings(device, q);
  if (bindings === null) return null;
  let regions: Region[] = [{ services: q.universe, last: undefined, primary: undefined }];
  for (const b of bindings) {
    const list = device.lists.get(b.list);
    if (list === undefined) continue;
    if (!isSimple(list)) return null;
    const next: Region[] = [];
    for (const region of regions) {
      let rest = region.services;
      for (const r of list.rules) {
        if (serviceIsEmpty(rest)) break;
        if (r.action === 'continue') continue;
        const m = r.match;
        if (!m.matchesNew) continue;
        if (!addressContains(m.src, q.src) || !addressContains(m.dst, q.dst)) continue;
        if (m.inInterface && !interfaceMatches(m.inInterface, q.inInterface)) continue;
        if (m.outInterface && !interfaceMatches(m.outInterface, q.outInterface)) continue;
        const hit = serviceIntersect(rest, m.service);
        if (serviceIsEmpty(hit)) continue;
        rest = serviceSubtract(rest, hit);
        if (r.action === 'permit')
          next.push({ services: hit, last: r.source, primary: b.primary ? r.source : region.primary });
        // denied services are dropped: evaluation stops at the first deny
      }
      if (serviceIsEmpty(rest)) continue;
      if (list.fallThrough.kind === 'default') {
        if (list.fallThrough.action === 'permit') {
          const src = list.fallThrough.source;
          next.push({ services: rest, last: src, primary: b.primary ? src : region.primary });
        }
      } else next.push({ ...region, services: rest });
    }
    regions = next;
  }
  const byRule = new Map<SourceRef | null, ServiceSet>();
  for (const r of regions) {
    const cite = r.primary !== undefined ? r.primary : r.last !== undefined ? r.last : null;
    byRule.set(cite, serviceUnion(byRule.get(cite) ?? NO_SERVICE, r.services));
  }
  return [...byRule.entries()].map(([rule, services]) => ({ rule, services }));
}
