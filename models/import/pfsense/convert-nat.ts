import type { Match, NatRule } from '../../device';
import { ANY_PORT, type AddressSet, addressUnion, toCidrs } from '../../net';
import type { PfConfig } from './model';
import { type Fuzzy, type PfResolver } from './resolve';
import { ruleService } from './services';

const upper = (f: Fuzzy): AddressSet => addressUnion(f.certain, f.maybe);
const exactHost = (f: Fuzzy): string | null => {
  if (f.why.length > 0) return null;
  const cidrs = toCidrs(f.certain);
  return cidrs.length === 1 ? cidrs[0]! : null;
};

/**
 * Port forwards (rdr), 1:1 NAT (binat) and outbound NAT, recorded as NatRules. The structured
 * `rewrite` is filled when the translation is exact: a literal target address, and a single
 * local port for a single forwarded port (or the ports kept as they are).
 */
export function convertPfNat(config: PfConfig, resolver: PfResolver): NatRule[] {
  const out: NatRule[] = [];
  const fam = (ipp: string) => ({ v4: ipp !== 'inet6', v6: ipp === 'inet6' || ipp === 'inet46' });
  config.portForwards.forEach((pf, n) => {
    if (pf.nordr) {
      resolver.sink.info(
        'unsupported-construct',
        'a "no rdr" exclusion is not modelled: the port forwards after it may apply to traffic it excludes',
        pf.source,
      );
      return;
    }
    const src = resolver.endpoint(pf.src);
    const dst = resolver.endpoint(pf.dst);
    const dports = resolver.ports(pf.dst.port, pf.dst.source);
    const sports = resolver.ports(pf.src.port, pf.src.source);
    const svc = ruleService(pf.protocol, fam(pf.ipprotocol), sports.ports, dports.ports, undefined);
    const target = resolver.term(pf.target, pf.source, [], false);
    const why = [...src.why, ...dst.why, ...[dports.why, sports.why, svc.why].filter((w) => w !== undefined)];
    const match: Match = {
      src: upper(src),
      dst: upper(dst),
      service: svc.service,
      inInterface: { names: [...pf.interfaces], negate: false },
      matchesNew: true,
      ...(why.length > 0 ? { uncertain: why.join('; ') } : {}),
    };
    const address = exactHost(target);
    let port: number | undefined;
    let exactPort = true;
    if (pf.localPort !== undefined) {
      const local = Number(pf.localPort);
      const p = dports.ports;
      const single = p.length === 2 && p[1]! - p[0]! === 1;
      if (!Number.isInteger(local)) exactPort = false;
      else if (single) port = local;
      else if (!(p.length === 2 && p[0] === local)) exactPort = false;
    }
    const host = address !== null && /\/(32|128)$/.test(address) ? address.replace(/\/(32|128)$/, '') : null;
    out.push({
      id: `rdr#${n + 1}`,
      kind: 'dnat',
      translates: 'destination',
      match,
      to: `${pf.target}${pf.localPort !== undefined ? ` port ${pf.localPort}` : ''}`,
      ...(host !== null && exactPort && why.length === 0
        ? { rewrite: { address: host, ...(port !== undefined ? { port } : {}) } }
        : {}),
      list: 'rdr',
      source: pf.source,
    });
  });
  config.oneToOne.forEach((o, n) => {
    const internal = resolver.endpoint(o.internal);
    const remote = resolver.endpoint(o.dst);
    const inner = exactHost(internal);
    const len = inner !== null ? Number(inner.split('/')[1]) : null;
    const ext = len !== null ? resolver.literal(`${o.external}/${len}`) : resolver.literal(o.external);
    const externalSet = ext ?? upper(resolver.term(o.external, o.source, [], false));
    const why = [
      ...internal.why,
      ...remote.why,
      ...(ext === null ? [`external address '${o.external}'`] : []),
    ];
    out.push({
      id: `binat#${n + 1}`,
      kind: 'static',
      translates: 'destination',
      match: {
        src: upper(remote),
        dst: externalSet,
        service: ruleService(undefined, { v4: true, v6: true }, ANY_PORT, ANY_PORT, undefined).service,
        inInterface: { names: [o.interface], negate: false },
        matchesNew: true,
        ...(why.length > 0 ? { uncertain: why.join('; ') } : {}),
      },
      to: inner ?? '(unresolved)',
      ...(inner !== null && ext !== null && why.length === 0
        ? { rewrite: { address: inner.replace(/\/(32|128)$/, '') } }
        : {}),
      list: 'binat',
      source: o.source,
    });
    out.push({
      id: `binat#${n + 1}:out`,
      kind: 'static',
      translates: 'source',
      match: {
        src: upper(internal),
        dst: upper(remote),
        service: ruleService(undefined, { v4: true, v6: true }, ANY_PORT, ANY_PORT, undefined).service,
        outInterface: { names: [o.interface], negate: false },
        matchesNew: true,
        ...(why.length > 0 ? { uncertain: why.join('; ') } : {}),
      },
      to: o.external,
      list: 'binat',
      source: o.source,
    });
  });
  const manual = config.outboundMode === 'advanced' || config.outboundMode === 'hybrid';
  if (manual) {
    config.outboundNat.forEach((o, n) => {
      if (o.nonat) return;
      const src = resolver.endpoint(o.src);
      const dst = resolver.endpoint(o.dst);
      const why = [...src.why, ...dst.why];
      out.push({
        id: `outbound#${n + 1}`,
        kind: o.target === '' ? 'masquerade' : 'snat',
        translates: 'source',
        match: {
          src: upper(src),
          dst: upper(dst),
          service: ruleService(undefined, { v4: true, v6: true }, ANY_PORT, ANY_PORT, undefined).service,
          outInterface: { names: [o.interface], negate: false },
          matchesNew: true,
          ...(why.length > 0 ? { uncertain: why.join('; ') } : {}),
        },
        to: o.target === '' ? `${o.interface} address` : o.target,
        list: 'outbound',
        source: o.source,
      });
    });
  }
  return out;
}
