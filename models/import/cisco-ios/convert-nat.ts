import type { DiagnosticSink } from '../../diagnostics';
import type { NatRule } from '../../device';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  type AddressSet,
  type ServiceSet,
  parseAddressSpec,
  portRange,
  serviceOfProtocol,
  toCidrs,
} from '../../net';
import { dropAmbiguousRewrites, sameDestination } from '../nat-rewrites';
import type { IosConfig, IosNatStatic } from './model';

/**
 * IOS static inside-source NAT as NatRules. Cisco's NAT order of operations: on a packet from
 * an `ip nat outside` interface, the inbound ACL is checked, then NAT translates the global
 * destination to the local one, then the router routes it; the outbound ACL sees the
 * translated packet. So the destination rewrite applies to traffic entering the outside
 * interfaces, and the device's filters see the original destination (`natPolicyMatch:
 * 'original'`, set by the caller when a rewrite exists).
 */
export function convertIosNat(config: IosConfig, sink: DiagnosticSink): NatRule[] {
  const ifaces = [...config.interfaces.values()];
  const outside = ifaces.filter((i) => i.nat?.role === 'outside').map((i) => i.name);
  const inside = ifaces.filter((i) => i.nat?.role === 'inside').map((i) => i.name);
  const rules: NatRule[] = [];
  config.natStatics.forEach((s, k) => {
    const id = `nat#${k + 1}`;
    const global = globalAddress(s, config, sink);
    if (global === null) return;
    const local = prefix(s.local, s.length);
    const globalPrefix = prefix(global, s.length);
    const proto = s.protocol === 'tcp' ? 6 : s.protocol === 'udp' ? 17 : null;
    const svc = (port: number | null, side: 'src' | 'dst'): ServiceSet =>
      proto === null
        ? ANY_SERVICE
        : port === null
          ? serviceOfProtocol(proto)
          : side === 'dst'
            ? serviceOfProtocol(proto, undefined, portRange(port, port))
            : serviceOfProtocol(proto, portRange(port, port));
    const to = (a: string, port: number | null) => `${a}${port === null ? '' : `:${port}`}`;
    rules.push({
      id,
      kind: 'static',
      translates: 'source',
      match: {
        src: set(local),
        dst: ANY_ADDRESS,
        service: svc(s.localPort, 'src'),
        matchesNew: true,
        ...(outside.length > 0 ? { outInterface: { names: outside, negate: false } } : {}),
      },
      to: to(global, s.globalPort),
      list: 'ip nat inside source static',
      source: s.source,
    });
    const usable = outside.length > 0 && inside.length > 0;
    if (!usable)
      sink.warning(
        'lossy-conversion',
        `no interface has 'ip nat ${outside.length === 0 ? 'outside' : 'inside'}': IOS translates nothing with this static, and it is not applied`,
        s.source,
      );
    const identity = local === globalPrefix && s.localPort === s.globalPort;
    rules.push({
      id: `${id}/reverse`,
      kind: s.globalPort === null ? 'static' : 'dnat',
      translates: 'destination',
      match: {
        src: ANY_ADDRESS,
        dst: set(globalPrefix),
        service: svc(s.globalPort, 'dst'),
        matchesNew: true,
        inInterface: { names: outside, negate: false },
      },
      to: to(s.local, s.localPort),
      ...(usable && !identity
        ? { rewrite: { address: local, ...(s.localPort === null ? {} : { port: s.localPort }) } }
        : {}),
      list: 'ip nat inside source static',
      source: s.source,
    });
  });
  // Two statics for the same global address and port: IOS refuses the second ("already
  // mapped") unless `extendable` lets both stand, and then which one a new connection meets is
  // not known here. Neither rewrite is applied.
  return dropAmbiguousRewrites(
    rules,
    (other, r) => other.rewrite !== undefined && sameDestination({ service: true })(other, r),
    (r, other) =>
      sink.warning(
        'lossy-conversion',
        `this static overlaps the static of line ${other.source.line} (same global address and port): neither is applied`,
        r.source,
      ),
  );
}

/** The global address: the literal, or the first address of the named interface. */
function globalAddress(s: IosNatStatic, config: IosConfig, sink: DiagnosticSink): string | null {
  if (s.global.kind === 'address') return s.global.address;
  const name = s.global.name.toLowerCase();
  const iface = [...config.interfaces.values()].find((i) => i.name.toLowerCase() === name);
  const first = iface?.addresses.find((a) => !a.includes(':'));
  if (first === undefined) {
    sink.warning(
      iface === undefined ? 'undefined-reference' : 'unsupported-construct',
      iface === undefined
        ? `interface '${s.global.name}' is not defined; the static is not applied`
        : `interface '${s.global.name}' has no static IPv4 address; the static is not applied`,
      s.source,
    );
    return null;
  }
  return first.replace(/\/\d+$/, '');
}

function prefix(address: string, length: number): string {
  const p = parseAddressSpec(`${address}/${length}`);
  return p.ok ? (toCidrs(p.value.set)[0] ?? `${address}/${length}`) : `${address}/${length}`;
}

function set(cidr: string): AddressSet {
  const p = parseAddressSpec(cidr);
  return p.ok ? p.value.set : ANY_ADDRESS;
}
