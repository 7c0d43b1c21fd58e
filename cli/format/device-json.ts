import type { Device, InterfaceMatch, NatRule, Rule, RuleList } from '../../models/device';
import { formatAddressSet, formatServiceSet } from '../../models/net';

/**
 * The `parse --json` form of a Device: plain JSON (no Maps, no bigints), address and service
 * sets as the readable strings of models/net, and every rule with its list and SourceRef.
 */

/** `eth0`, `eth+`, `!eth0,eth1` (iptables-like). */
export function formatInterfaceMatch(m: InterfaceMatch): string {
  return `${m.negate ? '!' : ''}${m.names.join(',')}`;
}

export interface RuleJson {
  readonly id: string;
  readonly list: string;
  readonly action: string;
  readonly target?: string;
  readonly label?: string;
  readonly detail?: string;
  readonly src: string;
  readonly dst: string;
  readonly service: string;
  readonly in?: string;
  readonly out?: string;
  /** False when the rule can only match packets of established or related connections. */
  readonly matchesNew: boolean;
  readonly uncertain?: string;
  readonly source: Rule['source'];
}

/** Formatting an address or service set costs more than the rule; configs repeat them a lot. */
export class SetFormatter {
  private readonly addresses = new Map<object, string>();
  private readonly services = new Map<object, string>();

  address(set: Rule['match']['src']): string {
    let s = this.addresses.get(set);
    if (s === undefined) this.addresses.set(set, (s = formatAddressSet(set)));
    return s;
  }

  service(set: Rule['match']['service']): string {
    let s = this.services.get(set);
    if (s === undefined) this.services.set(set, (s = formatServiceSet(set)));
    return s;
  }
}

export function ruleToJson(rule: Rule, list: string, fmt: SetFormatter = new SetFormatter()): RuleJson {
  const m = rule.match;
  const uncertain = [m.uncertain, rule.uncertainEffect].filter((u): u is string => u !== undefined);
  return {
    id: rule.id,
    list,
    action: rule.action,
    ...(rule.target !== undefined ? { target: rule.target } : {}),
    ...(rule.label !== undefined ? { label: rule.label } : {}),
    ...(rule.detail !== undefined ? { detail: rule.detail } : {}),
    src: fmt.address(m.src),
    dst: fmt.address(m.dst),
    service: fmt.service(m.service),
    ...(m.inInterface !== undefined ? { in: formatInterfaceMatch(m.inInterface) } : {}),
    ...(m.outInterface !== undefined ? { out: formatInterfaceMatch(m.outInterface) } : {}),
    matchesNew: m.matchesNew,
    ...(uncertain.length > 0 ? { uncertain: uncertain.join('; ') } : {}),
    source: rule.source,
  };
}

/** `deny`/`permit` for a list with a default, `return` for one that returns to its caller. */
export const listDefault = (l: RuleList): string =>
  l.fallThrough.kind === 'default' ? l.fallThrough.action : 'return';

/** Everything about a device except its rules and NAT rules (which are streamed). */
export function deviceHeadToJson(device: Device): Record<string, unknown> {
  return {
    name: device.name,
    vendor: device.vendor,
    file: device.file,
    interfaces: device.interfaces,
    zones: device.zones,
    lists: [...device.lists.values()].map((l) => ({
      name: l.name,
      default: listDefault(l),
      defaultSource: l.fallThrough.kind === 'default' ? l.fallThrough.source : null,
      rules: l.rules.length,
      source: l.source,
    })),
    bindings: device.bindings,
    routes: device.routes,
    support: device.support,
  };
}

/** The device's rules, list by list, in evaluation order within each list. */
export function* deviceRules(device: Device, fmt: SetFormatter = new SetFormatter()): Generator<RuleJson> {
  for (const l of device.lists.values()) for (const r of l.rules) yield ruleToJson(r, l.name, fmt);
}

export function natToJson(n: NatRule, fmt: SetFormatter = new SetFormatter()): Record<string, unknown> {
  return {
    id: n.id,
    kind: n.kind,
    translates: n.translates,
    list: n.list,
    src: fmt.address(n.match.src),
    dst: fmt.address(n.match.dst),
    service: fmt.service(n.match.service),
    to: n.to,
    source: n.source,
  };
}

/** The whole `parse --json` device object (the CLI streams the same thing in parts). */
export function deviceToJson(
  device: Device,
  fmt: SetFormatter = new SetFormatter(),
): Record<string, unknown> {
  return {
    ...deviceHeadToJson(device),
    rules: [...deviceRules(device, fmt)],
    nat: device.nat.map((n) => natToJson(n, fmt)),
  };
}
