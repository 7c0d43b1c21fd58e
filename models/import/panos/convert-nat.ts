import type { DiagnosticSink } from '../../diagnostics';
import type { InterfaceMatch, Match, NatRule } from '../../device';
import { type AddressSet, formatAddressSet, parsePort, toCidrs } from '../../net';
import type { PanosNatRule, PanosScope } from './model';
import type { Resolver } from './resolve';

/**
 * NAT rules -> NatRule records. PAN-OS evaluates NAT before security policy: security rules
 * then match the original (pre-NAT) addresses and the post-NAT destination zone. The rule's
 * zones are kept in its list name (`nat <rulebase>: from A,B to C`), so a later stage can apply
 * the translation with the right zones. `rewrite` is filled for destination translations whose
 * new address is one host (or one prefix) and whose port is a number.
 */
export function convertNat(scope: PanosScope, resolver: Resolver, sink: DiagnosticSink): NatRule[] {
  const out: NatRule[] = [];
  let n = 0;
  for (const r of scope.nat) {
    if (r.disabled) continue;
    n++;
    const src = resolver.addresses(r.sources, r.source);
    const dst = resolver.addresses(r.destinations, r.source);
    const svc = resolver.services([r.service], r.source);
    const uncertain = [...src.uncertain, ...dst.uncertain, ...svc.uncertain];
    const match: Match = {
      src: src.set,
      dst: dst.set,
      service: svc.set,
      matchesNew: true,
      ...(uncertain.length > 0 ? { uncertain: [...new Set(uncertain)].join('; ') } : {}),
    };
    // The rule's zones as interfaces: traffic must enter from a `from` zone, and its original
    // destination must route into a `to` zone (PAN-OS picks the NAT rule before translating).
    const fromIfs = zoneInterfaces(scope, r.from);
    const toIfs = zoneInterfaces(scope, r.to);
    const list = `nat ${r.rulebase}: from ${r.from.join(',') || 'any'} to ${r.to.join(',') || 'any'}${r.toInterface !== null && r.toInterface !== 'any' ? ` to-interface ${r.toInterface}` : ''}`;
    const id = `nat#${n}`;
    if (r.sourceTranslation === null && r.destinationTranslation === null) continue; // no-NAT rule
    const st = r.sourceTranslation;
    if (st !== null) {
      const kind = st.type === 'static-ip' ? 'static' : st.interface !== null ? 'masquerade' : 'snat';
      const to =
        st.interface !== null
          ? `${st.type} interface ${st.interface}`
          : `${st.type} ${st.addresses.join(' ')}`;
      out.push({ id, kind, translates: 'source', match, to, list, source: r.source });
      if (st.type === 'static-ip' && st.bidirectional) {
        // The reverse direction: traffic to the translated address reaches the original source.
        const translated = resolver.addresses(st.addresses, r.source);
        const address = single(src.set);
        out.push({
          id: `${id}/reverse`,
          kind: 'static',
          translates: 'destination',
          match: {
            ...match,
            src: resolver.addresses([], r.source).set,
            dst: translated.set,
            ...(toIfs ? { inInterface: toIfs } : {}),
          },
          to: `bi-directional static-ip back to ${r.sources.join(' ')}`,
          ...(address !== null ? { rewrite: { address } } : {}),
          list: `nat ${r.rulebase}: bi-directional reverse of ${r.name}`,
          source: r.source,
        });
      }
    }
    const dt = r.destinationTranslation;
    if (dt !== null) {
      const rewrite = dt.dynamic ? null : destinationRewrite(r, resolver, sink);
      out.push({
        id: st !== null ? `${id}/destination` : id,
        kind: 'dnat',
        translates: 'destination',
        match: {
          ...match,
          ...(fromIfs ? { inInterface: fromIfs } : {}),
          ...(toIfs ? { outInterface: toIfs } : {}),
        },
        to: `${dt.dynamic ? 'dynamic-destination-translation' : 'destination-translation'} ${dt.address ?? ''}${dt.port !== null ? ` port ${dt.port}` : ''}`.trim(),
        ...(rewrite !== null ? { rewrite } : {}),
        list,
        source: r.source,
      });
    }
  }
  return out;
}

/** The interfaces of the named zones, or undefined for `any` (or no zone named). */
function zoneInterfaces(scope: PanosScope, zones: readonly string[]): InterfaceMatch | undefined {
  if (zones.length === 0 || zones.includes('any')) return undefined;
  const names = scope.zones.filter((z) => zones.includes(z.name)).flatMap((z) => z.interfaces);
  return { names, negate: false };
}

/** The one host (or one prefix) a set is, in CIDR form, or null. */
function single(set: AddressSet): string | null {
  const cidrs = toCidrs(set);
  if (cidrs.length !== 1) return null;
  const c = cidrs[0]!;
  return c.endsWith('/32') || c.endsWith('/128') ? c.slice(0, c.lastIndexOf('/')) : c;
}

function destinationRewrite(
  r: PanosNatRule,
  resolver: Resolver,
  sink: DiagnosticSink,
): { address?: string; port?: number } | null {
  const dt = r.destinationTranslation!;
  let address: string | undefined;
  if (dt.address !== null) {
    const a = resolver.addresses([dt.address], r.source);
    const s = a.uncertain.length === 0 ? single(a.set) : null;
    // Only a single host is exact: a prefix maps 1:1 only onto a matched prefix of its length.
    if (s === null || s.includes('/')) {
      sink.info(
        'lossy-conversion',
        `NAT rule '${r.name}': the translated address ${dt.address} (${formatAddressSet(a.set)}) is not one host; recorded without a rewrite`,
        r.source,
      );
      return null;
    }
    address = s;
  }
  let port: number | undefined;
  if (dt.port !== null) {
    const p = parsePort(dt.port);
    if (p === null) {
      sink.warning(
        'invalid-value',
        `NAT rule '${r.name}': translated-port '${dt.port}' is not a port`,
        r.source,
      );
      return null;
    }
    port = p;
  }
  if (address === undefined && port === undefined) return null;
  return { ...(address !== undefined ? { address } : {}), ...(port !== undefined ? { port } : {}) };
}
