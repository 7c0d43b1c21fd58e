import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import {
  type AddressSet,
  ANY_IPV4,
  ANY_IPV6,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type ServiceSet,
  addressRange,
  addressSubtract,
  addressUnion,
  formatAddressSet,
  fromValueMask,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
  serviceUnion,
} from '../../net';
import type { FortiosAddress, FortiosAddressGroup, FortiosRef, FortiosVdom, FortiosVip } from './model';
import { type CustomService, predefinedService, readCustomService } from './services';

/**
 * A set known only within bounds: `sure` is what certainly matches, `maybe` what may match
 * (FQDN, geography and dynamic addresses are sure of nothing and may be anything). A rule
 * matches `maybe` and is uncertain when the two differ; negation swaps the bounds.
 */
export interface Bounded<T> {
  readonly sure: T;
  readonly maybe: T;
  readonly why: readonly string[];
}

const anyOf = (family: 4 | 6): AddressSet => (family === 4 ? ANY_IPV4 : ANY_IPV6);
const exact = (set: AddressSet): Bounded<AddressSet> => ({ sure: set, maybe: set, why: [] });
const unknown = (family: 4 | 6, why: string): Bounded<AddressSet> => ({
  sure: EMPTY_ADDRESSES,
  maybe: anyOf(family),
  why: [why],
});
const MAX_DEPTH = 32;

export function unionBounded(parts: readonly Bounded<AddressSet>[]): Bounded<AddressSet> {
  let sure = EMPTY_ADDRESSES;
  let maybe = EMPTY_ADDRESSES;
  const why: string[] = [];
  for (const p of parts) {
    sure = addressUnion(sure, p.sure);
    maybe = addressUnion(maybe, p.maybe);
    for (const w of p.why) if (!why.includes(w)) why.push(w);
  }
  return { sure, maybe, why };
}

/** One service of a policy, with the destinations it is limited to (`set iprange`). */
export interface ServicePart {
  readonly sure: ServiceSet;
  readonly maybe: ServiceSet;
  readonly dst: AddressSet | null;
  readonly why: readonly string[];
}

