import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import {
  ANY_ADDRESS,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type AddressSet,
  type PortSet,
  type ServiceSet,
  addressUnion,
  icmpService,
  intervalsFrom,
  serviceOf,
  serviceUnion,
  unionIntervals,
  type Intervals,
} from '../../net';
import type { AsaConfig, AsaObject, AsaObjectType, AsaServiceSpec } from './model';

/** How deep group-object nesting is followed; deeper chains (or loops) are reported, not followed. */
export const MAX_NESTING = 64;

export interface Resolved<T> {
  readonly value: T;
  /** Set when part of the value cannot be known offline (fqdn) or could not be resolved. */
  readonly uncertain?: string;
}

/** The protocols of a protocol or port group, for resolving port names in an ACE (parse time). */
export function protocolsOfGroup(config: AsaConfig, name: string): readonly number[] | null {
  const obj = config.objects.get(name);
  if (obj === undefined) return null;
  if (obj.type === 'port') return obj.protocols ?? null;
  if (obj.type !== 'protocol') return null;
  const out = new Set<number>();
  const seen = new Set<string>();
  const walk = (o: AsaObject, depth: number): boolean => {
    if (depth > MAX_NESTING || seen.has(o.name)) return true;
    seen.add(o.name);
    for (const m of o.members) {
      if (m.kind === 'protocol') {
        if (m.proto === null) return false;
        out.add(m.proto);
      } else if (m.kind === 'ref') {
        const sub = config.objects.get(m.name);
        if (sub !== undefined && !walk(sub, depth + 1)) return false;
      }
    }
    return true;
  };
  return walk(obj, 0) ? [...out] : null;
}

export function specService(spec: AsaServiceSpec): ServiceSet {
  if (spec.protocols === null) return ANY_SERVICE;
  let out: ServiceSet = NO_SERVICE;
  for (const p of spec.protocols) {
    const s =
      p === 1 || p === 58
        ? icmpService(
            p,
            spec.icmpType === undefined ? undefined : [spec.icmpType, spec.icmpType + 1],
            spec.icmpCode === undefined ? undefined : [spec.icmpCode, spec.icmpCode + 1],
          )
        : serviceOf([p, p + 1], spec.sports, spec.dports);
    out = serviceUnion(out, s);
  }
  return out;
}

type PortMap = ReadonlyMap<number, PortSet>;

/** Resolves object and object-group names, with nesting guards, recording use and reporting problems. */
export class Resolver {
  readonly used = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(
    readonly config: AsaConfig,
    readonly sink: DiagnosticSink,
  ) {}

