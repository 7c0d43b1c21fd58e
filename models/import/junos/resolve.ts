import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import {
  type AddressSet,
  type ServiceSet,
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  addressRange,
  addressUnion,
  parseAddress,
  parseAddressSpec,
  serviceUnion,
} from '../../net';
import { PREDEFINED_APPLICATIONS, isRpcApplication, termService } from './applications';
import type { JunosAddress, JunosAddressBook, JunosConfig, JunosRef } from './model';

/** A resolved set and why it may be wrong (an undefined name, a host name...). */
export interface Resolved<T> {
  readonly set: T;
  readonly uncertain: readonly string[];
}

const MAX_DEPTH = 32;

/**
 * Resolves address-book and application names as Junos does: a zone's own book (and books
 * attached to the zone) before the global book; user applications before the predefined
 * `junos-*` ones. Each object's own problem is reported once, at its definition; an undefined
 * name is reported at each line that uses it. What cannot be resolved matches anything and makes
 * the rule uncertain (reachability-conservative, as for iptables host names).
 */
export class Resolver {
  readonly usedAddresses = new Set<JunosAddress | object>();
  readonly usedApplications = new Set<string>();
  private readonly addressCache = new Map<object, Resolved<AddressSet>>();
  private readonly appCache = new Map<string, Resolved<ServiceSet>>();
  private readonly global: JunosAddressBook | undefined;

  constructor(
    readonly config: JunosConfig,
    readonly sink: DiagnosticSink,
  ) {
    this.global = config.addressBooks.get('global');
  }

  /** The books a zone sees, most specific first (zone null: a global policy). */
  books(zone: string | null): JunosAddressBook[] {
    const out: JunosAddressBook[] = [];
    if (zone !== null) {
      const z = this.config.zones.get(zone);
      if (z) out.push(z.addressBook);
      for (const b of this.config.addressBooks.values())
        if (b.name !== 'global' && b.attachZones.includes(zone)) out.push(b);
    }
    if (this.global) out.push(this.global);
    return out;
  }

  addresses(refs: readonly JunosRef[], zone: string | null): Resolved<AddressSet> {
    let set = EMPTY_ADDRESSES;
    const uncertain: string[] = [];
    for (const ref of refs) {
      const r = this.address(ref, zone);
      set = addressUnion(set, r.set);
      uncertain.push(...r.uncertain);
    }
    return { set, uncertain };
  }

  private address(ref: JunosRef, zone: string | null): Resolved<AddressSet> {
    if (ref.name === 'any') return { set: ANY_ADDRESS, uncertain: [] };
    if (ref.name === 'any-ipv4') return { set: ANY_IPV4, uncertain: [] };
    if (ref.name === 'any-ipv6') return { set: ANY_IPV6, uncertain: [] };
    const books = this.books(zone);
    for (const book of books) {
      const a = book.addresses.get(ref.name);
      if (a) return this.entry(a);
      const s = book.sets.get(ref.name);
      if (s) return this.set(book, s, books, 0, new Set());
    }
    const where =
      zone === null ? 'the global address book' : `the address books of zone ${zone} or the global one`;
    this.sink.warning(
      'undefined-reference',
      `address '${ref.name}' is not defined in ${where}; taken as any, verdicts are uncertain`,
      ref.source,
    );
    return { set: ANY_ADDRESS, uncertain: [`address '${ref.name}' is not defined`] };
  }

  private entry(a: JunosAddress): Resolved<AddressSet> {
    this.usedAddresses.add(a);
    let hit = this.addressCache.get(a);
    if (hit) return hit;
    hit = this.computeEntry(a);
    this.addressCache.set(a, hit);
    return hit;
  }

  private computeEntry(a: JunosAddress): Resolved<AddressSet> {
    const bad = (
      why: string,
      code: 'invalid-value' | 'hostname-address' | 'uncertain-match' = 'invalid-value',
    ): Resolved<AddressSet> => {
      this.sink.warning(code, `address '${a.name}': ${why}; taken as any, verdicts are uncertain`, a.source);
      return { set: ANY_ADDRESS, uncertain: [`address '${a.name}': ${why}`] };
    };
    switch (a.kind) {
      case 'dns-name':
        return bad(`dns-name '${a.value}' cannot be resolved offline`, 'hostname-address');
      case 'range': {
        const [first = '', last = ''] = a.value.split(' to ');
        const f = parseAddress(first);
        const l = parseAddress(last);
        if (!f.ok || !l.ok) return bad(`'${a.value}' is not an address range`);
        const r = addressRange(f.value, l.value);
        return r.ok ? { set: r.value, uncertain: [] } : bad(r.error);
      }
      case 'wildcard': {
        const p = parseAddressSpec(a.value);
        if (!p.ok) return bad(p.error);
        this.sink.warning(
          'uncertain-match',
          `address '${a.name}': wildcard-address ${a.value} is read as address/mask with the mask's 1 bits compared; verdicts are marked uncertain`,
          a.source,
        );
        return { set: p.value.set, uncertain: [`wildcard-address '${a.name}' (${a.value})`] };
      }
      case 'prefix': {
        const p = parseAddressSpec(a.value);
        if (!p.ok) return bad(p.error);
        if (!a.value.includes('/') || /\/\d+$/.test(a.value)) return { set: p.value.set, uncertain: [] };
        return bad(`'${a.value}' is not an address or prefix`);
      }
    }
  }

