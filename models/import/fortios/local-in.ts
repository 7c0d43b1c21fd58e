import type { DiagnosticSink } from '../../diagnostics';
import type { Rule, RuleList } from '../../device';
import {
  type AddressSet,
  ANY_ADDRESS,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type ServiceSet,
  addressIsEmpty,
  addressUnion,
  icmpService,
  parseAddressSpec,
  serviceOfProtocol,
  serviceSubtract,
  serviceUnion,
} from '../../net';
import type { FortiosConfig, FortiosInterface, FortiosVdom } from './model';

export const LOCAL_IN_LIST = 'local-in';

const tcp = (p: number): ServiceSet => serviceOfProtocol(6, undefined, [p, p + 1]);
const udp = (lo: number, hi = lo): ServiceSet => serviceOfProtocol(17, undefined, [lo, hi + 1]);

/** The administrative services of `allowaccess`, with the ports `config system global` sets. */
function adminServices(config: FortiosConfig): Readonly<Record<string, ServiceSet>> {
  const port = (key: string, dflt: number): number => {
    const v = Number(config.global.get(key)?.values[0]);
    return Number.isInteger(v) && v > 0 && v < 65536 ? v : dflt;
  };
  return {
    ping: icmpService(1, [8, 9]),
    https: tcp(port('admin-sport', 443)),
    http: tcp(port('admin-port', 80)),
    ssh: tcp(port('admin-ssh-port', 22)),
    telnet: tcp(port('admin-telnet-port', 23)),
    snmp: udp(161, 162),
    fgfm: tcp(541),
  };
}

/** The interface's own IPv4 addresses (hosts, not subnets): `allowaccess` is for IPv4 (IPv6 has `ip6-allowaccess`). */
function ownAddresses(i: FortiosInterface): AddressSet {
  let set = EMPTY_ADDRESSES;
  for (const a of i.addresses) {
    if (a.includes(':')) continue;
    const p = parseAddressSpec(a.split('/')[0]!);
    if (p.ok) set = addressUnion(set, p.value.set);
  }
  return set;
}

/**
 * Traffic to the FortiGate itself, per ingress interface: the administrative services its
 * `allowaccess` names are permitted to its own addresses (citing that line), the other
 * administrative services are refused there (citing the interface); anything else may be
 * accepted by a service the importer does not model (VPN, routing protocols, DNS and DHCP
 * servers, local-in policies), so it is an uncertain permit.
 */
export function localInList(config: FortiosConfig, v: FortiosVdom, sink: DiagnosticSink): RuleList {
  const admin = adminServices(config);
  const allAdmin = Object.values(admin).reduce(serviceUnion, NO_SERVICE);
  const rules: Rule[] = [];
  const add = (rule: Omit<Rule, 'id'>): void => {
    rules.push({ id: `${LOCAL_IN_LIST}#${rules.length + 1}`, ...rule });
  };
  for (const i of v.interfaces) {
    const own = ownAddresses(i);
    const inI = { names: [i.name], negate: false };
    let allowed: ServiceSet = NO_SERVICE;
    if (i.allowaccess !== null) {
      for (const token of i.allowaccess.values) {
        if (Object.hasOwn(admin, token)) allowed = serviceUnion(allowed, admin[token]!);
        else
          sink.info(
            'unsupported-construct',
            `interface ${i.name}: allowaccess '${token}' is not modelled (traffic to the device for it is uncertain)`,
            i.allowaccess.source,
          );
      }
      if (allowed.size > 0 && !addressIsEmpty(own))
        add({
          action: 'permit',
          match: { src: ANY_ADDRESS, dst: own, service: allowed, inInterface: inI, matchesNew: true },
          source: i.allowaccess.source,
          origin: {
            vendor: 'fortios',
            file: i.source.file,
            line: i.allowaccess.source.line,
            name: `interface ${i.name} allowaccess`,
          },
        });
    }
    const refused = serviceSubtract(allAdmin, allowed);
    if (refused.size > 0 && !addressIsEmpty(own))
      add({
        action: 'deny',
        match: { src: ANY_ADDRESS, dst: own, service: refused, inInterface: inI, matchesNew: true },
        source: i.source,
        origin: {
          vendor: 'fortios',
          file: i.source.file,
          line: i.source.line,
          name: `interface ${i.name}: administrative access not allowed`,
        },
      });
    add({
      action: 'permit',
      match: { src: ANY_ADDRESS, dst: ANY_ADDRESS, service: ANY_SERVICE, inInterface: inI, matchesNew: true },
      source: i.source,
      origin: {
        vendor: 'fortios',
        file: i.source.file,
        line: i.source.line,
        name: `interface ${i.name}: other traffic to the device`,
      },
      uncertainEffect:
        'traffic to the FortiGate other than administrative access (VPN, routing protocols, DNS and DHCP servers, local-in policies) is not modelled',
    });
  }
  return {
    name: LOCAL_IN_LIST,
    rules,
    fallThrough: { kind: 'default', action: 'deny', source: null },
    source: v.interfaces[0]?.source ?? null,
  };
}