  private report(
    code: 'undefined-reference' | 'hostname-address' | 'invalid-value',
    message: string,
    at: SourceRef,
  ): void {
    const key = `${code}|${at.line}|${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    // An undefined name is a config the ASA would refuse; the others are warnings.
    if (code === 'undefined-reference') this.sink.error(code, message, at);
    else this.sink.warning(code, message, at);
  }

  /** Looks a name up as one of `types`; reports an undefined or mistyped name at `at`. */
  lookup(name: string, types: readonly AsaObjectType[], at: SourceRef): AsaObject | undefined {
    const obj = this.config.objects.get(name);
    if (obj === undefined) {
      this.report(
        'undefined-reference',
        `'${name}' is not defined (the ASA would reject this line); it matches nothing`,
        at,
      );
      return undefined;
    }
    if (!types.includes(obj.type)) {
      this.report(
        'invalid-value',
        `'${name}' is a ${obj.type} object (line ${obj.source.line}), not ${types.join(' or ')}; it matches nothing`,
        at,
      );
      return undefined;
    }
    this.used.add(name);
    return obj;
  }

  /**
   * Walks an object and its nested groups (each at most once, at most MAX_NESTING deep),
   * calling `visit` for each non-reference member.
   */
  private walk(
    root: AsaObject,
    types: readonly AsaObjectType[],
    visit: (o: AsaObject, m: AsaObject['members'][number]) => void,
  ): string | undefined {
    let uncertain: string | undefined;
    const seen = new Set<string>([root.name]);
    const stack: Array<{ obj: AsaObject; depth: number }> = [{ obj: root, depth: 0 }];
    while (stack.length > 0) {
      const { obj, depth } = stack.pop()!;
      for (const m of obj.members) {
        if (m.kind !== 'ref') {
          visit(obj, m);
          continue;
        }
        if (seen.has(m.name)) continue;
        if (depth + 1 > MAX_NESTING) {
          uncertain ??= `object-groups nest deeper than ${MAX_NESTING} levels under '${root.name}'`;
          this.report('invalid-value', `${uncertain}; '${m.name}' and below are not followed`, m.source);
          continue;
        }
        const sub = this.lookup(m.name, types, m.source);
        if (sub === undefined) continue;
        seen.add(m.name);
        stack.push({ obj: sub, depth: depth + 1 });
      }
    }
    return uncertain;
  }

  network(name: string, at: SourceRef): Resolved<AddressSet> {
    const obj = this.lookup(name, ['network'], at);
    if (obj === undefined) return { value: EMPTY_ADDRESSES };
    let set = EMPTY_ADDRESSES;
    let fqdn: string | undefined;
    const deep = this.walk(obj, ['network'], (_o, m) => {
      if (m.kind === 'addresses') set = addressUnion(set, m.set);
      else if (m.kind === 'fqdn') {
        fqdn ??= m.host;
        this.report(
          'hostname-address',
          `fqdn '${m.host}' (in '${name}') is resolved by the ASA at run time; matching is uncertain`,
          m.source,
        );
      }
    });
    if (fqdn !== undefined)
      return {
        value: ANY_ADDRESS,
        uncertain: `'${name}' holds the host name '${fqdn}', resolved by the ASA at run time`,
      };
    // Members past the nesting limit are unknown: the set is taken as any, uncertainly.
    return deep === undefined ? { value: set } : { value: ANY_ADDRESS, uncertain: deep };
  }

  /** A service object or service object-group in the protocol position of an ACE. */
  service(name: string, at: SourceRef): Resolved<ServiceSet> {
    const obj = this.lookup(name, ['service', 'protocol', 'port'], at);
    if (obj === undefined) return { value: NO_SERVICE };
    if (obj.type === 'protocol') {
      const protos = this.protocols(obj);
      return {
        value: protos.value === null ? ANY_SERVICE : serviceOf(protos.value),
        ...(protos.uncertain ? { uncertain: protos.uncertain } : {}),
      };
    }
    if (obj.type === 'port') {
      this.report(
        'invalid-value',
        `'${name}' is a port group (line ${obj.source.line}); it belongs after an address, not as the protocol; it matches nothing`,
        at,
      );
      return { value: NO_SERVICE };
    }
    let svc: ServiceSet = NO_SERVICE;
    const deep = this.walk(obj, ['service'], (_o, m) => {
      if (m.kind === 'service') svc = serviceUnion(svc, specService(m.svc));
    });
    return deep === undefined ? { value: svc } : { value: ANY_SERVICE, uncertain: deep };
  }

  /** A protocol group: its protocol numbers as intervals, or null for `ip` (every protocol). */
  protocols(obj: AsaObject): Resolved<Intervals<number> | null> {
    let all = false;
    let protos: Intervals<number> = [];
    const deep = this.walk(obj, ['protocol'], (_o, m) => {
      if (m.kind !== 'protocol') return;
      if (m.proto === null) all = true;
      else protos = unionIntervals(protos, [m.proto, m.proto + 1]);
    });
    const value = all ? null : protos;
    return deep === undefined ? { value } : { value, uncertain: deep };
  }

  protocolGroup(name: string, at: SourceRef): Resolved<Intervals<number> | null> | undefined {
    const obj = this.lookup(name, ['protocol'], at);
    return obj === undefined ? undefined : this.protocols(obj);
  }

  /** A port group: the ports it holds for each of its protocols (nested groups count for the protocols both share). */
  ports(name: string, at: SourceRef): Resolved<PortMap> {
    const obj = this.lookup(name, ['port'], at);
    const out = new Map<number, PortSet>();
    if (obj === undefined) return { value: out };
    const rootProtocols = obj.protocols ?? [];
    const deep = this.walk(obj, ['port'], (o, m) => {
      if (m.kind !== 'ports') return;
      for (const p of o.protocols ?? []) {
        if (!rootProtocols.includes(p)) continue;
        out.set(p, unionIntervals(out.get(p) ?? [], m.ports));
      }
    });
    return deep === undefined ? { value: out } : { value: out, uncertain: deep };
  }

  icmpTypes(name: string, at: SourceRef): Resolved<Intervals<number>> {
    const obj = this.lookup(name, ['icmp-type'], at);
    if (obj === undefined) return { value: [] };
    const types: Array<[number, number]> = [];
    const deep = this.walk(obj, ['icmp-type'], (_o, m) => {
      if (m.kind === 'icmp-type') types.push([m.type, m.type + 1]);
    });
    const value = intervalsFrom(types);
    return deep === undefined ? { value } : { value, uncertain: deep };
  }
}