  private set(
    book: JunosAddressBook,
    s: JunosAddressBook['sets'] extends Map<string, infer S> ? S : never,
    books: readonly JunosAddressBook[],
    depth: number,
    seen: Set<object>,
  ): Resolved<AddressSet> {
    this.usedAddresses.add(s);
    const cached = this.addressCache.get(s);
    if (cached) return cached;
    if (seen.has(s) || depth > MAX_DEPTH) {
      this.sink.warning(
        'invalid-value',
        `address-set '${s.name}' contains itself (or nests deeper than ${MAX_DEPTH}); the loop is cut`,
        s.source,
      );
      return { set: EMPTY_ADDRESSES, uncertain: [`address-set '${s.name}' loops`] };
    }
    seen.add(s);
    let set = EMPTY_ADDRESSES;
    const uncertain: string[] = [];
    for (const m of s.addresses) {
      const a =
        book.addresses.get(m.name) ?? books.map((b) => b.addresses.get(m.name)).find((x) => x !== undefined);
      if (!a) {
        this.sink.warning(
          'undefined-reference',
          `address-set '${s.name}': address '${m.name}' is not defined; taken as any, verdicts are uncertain`,
          m.source,
        );
        uncertain.push(`address '${m.name}' is not defined`);
        set = ANY_ADDRESS;
        continue;
      }
      const r = this.entry(a);
      set = addressUnion(set, r.set);
      uncertain.push(...r.uncertain);
    }
    for (const m of s.sets) {
      const inner =
        book.sets.get(m.name) ?? books.map((b) => b.sets.get(m.name)).find((x) => x !== undefined);
      if (!inner) {
        this.sink.warning(
          'undefined-reference',
          `address-set '${s.name}': address-set '${m.name}' is not defined; taken as any, verdicts are uncertain`,
          m.source,
        );
        uncertain.push(`address-set '${m.name}' is not defined`);
        set = ANY_ADDRESS;
        continue;
      }
      const r = this.set(book, inner, books, depth + 1, seen);
      set = addressUnion(set, r.set);
      uncertain.push(...r.uncertain);
    }
    seen.delete(s);
    const out = { set, uncertain };
    this.addressCache.set(s, out);
    return out;
  }

  applications(refs: readonly JunosRef[]): Resolved<ServiceSet> {
    let set = NO_SERVICE;
    const uncertain: string[] = [];
    for (const ref of refs) {
      const r = this.application(ref.name, ref.source, 0, new Set());
      set = serviceUnion(set, r.set);
      uncertain.push(...r.uncertain);
    }
    return { set, uncertain };
  }

  private application(name: string, at: SourceRef, depth: number, seen: Set<string>): Resolved<ServiceSet> {
    if (name === 'any') return { set: ANY_SERVICE, uncertain: [] };
    this.usedApplications.add(name);
    const cached = this.appCache.get(name);
    if (cached) return cached;
    let out: Resolved<ServiceSet>;
    const app = this.config.applications.get(name);
    const appSet = this.config.applicationSets.get(name);
    if (app) {
      let set = NO_SERVICE;
      const uncertain: string[] = [];
      for (const term of app.terms.values()) {
        if (term.fields.size === 0 && app.terms.size > 1) continue;
        const s = termService(term.fields);
        if (typeof s === 'string') {
          this.sink.warning(
            'invalid-value',
            `application '${name}': ${s}; taken as any, verdicts are uncertain`,
            term.source,
          );
          uncertain.push(`application '${name}': ${s}`);
          set = ANY_SERVICE;
        } else set = serviceUnion(set, s);
      }
      out = { set, uncertain };
    } else if (appSet) {
      if (seen.has(name) || depth > MAX_DEPTH) {
        this.sink.warning(
          'invalid-value',
          `application-set '${name}' contains itself; the loop is cut`,
          appSet.source,
        );
        return { set: NO_SERVICE, uncertain: [`application-set '${name}' loops`] };
      }
      seen.add(name);
      let set = NO_SERVICE;
      const uncertain: string[] = [];
      for (const m of appSet.members) {
        const r = this.application(m.name, m.source, depth + 1, seen);
        set = serviceUnion(set, r.set);
        uncertain.push(...r.uncertain);
      }
      seen.delete(name);
      out = { set, uncertain };
    } else {
      const predefined = PREDEFINED_APPLICATIONS.get(name);
      if (predefined) return { set: predefined, uncertain: [] };
      const why = isRpcApplication(name)
        ? `predefined application '${name}' matches RPC program numbers or UUIDs on ports the RPC ALG opens; not modelled`
        : name.startsWith('junos-')
          ? `predefined application '${name}' is not in the importer's table of verified junos-* definitions`
          : `application '${name}' is not defined`;
      this.sink.warning(
        name.startsWith('junos-') ? 'unsupported-construct' : 'undefined-reference',
        `${why}; taken as any, verdicts are uncertain`,
        at,
      );
      return { set: ANY_SERVICE, uncertain: [why] };
    }
    this.appCache.set(name, out);
    return out;
  }
}
