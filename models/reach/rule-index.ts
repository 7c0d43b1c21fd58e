import type { Device, InterfaceMatch, Rule, RuleList } from '../device';
import type { DeviceQuery } from './evaluate';

/**
 * Per list, the rules that can match at all for one (ingress, egress, protocol): a rule for
 * another interface pair or protocol, or one that never matches a new connection, is dropped.
 * Batch queries ask the same few combinations again and again, so the filtering is cached.
 */
const candidateCache = new WeakMap<RuleList, Map<string, readonly Rule[]>>();
export function candidates(list: RuleList, query: DeviceQuery): readonly Rule[] {
  if (list.rules.length < 8) return list.rules;
  let byKey = candidateCache.get(list);
  if (byKey === undefined) {
    byKey = new Map();
    candidateCache.set(list, byKey);
  }
  const key = `${query.inInterface ?? '\u0000'}|${query.outInterface ?? '\u0000'}|${query.flow.proto}`;
  let rules = byKey.get(key);
  if (rules === undefined) {
    const { inInterface, outInterface } = query;
    const proto = query.flow.proto;
    rules = list.rules.filter(
      (r) =>
        (r.match.matchesNew || r.match.matchesUntracked === true || r.match.matchesInvalid === true) &&
        r.match.service.has(proto) &&
        (r.match.inInterface === undefined ||
          inInterface === undefined ||
          interfaceMatches(r.match.inInterface, inInterface)) &&
        (r.match.outInterface === undefined ||
          outInterface === undefined ||
          interfaceMatches(r.match.outInterface, outInterface)),
    );
    byKey.set(key, rules);
  }
  return rules;
}

/** The names of each device's loopback interfaces, computed once per device. */
const loopbacks = new WeakMap<Device, ReadonlySet<string>>();
export function loopbackNames(device: Device): ReadonlySet<string> {
  let names = loopbacks.get(device);
  if (names === undefined) {
    names = new Set(device.interfaces.filter((i) => i.loopback).map((i) => i.name));
    loopbacks.set(device, names);
  }
  return names;
}

/** iptables semantics, shared by every vendor: a trailing `+` makes the name a prefix. */
export function interfaceMatches(m: InterfaceMatch, name: string): boolean {
  let hit = false;
  for (const p of m.names) {
    const last = p.length - 1;
    if (last >= 0 && p.charCodeAt(last) === 43 /* + */) {
      if (name.length >= last && name.startsWith(p.substring(0, last))) hit = true;
    } else if (p === name) hit = true;
    if (hit) break;
  }
  return hit !== m.negate;
}
