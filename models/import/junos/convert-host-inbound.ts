import type { DiagnosticSink } from '../../diagnostics';
import type { Binding, Rule, RuleList } from '../../device';
import {
  ANY_ADDRESS,
  ANY_PORT,
  ANY_SERVICE,
  PROTO,
  type ServiceSet,
  icmpService,
  portRange,
  serviceOfProtocol,
  serviceUnion,
} from '../../net';
import { logicalName } from './convert';
import type { JunosConfig, JunosHostInboundEntry } from './model';

/**
 * `security zones security-zone Z host-inbound-traffic` (and per interface of the zone): which
 * traffic addressed to the device itself an SRX accepts from that zone. Juniper ("Understanding
 * How to Control Inbound Traffic Based on Traffic Types"): host-inbound traffic is dropped unless
 * enabled, and the interface configuration overrides the zone's. Here the override is taken per
 * category (assumed; the page does not say): an interface that lists `system-services` uses its own services and the zone's
 * `protocols` (if it lists none of its own), and the other way round.
 *
 * One list per zone (`host-inbound Z`) and one per interface with its own settings
 * (`host-inbound Z IF`): the `except` entries (deny) first, then the enabled services (permit),
 * then the implicit drop. They are bound to to-device traffic from the zone, after the interface
 * input filters and before `to-zone junos-host` policies (the SRX order).
 */

const tcp = (port: number, end = port): ServiceSet =>
  serviceOfProtocol(PROTO.TCP, ANY_PORT, portRange(port, end));
const udp = (port: number, end = port): ServiceSet =>
  serviceOfProtocol(PROTO.UDP, ANY_PORT, portRange(port, end));

/**
 * System services matched by the standard (IANA) ports of the service; Juniper's pages name the
 * services, not their ports. ping = ICMP / ICMPv6 echo request. Any other name is uncertain.
 */
const SYSTEM_SERVICES: ReadonlyMap<string, ServiceSet> = new Map([
  ['ssh', tcp(22)],
  ['telnet', tcp(23)],
  ['ftp', tcp(21)],
  ['http', tcp(80)],
  ['https', tcp(443)],
  ['netconf', tcp(830)],
  ['dns', serviceUnion(udp(53), tcp(53))],
  ['ntp', udp(123)],
  ['snmp', udp(161)],
  ['tftp', udp(69)],
  ['ike', udp(500)],
  ['ping', serviceUnion(icmpService(PROTO.ICMP, [8, 9]), icmpService(PROTO.ICMPV6, [128, 129]))],
]);

/** Routing protocols by their IANA protocol numbers / ports. */
const PROTOCOLS: ReadonlyMap<string, ServiceSet> = new Map([
  ['bgp', tcp(179)],
  ['ospf', serviceOfProtocol(89)],
  ['ospf3', serviceOfProtocol(89)],
  ['rip', udp(520)],
  ['ripng', udp(521)],
  ['pim', serviceOfProtocol(103)],
  ['vrrp', serviceOfProtocol(112)],
  ['rsvp', serviceOfProtocol(46)],
  ['igmp', serviceOfProtocol(2)],
  ['ldp', serviceUnion(tcp(646), udp(646))],
]);

export interface HostInbound {
  readonly lists: RuleList[];
  readonly bindings: Binding[];
  readonly uncertainRules: number;
}

export const hostInboundListName = (zone: string, iface?: string): string =>
  iface === undefined ? `host-inbound ${zone}` : `host-inbound ${zone} ${iface}`;

export function convertHostInbound(config: JunosConfig, sink: DiagnosticSink): HostInbound {
  const lists: RuleList[] = [];
  const bindings: Binding[] = [];
  let uncertainRules = 0;
  const reported = new Set<JunosHostInboundEntry>();
  const build = (
    name: string,
    entries: readonly JunosHostInboundEntry[],
    where: (e: JunosHostInboundEntry) => string,
  ): RuleList => {
    const rules: Rule[] = [];
    const ordered = [...entries.filter((e) => e.except), ...entries.filter((e) => !e.except)];
    for (const e of ordered) {
      const table = e.kind === 'system-services' ? SYSTEM_SERVICES : PROTOCOLS;
      const push = (service: ServiceSet, uncertain?: string): void => {
        if (uncertain !== undefined) uncertainRules++;
        rules.push({
          id: `${name}#${rules.length + 1}`,
          action: e.except ? 'deny' : 'permit',
          match: {
            src: ANY_ADDRESS,
            dst: ANY_ADDRESS,
            service,
            matchesNew: true,
            ...(uncertain !== undefined ? { uncertain } : {}),
          },
          source: e.source,
          origin: {
            vendor: 'junos',
            file: e.source.file,
            line: e.source.line,
            name: `${where(e)} host-inbound-traffic ${e.kind} ${e.name}${e.except ? ' except' : ''}`,
          },
        });
      };
      const known = table.get(e.name);
      if (known !== undefined) push(known);
      else if (e.name === 'all') {
        push(
          ANY_SERVICE,
          `${e.kind} all: every ${e.kind === 'system-services' ? 'host service' : 'routing protocol'} the device runs (the exact set is not modelled)`,
        );
      } else {
        if (!reported.has(e)) {
          reported.add(e);
          sink.warning(
            'uncertain-match',
            `host-inbound-traffic ${e.kind} '${e.name}': its ports are not in the importer's verified table; taken as any service${e.except ? ' (the except is not applied)' : ''}, verdicts are uncertain`,
            e.source,
          );
        }
        push(ANY_SERVICE, `host-inbound-traffic ${e.kind} ${e.name}: ports not verified`);
      }
      // IKE with NAT traversal also uses udp/4500; not verified, so only as an uncertain match.
      if (e.name === 'ike' && e.kind === 'system-services' && !e.except)
        push(udp(4500), 'ike: NAT-T udp/4500 is not verified');
    }
    return {
      name,
      rules,
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: entries[0]?.source ?? null,
    };
  };
  for (const zone of config.zones.values()) {
    if (zone.name === 'junos-host') continue;
    const zoneWhere = `security-zone ${zone.name}`;
    const zoneList = build(hostInboundListName(zone.name), zone.hostInbound, () => zoneWhere);
    lists.push(zoneList);
    if (zone.interfaceHostInbound.size === 0) {
      bindings.push({ attachment: 'to-device', list: zoneList.name, fromZone: zone.name });
      continue;
    }
    const own = new Map<string, JunosHostInboundEntry[]>();
    for (const [name, entries] of zone.interfaceHostInbound) {
      const ln = logicalName(name);
      own.set(ln, [...(own.get(ln) ?? []), ...entries]);
    }
    const names = [...new Set(zone.interfaces.map((i) => logicalName(i.name)))];
    for (const iface of names) {
      const entries = own.get(iface);
      if (entries === undefined || entries.length === 0) {
        bindings.push({
          attachment: 'to-device',
          list: zoneList.name,
          fromZone: zone.name,
          inInterface: iface,
        });
        continue;
      }
      const effective = [
        ...(['system-services', 'protocols'] as const).flatMap((kind) => {
          const mine = entries.filter((e) => e.kind === kind);
          return mine.length > 0 ? mine : zone.hostInbound.filter((e) => e.kind === kind);
        }),
      ];
      const list = build(hostInboundListName(zone.name, iface), effective, (e) =>
        entries.includes(e) ? `${zoneWhere} interfaces ${iface}` : zoneWhere,
      );
      lists.push(list);
      bindings.push({ attachment: 'to-device', list: list.name, fromZone: zone.name, inInterface: iface });
    }
  }
  return { lists, bindings, uncertainRules };
}
