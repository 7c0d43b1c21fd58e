import type { DiagnosticSink } from '../../diagnostics';
import type { NatRule } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE, type AddressSet, toCidrs } from '../../net';
import { str } from '../formats/json';
import { installedOn, type Target } from './convert-rules';
import type { CheckPointNatRule, CheckPointRef } from './model';
import type { CheckPointResolver } from './objects';
import { parsePorts } from './services';

/**
 * NAT rules of `show-nat-rulebase`, recorded (not applied to verdicts): each translated field
 * becomes a NatRule; a rule that translates nothing (a no-NAT exception) records nothing.
 */
export function convertNat(
  rules: readonly CheckPointNatRule[],
  resolver: CheckPointResolver,
  sink: DiagnosticSink,
  target: Target,
): NatRule[] {
  const out: NatRule[] = [];
  const isOriginal = (ref: CheckPointRef | null): boolean => {
    if (ref === null) return true;
    const o = resolver.get(ref.uid);
    return o !== undefined && o.type === 'Global' && o.name === 'Original';
  };
  const name = (ref: CheckPointRef): string => {
    const o = resolver.lookup(ref, 'NAT translation');
    if (o === undefined) return `uid ${ref.uid}`;
    const set = o.type === 'CpmiAnyObject' ? null : resolver.address(o, 0);
    return set === null || set.uncertain !== undefined
      ? o.name
      : `${o.name} (${toCidrs(set.set).join(', ')})`;
  };
  for (const r of rules) {
    if (!r.enabled) continue;
    const installed = installedOn(r.installOn, target, resolver);
    if (installed === false) continue;
    const addr = (ref: CheckPointRef | null, what: string): { set: AddressSet; uncertain?: string } =>
      ref === null ? { set: ANY_ADDRESS } : resolver.addressRef(ref, what);
    const src = addr(r.originalSource, 'NAT original source');
    const dst = addr(r.originalDestination, 'NAT original destination');
    const svc = r.originalService === null ? { set: ANY_SERVICE } : resolver.serviceRef(r.originalService);
    const uncertain =
      (installed === true ? undefined : installed) ?? src.uncertain ?? dst.uncertain ?? svc.uncertain;
    const match = {
      src: src.set,
      dst: dst.set,
      service: svc.set,
      matchesNew: true,
      ...(uncertain !== undefined ? { uncertain } : {}),
    };
    const n = r.number ?? out.length + 1;
    if (!isOriginal(r.translatedDestination)) {
      const ref = r.translatedDestination!;
      const rewrite =
        r.method === 'static' ? exactRewrite(resolver, ref, dst.set, r.translatedService) : undefined;
      out.push({
        id: `nat#${n}`,
        kind: 'dnat',
        translates: 'destination',
        match,
        to: name(ref),
        ...(rewrite !== undefined ? { rewrite } : {}),
        list: r.section ?? 'nat',
        source: r.source,
      });
    }
    if (!isOriginal(r.translatedSource)) {
      const ref = r.translatedSource!;
      const behindGateway =
        r.method === 'hide' && r.originalSource !== null && ref.uid === r.originalSource.uid;
      out.push({
        id: `nat#${n}${isOriginal(r.translatedDestination) ? '' : '-source'}`,
        kind: r.method === 'hide' ? 'masquerade' : 'snat',
        translates: 'source',
        match,
        to: behindGateway ? 'hide behind the gateway' : name(ref),
        list: r.section ?? 'nat',
        source: r.source,
      });
    }
    if (!['static', 'hide'].includes(r.method))
      sink.info('lossy-conversion', `NAT method '${r.method}' is recorded as static translation`, r.source);
  }
  return out;
}

/** The structured rewrite of a static destination NAT when it is exact: a host or an equal-length prefix, one port. */
function exactRewrite(
  resolver: CheckPointResolver,
  ref: CheckPointRef,
  original: AddressSet,
  service: CheckPointRef | null,
): { address?: string; port?: number } | undefined {
  const o = resolver.get(ref.uid);
  if (o === undefined) return undefined;
  const to = resolver.address(o, 0);
  if (to.uncertain !== undefined) return undefined;
  const [cidr, ...more] = toCidrs(to.set);
  const [orig, ...moreOrig] = toCidrs(original);
  if (cidr === undefined || more.length > 0) return undefined;
  const len = cidr.split('/')[1];
  let address: string | undefined;
  if (len === '32' || len === '128') address = cidr.split('/')[0];
  else if (orig !== undefined && moreOrig.length === 0 && orig.split('/')[1] === len) address = cidr;
  if (address === undefined) return undefined;
  let port: number | undefined;
  const s = service === null ? undefined : resolver.get(service.uid);
  if (s !== undefined && s.type !== 'Global') {
    // A translated service: exact only as one TCP or UDP port.
    const p =
      s.type === 'service-tcp' || s.type === 'service-udp' ? parsePorts(str(s.node, 'port') ?? '') : null;
    if (p === null || p.length !== 2 || p[1]! - p[0]! !== 1) return undefined;
    port = p[0];
  }
  return { ...(address !== undefined ? { address } : {}), ...(port !== undefined ? { port } : {}) };
}
