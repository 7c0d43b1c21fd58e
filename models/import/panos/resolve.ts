import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import {
  type AddressSet,
  ANY_ADDRESS,
  ANY_PORT,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type PortSet,
  type ServiceSet,
  addressRange,
  addressUnion,
  fromValueMask,
  intervalsFrom,
  parseAddress,
  parseAddressSpec,
  parseIpv4,
  parsePortRange,
  serviceOfProtocol,
  serviceUnion,
  unionIntervals,
} from '../../net';
import { APPLICATION_DEFAULTS, PREDEFINED_SERVICES, customFootprint, footprint } from './applications';
import type { PanosObjects } from './model';

export interface Resolved<T> {
  readonly set: T;
  /** Why the set is not exact (empty when it is). */
  readonly uncertain: readonly string[];
}

/** The deepest group nesting followed (PAN-OS itself allows a handful of levels). */
const MAX_NESTING = 32;
const PROTO = { tcp: 6, udp: 17, sctp: 132 } as const;

/**
 * Name -> set resolution in one scope's lookup order (own objects, ancestors, shared, then the
 * predefined ones). Results are memoised per name: a 3,000-object export resolves in one pass.
 * Every diagnostic is reported once per object, at the object's (or first user's) line.
 */
export class Resolver {
  readonly usedAddresses = new Set<string>();
  readonly usedServices = new Set<string>();
  private readonly addressMemo = new Map<string, Resolved<AddressSet>>();
  private readonly serviceMemo = new Map<string, Resolved<ServiceSet>>();
  constructor(
    private readonly objects: readonly PanosObjects[],
    private readonly sink: DiagnosticSink,
    /** Diagnostics already given (shared by the scopes of one file: shared objects report once). */
    private readonly reported: Set<string> = new Set(),
  ) {}

  private once(key: string, report: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    report();
  }

  private find<K extends keyof PanosObjects>(
    kind: K,
    name: string,
  ): PanosObjects[K] extends Map<string, infer V> ? V | undefined : never {
    for (const o of this.objects) {
      const m = o[kind] as unknown as Map<string, unknown>;
      const v = m.get(name);
      if (v !== undefined) return v as never;
    }
    return undefined as never;
  }

  // ------------------------------------------------------------------------------------------
  // Addresses

  addresses(names: readonly string[], at: SourceRef): Resolved<AddressSet> {
    if (names.length === 0 || names.includes('any')) return { set: ANY_ADDRESS, uncertain: [] };
    const sets: AddressSet[] = [];
    const uncertain: string[] = [];
    for (const n of names) {
      const r = this.address(n, at, []);
      sets.push(r.set);
      for (const u of r.uncertain) if (!uncertain.includes(u)) uncertain.push(u);
    }
    return { set: unionAll(sets), uncertain };
  }

  private address(name: string, at: SourceRef, path: readonly string[]): Resolved<AddressSet> {
    const memo = this.addressMemo.get(name);
    if (memo !== undefined) return memo;
    const r = this.resolveAddress(name, at, path);
    if (!path.includes(name)) this.addressMemo.set(name, r);
    return r;
  }

