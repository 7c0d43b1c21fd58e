import type { DiagnosticSink } from '../../diagnostics';
import type { NatRule } from '../../device';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  type AddressSet,
  addressIntersect,
  addressIsEmpty,
  parseAddressSpec,
  toCidrs,
} from '../../net';
import { dropAmbiguousRewrites, sameDestination } from '../nat-rewrites';
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
    const portTranslation = / service /.test(` ${n.text} `);
    if (n.type === 'static' && !identity) {
      const to = !portTranslation ? singleHost(real) : null;
      out.push({
        ...base,
        id: `${id}/reverse`,
        kind: 'static',
        translates: 'destination',
        match: { src: ANY_ADDRESS, dst: mapped, service: ANY_SERVICE, matchesNew: true, ...inIf(n.mappedIf) },
        to: n.realSource,
        ...(to !== null && singleHost(mapped) !== null ? { rewrite: { address: to } } : {}),
      });
    }
    if (n.destination !== undefined) {
      const dMapped = operand(n.destination.mapped, n, n.mappedIf, config, resolver, sink);
      resolver.network(n.destination.real, n.source);
      const dReal = operand(n.destination.real, n, n.realIf, config, resolver, sink);
      const to = n.destination.type === 'static' && !portTranslation ? singleHost(dReal) : null;
      out.push({
        ...base,
        id: `${id}/destination`,
        kind: 'dnat',
        translates: 'destination',
        match: { src: real, dst: dMapped, service: ANY_SERVICE, matchesNew: true, ...inIf(n.realIf) },
        to: n.destination.real,
        ...(to !== null && singleHost(dMapped) !== null ? { rewrite: { address: to } } : {}),
      });
    }
  });
  // A rewrite is exact only when no other destination rule could match the same packets: the
  // ASA's NAT order (twice NAT, object NAT by specificity, after-auto) is then irrelevant.
  const exact = dropAmbiguousRewrites(
    out,
    (other, r) =>
      sameDestination({ service: false })(other, r) &&
      !addressIsEmpty(addressIntersect(other.match.src, r.match.src)),
  );
  config.nat.forEach((n, k) => {
    const identity = n.realSource === n.mappedSource;
    const applied = exact.some(
      (r) => r.rewrite && (r.id === `nat#${k + 1}/reverse` || r.id === `nat#${k + 1}/destination`),
    );
    const what = applied
      ? "one device's verdicts use real addresses (a flow to the mapped address is marked uncertain); across a site, the one-to-one host translation is applied before routing and filtering"
      : n.type === 'static' || n.destination !== undefined
        ? 'verdicts use real addresses, and a flow to a mapped address is marked uncertain'
        : 'verdicts use real addresses (dynamic source translation does not change what the ACLs match)';
    sink.info(
      'lossy-conversion',
      `${n.kind} NAT (${n.type}${identity ? ', identity' : ''}) is recorded${applied ? '' : ' but not applied'}: ${what}`,
      n.source,
    );
  });
  return exact;
}

/** The one address of a set, as text, or null when it holds more (or fewer) than one. */
function singleHost(set: AddressSet): string | null {
  const cidrs = toCidrs(set);
  return cidrs.length === 1 && /\/(32|128)$/.test(cidrs[0]!) ? cidrs[0]!.replace(/\/\d+$/, '') : null;
}
