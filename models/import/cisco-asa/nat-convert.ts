import type { DiagnosticSink } from '../../diagnostics';
import type { NatRule } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE, type AddressSet, parseAddressSpec } from '../../net';
import type { AsaConfig, AsaNat } from './model';
import type { Resolver } from './resolve';
import { interfaceAddresses } from './rules';

/** A NAT operand: `any`, `interface`, an address, or a network object / group. */
function operand(
  text: string,
  nat: AsaNat,
  ifName: string | null,
  config: AsaConfig,
  resolver: Resolver,
  sink: DiagnosticSink,
): AddressSet {
  if (text === 'any') return ANY_ADDRESS;
  if (text === 'interface')
    return ifName === null ? ANY_ADDRESS : interfaceAddresses(ifName, config, sink, nat, () => undefined);
  if (/^[\d.]+$|:/.test(text)) {
    const a = parseAddressSpec(text);
    if (a.ok) return a.value.set;
  }
  return resolver.network(text, nat.source).value;
}

/**
 * ASA object and twice NAT as NatRules. A static rule translates both ways: the source of
 * real -> mapped traffic and the destination of traffic to the mapped address. Nothing is
 * applied to verdicts yet (ACLs match real addresses on 8.3+); each line says so.
 */
export function convertNat(config: AsaConfig, resolver: Resolver, sink: DiagnosticSink): NatRule[] {
  const out: NatRule[] = [];
  config.nat.forEach((n, k) => {
    const id = `nat#${k + 1}`;
    const real = operand(n.realSource, n, n.realIf, config, resolver, sink);
    const mapped = operand(n.mappedSource, n, n.mappedIf, config, resolver, sink);
    const inIf = (name: string | null) =>
      name === null ? {} : { inInterface: { names: [name], negate: false } };
    const base = { list: n.kind === 'object' ? `object ${n.realSource}` : 'twice-nat', source: n.source };
    // `source static X X` is identity NAT (a NAT exemption): it translates nothing.
    const identity = n.realSource === n.mappedSource;
    if (!identity)
      out.push({
        ...base,
        id,
        kind: n.type === 'static' ? 'static' : 'snat',
        translates: 'source',
        match: { src: real, dst: ANY_ADDRESS, service: ANY_SERVICE, matchesNew: true, ...inIf(n.realIf) },
        to: n.mappedSource,
      });
    if (n.type === 'static' && !identity) {
      out.push({
        ...base,
        id: `${id}/reverse`,
        kind: 'static',
        translates: 'destination',
        match: { src: ANY_ADDRESS, dst: mapped, service: ANY_SERVICE, matchesNew: true, ...inIf(n.mappedIf) },
        to: n.realSource,
      });
    }
    if (n.destination !== undefined) {
      const dMapped = operand(n.destination.mapped, n, n.mappedIf, config, resolver, sink);
      resolver.network(n.destination.real, n.source);
      out.push({
        ...base,
        id: `${id}/destination`,
        kind: 'dnat',
        translates: 'destination',
        match: { src: real, dst: dMapped, service: ANY_SERVICE, matchesNew: true, ...inIf(n.realIf) },
        to: n.destination.real,
      });
    }
    const what =
      n.type === 'static' || n.destination !== undefined
        ? 'verdicts use real addresses, and a flow to a mapped address is marked uncertain'
        : 'verdicts use real addresses (dynamic source translation does not change what the ACLs match)';
    sink.info(
      'lossy-conversion',
      `${n.kind} NAT (${n.type}${identity ? ', identity' : ''}) is recorded but not applied: ${what}`,
      n.source,
    );
  });
  return out;
}