  private resolveAddress(name: string, at: SourceRef, path: readonly string[]): Resolved<AddressSet> {
    if (name === 'any') return { set: ANY_ADDRESS, uncertain: [] };
    const a = this.find('addresses', name);
    if (a !== undefined) {
      this.usedAddresses.add(name);
      return this.addressValue(a.name, a.kind, a.value, a.source);
    }
    const g = this.find('addressGroups', name);
    if (g !== undefined) {
      this.usedAddresses.add(name);
      if (g.dynamic !== null) {
        this.once(`dag:${name}@${g.source.line}`, () =>
          this.sink.warning(
            'uncertain-match',
            `address-group '${name}' is dynamic (filter ${g.dynamic === '' ? 'empty' : `'${g.dynamic}'`}): its members are registered at run time; rules using it are uncertain`,
            g.source,
          ),
        );
        return { set: ANY_ADDRESS, uncertain: [`dynamic address-group ${name}`] };
      }
      if (path.includes(name) || path.length >= MAX_NESTING) {
        const loop = path.includes(name);
        this.once(`cycle:${name}@${g.source.line}`, () =>
          this.sink.warning(
            loop ? 'circular-reference' : 'unsupported-construct',
            loop
              ? `address-group '${name}' contains itself (${[...path, name].join(' -> ')}); the loop is cut`
              : `address-groups nest deeper than ${MAX_NESTING} levels at '${name}'; the deeper members are not read`,
            g.source,
          ),
        );
        return { set: EMPTY_ADDRESSES, uncertain: [] };
      }
      const sets: AddressSet[] = [];
      const uncertain: string[] = [];
      const inner = [...path, name];
      for (const m of g.members) {
        const r = this.address(m, g.source, inner);
        sets.push(r.set);
        for (const u of r.uncertain) if (!uncertain.includes(u)) uncertain.push(u);
      }
      return { set: unionAll(sets), uncertain };
    }
    const edl = this.find('externalLists', name);
    if (edl !== undefined) return { set: ANY_ADDRESS, uncertain: [`external dynamic list ${name}`] };
    // A literal address, prefix or range written in the rule itself.
    const literal = literalAddress(name);
    if (literal !== null) return { set: literal, uncertain: [] };
    if (/^[A-Z]{2}$/.test(name))
      return { set: ANY_ADDRESS, uncertain: [`region ${name} (geolocation is not modelled)`] };
    this.once(`undef-addr:${name}@${at.line}`, () =>
      this.sink.warning(
        'undefined-reference',
        `address '${name}' is not defined (no address, address-group, region or external list of that name); it matches nothing`,
        at,
      ),
    );
    return { set: EMPTY_ADDRESSES, uncertain: [`undefined address ${name}`] };
  }