/** Names -> sets for one VDOM; each definition is read (and reported) once, on first use. */
export class Resolver {
  private readonly addressCache = new Map<object, Bounded<AddressSet>>();
  private readonly serviceCache = new Map<string, CustomService>();
  readonly usedAddresses = new Set<string>();
  readonly usedServices = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly vdom: FortiosVdom,
    private readonly sink: DiagnosticSink,
  ) {}

  private once(key: string, report: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    report();
  }

  /** Address, group or VIP names of one policy field (`srcaddr` is IPv4, `srcaddr6` IPv6). */
  addresses(refs: readonly FortiosRef[], family: 4 | 6): Bounded<AddressSet> {
    return unionBounded(refs.map((r) => this.address(r, family, 0, new Set())));
  }

  private address(ref: FortiosRef, family: 4 | 6, depth: number, path: Set<string>): Bounded<AddressSet> {
    const v = this.vdom;
    const other = family === 4 ? 6 : 4;
    const key = (f: number): string => `${f}/${ref.name}`;
    const addr = v.addresses.get(key(family)) ?? v.addresses.get(key(other));
    if (addr !== undefined) {
      this.usedAddresses.add(`${addr.family}/${addr.name}`);
      let hit = this.addressCache.get(addr);
      if (hit === undefined) {
        hit = this.addressEntry(addr);
        this.addressCache.set(addr, hit);
      }
      return hit;
    }
    const group = v.addressGroups.get(key(family)) ?? v.addressGroups.get(key(other));
    if (group !== undefined) return this.group(group, depth, path, 'address group');
    const vip = v.vips.get(ref.name);
    if (vip !== undefined) return this.vipDestination(vip);
    const vipGroup = v.vipGroups.get(ref.name);
    if (vipGroup !== undefined) return this.group(vipGroup, depth, path, 'VIP group');
    if (ref.name === 'all') return exact(anyOf(family));
    if (ref.name === 'none') return exact(EMPTY_ADDRESSES);
    this.once(`addr ${ref.name} ${ref.source.line}`, () =>
      this.sink.warning(
        'undefined-reference',
        `address '${ref.name}' is not defined; taken as any, verdicts are uncertain`,
        ref.source,
      ),
    );
    return unknown(family, `address '${ref.name}' is not defined`);
  }

  private group(g: FortiosAddressGroup, depth: number, path: Set<string>, what: string): Bounded<AddressSet> {
    this.usedAddresses.add(`${g.family}/${g.name}`);
    const cached = this.addressCache.get(g);
    if (cached !== undefined) return cached;
    if (path.has(g.name) || depth > MAX_DEPTH) {
      this.once(`cycle ${g.name}`, () =>
        this.sink.warning(
          'circular-reference',
          `${what} '${g.name}' contains itself; the loop is cut and verdicts are uncertain`,
          g.source,
        ),
      );
      return unknown(g.family, `${what} '${g.name}' contains itself`);
    }
    path.add(g.name);
    const members = unionBounded(g.members.map((m) => this.address(m, g.family, depth + 1, path)));
    let result = members;
    if (g.excludes.length > 0) {
      const ex = unionBounded(g.excludes.map((m) => this.address(m, g.family, depth + 1, path)));
      result = {
        sure: addressSubtract(members.sure, ex.maybe),
        maybe: addressSubtract(members.maybe, ex.sure),
        why: [...members.why, ...ex.why],
      };
    }
    path.delete(g.name);
    this.addressCache.set(g, result);
    return result;
  }

  private addressEntry(a: FortiosAddress): Bounded<AddressSet> {
    const v = a.entry.values;
    const first = (k: string): string | undefined => v.get(k)?.values[0];
    const type = first('type') ?? (a.family === 4 ? 'ipmask' : 'ipprefix');
    const bad = (why: string, source: SourceRef = a.entry.source): Bounded<AddressSet> => {
      this.sink.warning(
        'invalid-value',
        `address '${a.name}': ${why}; taken as any, verdicts are uncertain`,
        source,
      );
      return unknown(a.family, `address '${a.name}': ${why}`);
    };
    const loose = (code: 'hostname-address' | 'uncertain-match', why: string): Bounded<AddressSet> => {
      this.sink.warning(
        code,
        `address '${a.name}': ${why}; verdicts it decides are uncertain`,
        a.entry.source,
      );
      return unknown(a.family, `address '${a.name}': ${why}`);
    };
    switch (type) {
      case 'ipmask':
      case 'ipprefix': {
        const key = a.family === 4 ? 'subnet' : 'ip6';
        const val = v.get(key);
        const text = val === undefined ? (a.family === 4 ? '0.0.0.0/0' : '::/0') : val.values.join('/');
        const p = parseAddressSpec(text);
        if (!p.ok) return bad(p.error, val?.source);
        if (p.value.approximate === true)
          return bad(`'${val!.values.join(' ')}' is not a netmask`, val?.source);
        return exact(p.value.set);
      }
      case 'iprange': {
        const zero = a.family === 4 ? '0.0.0.0' : '::';
        const s = parseAddress(first('start-ip') ?? zero);
        const e = parseAddress(first('end-ip') ?? zero);
        if (!s.ok || !e.ok) return bad('start-ip or end-ip is not an address');
        const r = addressRange(s.value, e.value);
        return r.ok ? exact(r.value) : bad(r.error);
      }
      case 'wildcard': {
        const [addr = '0.0.0.0', mask = '0.0.0.0'] = v.get('wildcard')?.values ?? [];
        const av = parseIpv4(addr);
        const mv = parseIpv4(mask);
        if (av === null || mv === null) return bad(`wildcard '${addr} ${mask}' is not an address and mask`);
        const r = fromValueMask(BigInt(av), BigInt(mv), 4);
        if (r.approximate === true) {
          this.sink.warning(
            'lossy-conversion',
            `address '${a.name}': wildcard ${addr} ${mask} has too many free bits and is taken as its covering range; verdicts it decides are uncertain`,
            v.get('wildcard')!.source,
          );
          return {
            sure: EMPTY_ADDRESSES,
            maybe: r.set,
            why: [`wildcard address '${a.name}' is approximated`],
          };
        }
        return exact(r.set);
      }
      case 'interface-subnet': {
        const name = first('interface');
        const iface = this.vdom.interfaces.find((i) => i.name === name);
        const p4 = iface?.addresses.find((x) => !x.includes(':'));
        if (p4 !== undefined) {
          const p = parseAddressSpec(p4);
          if (p.ok) return exact(p.value.set);
        }
        const subnet = v.get('subnet');
        if (subnet !== undefined) {
          const p = parseAddressSpec(subnet.values.join('/'));
          if (p.ok) return exact(p.value.set);
        }
        return loose('uncertain-match', `the subnet of interface '${name ?? ''}' is not known`);
      }
      case 'fqdn':
        return loose(
          'hostname-address',
          `fqdn '${first('fqdn') ?? ''}' is resolved by the device at run time`,
        );
      case 'wildcard-fqdn':
        return loose(
          'hostname-address',
          `wildcard-fqdn '${first('wildcard-fqdn') ?? ''}' matches names resolved at run time`,
        );
      case 'geography':
        return loose(
          'uncertain-match',
          `geography '${first('country') ?? ''}' matches addresses by country (FortiGuard database)`,
        );
      case 'mac':
        return loose('uncertain-match', 'a MAC address object matches by hardware address');
      default:
        return loose('uncertain-match', `type '${type}' addresses are filled in at run time`);
    }
  }

  /** A VIP as a policy destination: its mapped addresses (policies see the translated flow). */
  private vipDestination(vip: FortiosVip): Bounded<AddressSet> {
    this.usedAddresses.add(`vip/${vip.name}`);
    const cached = this.addressCache.get(vip);
    if (cached !== undefined) return cached;
    const m = vipMapped(vip);
    const ext = vip.entry.values.get('extip')?.values.join(' ') ?? '';
    const result: Bounded<AddressSet> =
      m === null
        ? unknown(4, `VIP '${vip.name}' has no mapped address the importer can read`)
        : {
            sure: EMPTY_ADDRESSES,
            maybe: m,
            why: [
              `VIP '${vip.name}' matches flows to ${ext} translated to ${formatAddressSet(m)}, not flows sent to ${formatAddressSet(m)} directly`,
            ],
          };
    this.addressCache.set(vip, result);
    return result;
  }

  /** The services of one policy, one part per distinct destination restriction. */
  services(refs: readonly FortiosRef[]): ServicePart[] {
    const parts: ServicePart[] = [];
    for (const r of refs) this.service(r, 0, new Set(), parts);
    // Services without an iprange merge into one part.
    const free = parts.filter((p) => p.dst === null);
    const merged: ServicePart[] =
      free.length <= 1
        ? free
        : [
            {
              sure: free.reduce((s, p) => serviceUnion(s, p.sure), NO_SERVICE),
              maybe: free.reduce((s, p) => serviceUnion(s, p.maybe), NO_SERVICE),
              dst: null,
              why: [...new Set(free.flatMap((p) => p.why))],
            },
          ];
    return [...merged, ...parts.filter((p) => p.dst !== null)];
  }

  private service(ref: FortiosRef, depth: number, path: Set<string>, out: ServicePart[]): void {
    const v = this.vdom;
    const group = v.serviceGroups.get(ref.name);
    const custom = v.services.get(ref.name);
    if (custom === undefined && group !== undefined) {
      this.usedServices.add(ref.name);
      if (path.has(ref.name) || depth > MAX_DEPTH) {
        this.once(`svc cycle ${ref.name}`, () =>
          this.sink.warning(
            'circular-reference',
            `service group '${ref.name}' contains itself; the loop is cut and verdicts are uncertain`,
            group.source,
          ),
        );
        out.push({
          sure: NO_SERVICE,
          maybe: ANY_SERVICE,
          dst: null,
          why: [`service group '${ref.name}' contains itself`],
        });
        return;
      }
      path.add(ref.name);
      for (const m of group.members) this.service(m, depth + 1, path, out);
      path.delete(ref.name);
      return;
    }
    let svc = this.serviceCache.get(ref.name);
    if (svc === undefined) {
      if (custom !== undefined) {
        svc = readCustomService(custom.entry.settings);
        for (const p of svc.problems)
          this.sink.warning('invalid-value', `service '${ref.name}': ${p}`, custom.entry.source);
      } else {
        const pre = predefinedService(ref.name);
        if (pre !== null) {
          svc = pre;
          this.once(`pre ${ref.name}`, () =>
            this.sink.info(
              'undefined-reference',
              `service '${ref.name}' is not defined in this file; FortiOS's factory definition is used`,
              ref.source,
            ),
          );
        }
      }
      if (svc !== undefined) this.serviceCache.set(ref.name, svc);
    }
    this.usedServices.add(ref.name);
    if (svc === undefined) {
      this.once(`svc ${ref.name} ${ref.source.line}`, () =>
        this.sink.warning(
          'undefined-reference',
          `service '${ref.name}' is not defined; taken as any, verdicts are uncertain`,
          ref.source,
        ),
      );
      out.push({
        sure: NO_SERVICE,
        maybe: ANY_SERVICE,
        dst: null,
        why: [`service '${ref.name}' is not defined`],
      });
      return;
    }
    if (svc.proxy) {
      this.once(`proxy ${ref.name} ${ref.source.line}`, () =>
        this.sink.warning(
          'lossy-conversion',
          `service '${ref.name}' is a web-proxy service; a firewall policy matches no traffic with it`,
          ref.source,
        ),
      );
    }
    const unsure = svc.uncertain.length > 0 || svc.problems.length > 0;
    out.push({
      sure: unsure ? NO_SERVICE : svc.set,
      maybe: svc.set,
      dst: svc.dst,
      why: [...svc.uncertain, ...svc.problems.map((p) => `service '${ref.name}': ${p}`)],
    });
  }
}

/** The mapped addresses of a VIP (`mappedip A` or `A-B`, one or more), or null. */
export function vipMapped(vip: FortiosVip): AddressSet | null {
  const values = vip.entry.values.get('mappedip')?.values ?? [];
  if (values.length === 0) return null;
  let set = EMPTY_ADDRESSES;
  for (const v of values) {
    const r = rangeOf(v);
    if (r === null) return null;
    set = addressUnion(set, r);
  }
  return set;
}

/** `A`, `A-B` or `A/len` as a set, or null. */
export function rangeOf(text: string): AddressSet | null {
  if (text.includes('/')) {
    const p = parseAddressSpec(text);
    return p.ok ? p.value.set : null;
  }
  const [a = '', b = a, ...rest] = text.split('-');
  if (rest.length > 0) return null;
  const f = parseAddress(a);
  const l = parseAddress(b);
  if (!f.ok || !l.ok) return null;
  const r = addressRange(f.value, l.value);
  return r.ok ? r.value : null;
}
