import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type { Match } from '../../device';
import {
  type AddressSet,
  type PortSet,
  type ServiceSet,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  EMPTY_ADDRESSES,
  NO_PORTS,
  NO_SERVICE,
  addressIntersect,
  addressUnion,
  icmpService,
  serviceOf,
  serviceUnion,
  unionIntervals,
} from '../../net';
import type { IosAce, IosAcl, IosAddress, IosConfig, IosFamily, IosIcmp, IosPorts } from './model';

/**
 * Resolves object-group names to sets, once each, with cycle and depth guards; reports
 * undefined names at the referencing line and remembers which groups were used.
 */
export class IosResolver {
  readonly used = new Set<string>();
  private readonly networks = new Map<string, AddressSet | null>();
  private readonly services = new Map<string, ServiceSet | null>();
  private readonly ports = new Map<string, PortSet | null>();

  constructor(
    readonly config: IosConfig,
    readonly sink: DiagnosticSink,
  ) {}

  network(name: string, at: SourceRef): AddressSet | null {
    return this.nested('network', name, at, []);
  }

  service(name: string, at: SourceRef): ServiceSet | null {
    return this.nested('service', name, at, []);
  }

  /** Resolves a group, carrying the stack of the groups being resolved (to cut loops). */
  private nested(kind: 'network', name: string, at: SourceRef, stack: string[]): AddressSet | null;
  private nested(kind: 'service', name: string, at: SourceRef, stack: string[]): ServiceSet | null;
  private nested(
    kind: 'network' | 'service',
    name: string,
    at: SourceRef,
    stack: string[],
  ): AddressSet | ServiceSet | null {
    if (kind === 'network') {
      return this.group({
        kind,
        name,
        at,
        stack,
        cache: this.networks,
        members: this.config.networkGroups.get(name)?.members,
        empty: EMPTY_ADDRESSES,
        union: addressUnion,
        what: 'address',
        value: (m, st) => (m.kind === 'set' ? m.set : this.nested('network', m.name, m.source, st)),
      });
    }
    return this.group({
      kind,
      name,
      at,
      stack,
      cache: this.services,
      members: this.config.serviceGroups.get(name)?.members,
      empty: NO_SERVICE,
      union: serviceUnion,
      what: 'traffic',
      value: (m, st) =>
        m.kind === 'group'
          ? this.nested('service', m.name, m.source, st)
          : serviceFor(m.protocols, m.srcPorts, m.dstPorts, m.icmp),
    });
  }

  /**
   * Resolves one object-group once: undefined names are reported at the referencing line, a
   * group that contains itself adds nothing, and the result is cached.
   */
  private group<T, M>(g: {
    kind: string;
    name: string;
    at: SourceRef;
    stack: string[];
    cache: Map<string, T | null>;
    members: readonly M[] | undefined;
    empty: T;
    union: (a: T, b: T) => T;
    what: string;
    value: (member: M, stack: string[]) => T | null;
  }): T | null {
    this.used.add(`${g.kind}:${g.name}`);
    if (g.cache.has(g.name)) return g.cache.get(g.name)!;
    if (g.members === undefined) {
      this.sink.warning(
        'undefined-reference',
        `${g.kind} object-group '${g.name}' is not defined; the entry matches no ${g.what}`,
        g.at,
      );
      g.cache.set(g.name, null);
      return null;
    }
    if (g.stack.includes(g.name)) {
      this.sink.warning(
        'invalid-value',
        `object-group '${g.name}' contains itself (${[...g.stack, g.name].join(' -> ')}); the loop adds nothing`,
        g.at,
      );
      return null;
    }
    g.stack.push(g.name);
    let set = g.empty;
    for (const m of g.members) {
      const v = g.value(m, g.stack);
      if (v !== null) set = g.union(set, v);
    }
    g.stack.pop();
    g.cache.set(g.name, set);
    return set;
  }

  portGroup(name: string, at: SourceRef): PortSet | null {
    this.used.add(`port:${name}`);
    if (this.ports.has(name)) return this.ports.get(name)!;
    const g = this.config.portGroups.get(name);
    let set: PortSet | null = null;
    if (g === undefined)
      this.sink.warning(
        'undefined-reference',
        `port object-group '${name}' is not defined; the entry matches no port`,
        at,
      );
    else set = g.members.reduce<PortSet>((acc, m) => unionIntervals(acc, m.ports), NO_PORTS);
    this.ports.set(name, set);
    return set;
  }

  address(a: IosAddress, family: IosFamily, at: SourceRef): AddressSet {
    const any = family === 4 ? ANY_IPV4 : ANY_IPV6;
    if (a.kind === 'set') return a.set;
    return addressIntersect(this.network(a.name, at) ?? EMPTY_ADDRESSES, any);
  }

  portSet(p: IosPorts | undefined, at: SourceRef): PortSet {
    if (p === undefined) return ANY_PORT;
    if (p.kind === 'set') return p.ports;
    return this.portGroup(p.name, at) ?? NO_PORTS;
  }

  /** The neutral match of one ACE. */
  aceMatch(ace: IosAce, family: IosFamily): Match {
    const at = ace.source;
    const src = this.address(ace.src, family, at);
    const dst = this.address(ace.dst, family, at);
    let service: ServiceSet;
    if (ace.protocol.kind === 'group') service = this.service(ace.protocol.name, at) ?? NO_SERVICE;
    else {
      const sp = ace.srcPorts === undefined ? undefined : this.portSet(ace.srcPorts, at);
      const dp = ace.dstPorts === undefined ? undefined : this.portSet(ace.dstPorts, at);
      service = serviceFor(ace.protocol.protocols, sp, dp, ace.icmp);
    }
    return {
      src,
      dst,
      service,
      matchesNew: ace.matchesNew,
      ...(ace.uncertain !== undefined ? { uncertain: ace.uncertain } : {}),
    };
  }
}

/** Protocols (null: all) with optional ports or ICMP type/code. */
export function serviceFor(
  protocols: readonly number[] | null,
  sp: PortSet | undefined,
  dp: PortSet | undefined,
  icmp: IosIcmp | undefined,
): ServiceSet {
  if (protocols === null) return serviceOf([0, 256]);
  let out = NO_SERVICE;
  for (const p of protocols) {
    if ((p === 1 || p === 58) && icmp !== undefined) {
      const types = icmp.type === undefined ? undefined : [icmp.type, icmp.type + 1];
      const codes = icmp.code === undefined ? undefined : [icmp.code, icmp.code + 1];
      out = serviceUnion(out, icmpService(p, types, codes));
    } else out = serviceUnion(out, serviceOf([p, p + 1], sp ?? ANY_PORT, dp ?? ANY_PORT));
  }
  return out;
}

/**
 * Entries in evaluation order: by sequence number. An entry written without one gets the last
 * highest number so far + 10, as IOS numbers them; a stable sort keeps equal numbers in file order.
 */
export function orderedEntries(acl: IosAcl): IosAcl['entries'] {
  let last = 0;
  const keyed = acl.entries.map((e, k) => {
    const seq = e.seq ?? last + 10;
    last = Math.max(last, seq);
    return { e, seq, k };
  });
  return keyed.sort((a, b) => a.seq - b.seq || a.k - b.k).map((x) => x.e);
}