  private addressValue(name: string, kind: string, value: string, source: SourceRef): Resolved<AddressSet> {
    const bad = (why: string): Resolved<AddressSet> => {
      this.once(`bad-addr:${name}@${source.line}`, () =>
        this.sink.warning('invalid-value', `address '${name}': ${why}; it matches nothing`, source),
      );
      return { set: EMPTY_ADDRESSES, uncertain: [`address ${name} unreadable`] };
    };
    switch (kind) {
      case 'ip-netmask': {
        const p = parseAddressSpec(value);
        return p.ok ? { set: p.value.set, uncertain: [] } : bad(p.error);
      }
      case 'ip-range': {
        const r = rangeOf(value);
        return r === null ? bad(`'${value}' is not an address range`) : { set: r, uncertain: [] };
      }
      case 'ip-wildcard': {
        const [addr, wild] = value.split('/');
        const a = parseIpv4(addr ?? '');
        const w = parseIpv4(wild ?? '');
        if (a === null || w === null) return bad(`'${value}' is not an address/wildcard-mask`);
        const care = BigInt(~w >>> 0);
        const v = fromValueMask(BigInt(a), care, 4);
        if (v.approximate) {
          this.once(`wild:${name}@${source.line}`, () =>
            this.sink.warning(
              'lossy-conversion',
              `address '${name}': the wildcard mask splits into too many blocks; approximated by its covering range`,
              source,
            ),
          );
          return { set: v.set, uncertain: [`wildcard address ${name} approximated`] };
        }
        return { set: v.set, uncertain: [] };
      }
      case 'fqdn':
        this.once(`fqdn:${name}@${source.line}`, () =>
          this.sink.warning(
            'hostname-address',
            `address '${name}' is the FQDN ${value}: it is resolved by the firewall at run time, not offline; rules using it are uncertain`,
            source,
          ),
        );
        return { set: ANY_ADDRESS, uncertain: [`FQDN address ${name} (${value})`] };
      default:
        return bad('no ip-netmask, ip-range, ip-wildcard or fqdn');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Services

  /** The `service` of a rule: `any`, `application-default` is handled by the caller. */
  services(names: readonly string[], at: SourceRef): Resolved<ServiceSet> {
    if (names.length === 0 || names.includes('any')) return { set: ANY_SERVICE, uncertain: [] };
    let set = NO_SERVICE;
    const uncertain: string[] = [];
    for (const n of names) {
      const r = this.service(n, at, []);
      set = serviceUnion(set, r.set);
      for (const u of r.uncertain) if (!uncertain.includes(u)) uncertain.push(u);
    }
    return { set, uncertain };
  }

  service(name: string, at: SourceRef, path: readonly string[]): Resolved<ServiceSet> {
    const memo = this.serviceMemo.get(name);
    if (memo !== undefined) return memo;
    const r = this.resolveService(name, at, path);
    if (!path.includes(name)) this.serviceMemo.set(name, r);
    return r;
  }

  private resolveService(name: string, at: SourceRef, path: readonly string[]): Resolved<ServiceSet> {
    if (name === 'any') return { set: ANY_SERVICE, uncertain: [] };
    const s = this.find('services', name);
    if (s !== undefined) {
      this.usedServices.add(name);
      if (s.protocol === null) {
        this.once(`svc:${name}@${s.source.line}`, () =>
          this.sink.warning(
            'invalid-value',
            `service '${name}' has no tcp, udp or sctp protocol; it matches nothing`,
            s.source,
          ),
        );
        return { set: NO_SERVICE, uncertain: [`service ${name} unreadable`] };
      }
      const dports = s.ports === null ? ANY_PORT : this.ports(s.ports, name, s.source);
      const sports = s.sourcePorts === null ? ANY_PORT : this.ports(s.sourcePorts, name, s.source);
      if (dports === null || sports === null)
        return { set: NO_SERVICE, uncertain: [`service ${name} unreadable`] };
      return { set: serviceOfProtocol(PROTO[s.protocol], sports, dports), uncertain: [] };
    }
    const g = this.find('serviceGroups', name);
    if (g !== undefined) {
      this.usedServices.add(name);
      if (path.includes(name) || path.length >= MAX_NESTING) {
        const loop = path.includes(name);
        this.once(`svc-cycle:${name}@${g.source.line}`, () =>
          this.sink.warning(
            loop ? 'circular-reference' : 'unsupported-construct',
            loop
              ? `service-group '${name}' contains itself (${[...path, name].join(' -> ')}); the loop is cut`
              : `service-groups nest deeper than ${MAX_NESTING} levels at '${name}'; the deeper members are not read`,
            g.source,
          ),
        );
        return { set: NO_SERVICE, uncertain: [] };
      }
      let set = NO_SERVICE;
      const uncertain: string[] = [];
      for (const m of g.members) {
        const r = this.service(m, g.source, [...path, name]);
        set = serviceUnion(set, r.set);
        for (const u of r.uncertain) if (!uncertain.includes(u)) uncertain.push(u);
      }
      return { set, uncertain };
    }
    const pre = Object.hasOwn(PREDEFINED_SERVICES, name) ? PREDEFINED_SERVICES[name] : undefined;
    if (pre !== undefined) {
      const dports = this.ports(pre.ports, name, at)!;
      return { set: serviceOfProtocol(PROTO.tcp, ANY_PORT, dports), uncertain: [] };
    }
    this.once(`undef-svc:${name}@${at.line}`, () =>
      this.sink.warning('undefined-reference', `service '${name}' is not defined; it matches nothing`, at),
    );
    return { set: NO_SERVICE, uncertain: [`undefined service ${name}`] };
  }

  /** `80,443,1000-2000` -> a port set, or null (reported) when malformed. */
  private ports(text: string, name: string, source: SourceRef): PortSet | null {
    let out: PortSet = [];
    for (const part of text.split(',')) {
      const p = parsePortRange(part.trim(), undefined, true);
      if (!p.ok) {
        this.once(`ports:${name}@${source.line}`, () =>
          this.sink.warning('invalid-value', `service '${name}': ${p.error}`, source),
        );
        return null;
      }
      out = unionIntervals(out, p.value);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Applications

  /**
   * The layer-4 footprint of the rule's applications (their defaults), and why it is uncertain.
   * `exact` is false when some application's footprint is unknown (then the set is any).
   */
  applications(
    names: readonly string[],
    at: SourceRef,
  ): { set: ServiceSet; known: boolean; uncertain: string[] } {
    let set = NO_SERVICE;
    let known = true;
    const described: string[] = [];
    const unknown: string[] = [];
    const visit = (name: string, depth: number): void => {
      const app = this.find('applications', name);
      if (app !== undefined) {
        const s = customFootprint(app);
        if (s === null) unknown.push(name);
        else {
          set = serviceUnion(set, s);
          described.push(name);
        }
        return;
      }
      const g = this.find('applicationGroups', name);
      if (g !== undefined && depth < MAX_NESTING) {
        for (const m of g.members) visit(m, depth + 1);
        return;
      }
      if (this.find('applicationFilters', name) !== undefined) {
        unknown.push(`${name} (application filter)`);
        return;
      }
      const table = Object.hasOwn(APPLICATION_DEFAULTS, name) ? APPLICATION_DEFAULTS[name] : undefined;
      if (table !== undefined) {
        set = serviceUnion(set, footprint(table));
        described.push(name);
        return;
      }
      unknown.push(name);
    };
    for (const n of names) visit(n, 0);
    const uncertain: string[] = [];
    if (described.length > 0)
      uncertain.push(
        `matches only traffic App-ID identifies as ${described.join(', ')} (assumed on its default ports)`,
      );
    if (unknown.length > 0) {
      known = false;
      set = ANY_SERVICE;
      uncertain.push(
        `application(s) ${unknown.join(', ')}: default ports not known to Conduit; taken as any`,
      );
      this.once(`apps:${unknown.join(',')}:${at.line}`, () =>
        this.sink.info(
          'uncertain-match',
          `application(s) ${unknown.join(', ')} have no known layer-4 footprint; the rule is uncertain over any port`,
          at,
        ),
      );
    }
    return { set, known, uncertain };
  }
}

/** The union of many sets at once: one sort instead of a quadratic chain of pairwise unions. */
function unionAll(sets: readonly AddressSet[]): AddressSet {
  if (sets.length === 0) return EMPTY_ADDRESSES;
  if (sets.length === 1) return sets[0]!;
  if (sets.length === 2) return addressUnion(sets[0]!, sets[1]!);
  const v4: Array<[number, number]> = [];
  const v6: Array<[bigint, bigint]> = [];
  for (const s of sets) {
    for (let i = 0; i < s.v4.length; i += 2) v4.push([s.v4[i]!, s.v4[i + 1]!]);
    for (let i = 0; i < s.v6.length; i += 2) v6.push([s.v6[i]!, s.v6[i + 1]!]);
  }
  return {
    v4: v4.length === 0 ? EMPTY_ADDRESSES.v4 : intervalsFrom(v4),
    v6: v6.length === 0 ? EMPTY_ADDRESSES.v6 : intervalsFrom(v6),
  };
}

/** A literal in a rule: `10.0.0.1`, `10.0.0.0/24`, `10.0.0.1-10.0.0.9`, IPv6 the same. */
export function literalAddress(text: string): AddressSet | null {
  if (text.includes('-')) return rangeOf(text);
  const p = parseAddressSpec(text);
  return p.ok ? p.value.set : null;
}

function rangeOf(text: string): AddressSet | null {
  const dash = text.indexOf('-');
  if (dash < 0) return null;
  const a = parseAddress(text.slice(0, dash).trim());
  const b = parseAddress(text.slice(dash + 1).trim());
  if (!a.ok || !b.ok) return null;
  const r = addressRange(a.value, b.value);
  return r.ok ? r.value : null;
}
