import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import {
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  EMPTY_ADDRESSES,
  type AddressSet,
  type PortSet,
  TCP_SERVICES,
  UDP_SERVICES,
  addressComplement,
  addressIntersect,
  addressIsEmpty,
  addressRange,
  addressSubtract,
  addressUnion,
  parseAddress,
  parseAddressSpec,
  parsePortRange,
  unionIntervals,
} from '../../net';
import type { PfAlias, PfConfig, PfEndpoint, PfIfAddress, PfInterface } from './model';

/** How deep nested aliases are followed; deeper chains are reported, not followed. */
export const MAX_NESTING = 64;

/**
 * An address set known only within bounds: the true set holds `certain` and lies within
 * `certain ∪ maybe`. `why` says what cannot be known offline.
 */
export interface Fuzzy {
  readonly certain: AddressSet;
  readonly maybe: AddressSet;
  readonly why: readonly string[];
}

export const EXACT_ANY: Fuzzy = { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] };
const exact = (set: AddressSet): Fuzzy => ({ certain: set, maybe: EMPTY_ADDRESSES, why: [] });
const unknown = (set: AddressSet, why: string): Fuzzy => ({
  certain: EMPTY_ADDRESSES,
  maybe: set,
  why: [why],
});

export function fuzzyUnion(a: Fuzzy, b: Fuzzy): Fuzzy {
  const certain = addressUnion(a.certain, b.certain);
  return {
    certain,
    maybe: addressSubtract(addressUnion(a.maybe, b.maybe), certain),
    why: [...new Set([...a.why, ...b.why])],
  };
}

/** The complement: certainly outside the upper bound, maybe outside the lower one. */
export function fuzzyNot(a: Fuzzy): Fuzzy {
  return {
    certain: addressComplement(addressUnion(a.certain, a.maybe)),
    maybe: addressSubtract(a.maybe, a.certain),
    why: a.why,
  };
}

export function fuzzyWithin(a: Fuzzy, family: AddressSet): Fuzzy {
  const maybe = addressIntersect(a.maybe, family);
  return {
    certain: addressIntersect(a.certain, family),
    maybe,
    why: addressIsEmpty(maybe) ? [] : a.why,
  };
}

export interface FuzzyPorts {
  readonly ports: PortSet;
  readonly why?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62}\.)+[a-z][a-z0-9-]{0,62}\.?$/i;
const PORT_NAMES: Readonly<Record<string, number>> = { ...UDP_SERVICES, ...TCP_SERVICES };

/** The network of an interface address (`192.168.1.1/24` -> 192.168.1.0/24) or the host itself. */
function ifSet(a: PfIfAddress | undefined, host: boolean, family: AddressSet): Fuzzy {
  if (a === undefined) return exact(EMPTY_ADDRESSES);
  if (a.kind === 'dynamic')
    return unknown(family, `the address of this interface is assigned at run time (${a.how})`);
  const p = parseAddressSpec(host ? a.address : `${a.address}/${a.prefix}`);
  return p.ok ? exact(p.value.set) : exact(EMPTY_ADDRESSES);
}

/** Resolves addresses, interface macros, aliases and ports; reports each problem once. */
export class PfResolver {
  private readonly reported = new Set<string>();
  readonly ifaces: ReadonlyMap<string, PfInterface>;

  constructor(
    readonly config: PfConfig,
    readonly sink: DiagnosticSink,
  ) {
    this.ifaces = new Map(config.interfaces.map((i) => [i.key, i]));
  }

  private report(
    key: string,
    code:
      'undefined-reference' | 'hostname-address' | 'invalid-value' | 'circular-reference' | 'uncertain-match',
    message: string,
    source: SourceRef,
  ): void {
    const k = `${key}@${source.line}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.sink.add(code, code === 'uncertain-match' ? 'info' : 'warning', message, source);
  }

  /** The network (`lan`) or the address (`lanip`) of an interface. */
  ifaceMacro(key: string, host: boolean): Fuzzy {
    const i = this.ifaces.get(key);
    if (i === undefined) return exact(EMPTY_ADDRESSES);
    return fuzzyUnion(ifSet(i.v4, host, ANY_IPV4), ifSet(i.v6, host, ANY_IPV6));
  }

  /** `(self)`: every address of the firewall (interface addresses and CARP / IP alias VIPs). */
  self(): Fuzzy {
    let out = exact(EMPTY_ADDRESSES);
    for (const i of this.config.interfaces) out = fuzzyUnion(out, this.ifaceMacro(i.key, true));
    for (const v of this.config.virtualIps) {
      const p = parseAddressSpec(v.address);
      if (p.ok) out = fuzzyUnion(out, exact(p.value.set));
    }
    return out;
  }

  /** A rule's source or destination address (not its port), negation included. */
  endpoint(ep: PfEndpoint): Fuzzy {
    if (ep.any) return ep.not ? exact(EMPTY_ADDRESSES) : EXACT_ANY;
    const text = ep.network ?? ep.address;
    if (text === undefined) return ep.not ? exact(EMPTY_ADDRESSES) : EXACT_ANY;
    let out = exact(EMPTY_ADDRESSES);
    for (const term of text.split(',')) {
      const t = term.trim();
      if (t !== '') out = fuzzyUnion(out, this.term(t, ep.source, [], ep.network !== undefined));
    }
    return ep.not ? fuzzyNot(out) : out;
  }

  /** One address term: a macro, an alias, a literal address, CIDR or range. */
  term(t: string, source: SourceRef, stack: readonly string[], network: boolean): Fuzzy {
    const lower = t.toLowerCase();
    if (lower === '(self)' || lower === 'self') return this.self();
    if (this.ifaces.has(t)) return this.ifaceMacro(t, false);
    if (lower.endsWith('ip') && this.ifaces.has(t.slice(0, -2))) return this.ifaceMacro(t.slice(0, -2), true);
    if (lower === 'pppoe' || lower === 'l2tp' || lower === 'openvpn')
      return unknown(ANY_ADDRESS, `the ${t} clients' addresses are assigned at run time`);
    const alias = this.config.aliases.get(t);
    if (alias !== undefined) return this.alias(alias, source, stack);
    const literal = this.literal(t);
    if (literal !== null) return exact(literal);
    if (!network && HOSTNAME.test(t)) {
      this.report(t, 'hostname-address', `'${t}' is a host name; it cannot be resolved offline`, source);
      return unknown(ANY_ADDRESS, `'${t}' is a host name, resolved at run time`);
    }
    this.report(t, 'undefined-reference', `'${t}' is neither an address, an interface nor an alias`, source);
    return unknown(ANY_ADDRESS, `'${t}' could not be resolved`);
  }

  literal(t: string): AddressSet | null {
    const dash = t.indexOf('-');
    if (dash > 0) {
      const a = parseAddress(t.slice(0, dash));
      const b = parseAddress(t.slice(dash + 1));
      if (a.ok && b.ok) {
        const r = addressRange(a.value, b.value);
        return r.ok ? r.value : null;
      }
      return null;
    }
    if (!IPV4.test(t.split('/')[0]!) && !t.includes(':')) return null;
    const p = parseAddressSpec(t);
    return p.ok ? p.value.set : null;
  }

  private alias(alias: PfAlias, use: SourceRef, stack: readonly string[]): Fuzzy {
    if (stack.includes(alias.name)) {
      this.report(
        alias.name,
        'circular-reference',
        `alias ${alias.name} contains itself (${[...stack, alias.name].join(' -> ')})`,
        alias.source,
      );
      return unknown(ANY_ADDRESS, `alias ${alias.name} contains itself`);
    }
    if (stack.length >= MAX_NESTING) {
      this.report(alias.name, 'circular-reference', `aliases nest deeper than ${MAX_NESTING}`, alias.source);
      return unknown(ANY_ADDRESS, `aliases nest deeper than ${MAX_NESTING}`);
    }
    const type = alias.type;
    if (type === 'port' || type === 'url_ports' || type === 'urltable_ports') {
      this.report(alias.name, 'invalid-value', `port alias ${alias.name} is used as an address`, use);
      return unknown(ANY_ADDRESS, `port alias ${alias.name} used as an address`);
    }
    if (type !== 'host' && type !== 'network' && type !== 'networkgroup') {
      this.report(
        alias.name,
        'uncertain-match',
        `alias ${alias.name} (${type}) is filled at run time; rules using it are uncertain`,
        alias.source,
      );
      return unknown(ANY_ADDRESS, `alias ${alias.name} (${type}) is filled at run time`);
    }
    let out = exact(EMPTY_ADDRESSES);
    const inner = [...stack, alias.name];
    for (const e of alias.entries) {
      // An entry that names an interface is an alias of that name or an address, never a macro.
      const nested = this.config.aliases.get(e.text);
      const part =
        nested !== undefined
          ? this.alias(nested, e.source, inner)
          : (() => {
              const lit = this.literal(e.text);
              if (lit !== null) return exact(lit);
              if (HOSTNAME.test(e.text)) {
                this.report(
                  e.text,
                  'hostname-address',
                  `alias ${alias.name}: '${e.text}' is a host name; it cannot be resolved offline`,
                  e.source,
                );
                return unknown(ANY_ADDRESS, `alias ${alias.name} holds the host name '${e.text}'`);
              }
              this.report(
                e.text,
                'invalid-value',
                `alias ${alias.name}: '${e.text}' is not an address, a range or an alias`,
                e.source,
              );
              return unknown(ANY_ADDRESS, `alias ${alias.name} holds '${e.text}'`);
            })();
      out = fuzzyUnion(out, part);
    }
    return out;
  }

  /** A port, a range (`80-90`, `80:90`), a service name or a port alias; comma lists too. */
  ports(text: string | undefined, source: SourceRef): FuzzyPorts {
    if (text === undefined || text === '' || text.toLowerCase() === 'any') return { ports: ANY_PORT };
    let ports: PortSet = [];
    let why: string | undefined;
    for (const term of text.split(',')) {
      const t = term.trim();
      if (t === '') continue;
      const r = this.portTerm(t, source, []);
      ports = unionIntervals(ports, r.ports);
      why ??= r.why;
    }
    return why !== undefined ? { ports, why } : { ports };
  }

  private portTerm(t: string, source: SourceRef, stack: readonly string[]): FuzzyPorts {
    const alias = this.config.aliases.get(t);
    if (alias !== undefined) {
      if (stack.includes(t) || stack.length >= MAX_NESTING) {
        this.report(t, 'circular-reference', `port alias ${t} contains itself`, alias.source);
        return { ports: ANY_PORT, why: `port alias ${t} contains itself` };
      }
      if (alias.type !== 'port') {
        const dynamic = alias.type === 'url_ports' || alias.type === 'urltable_ports';
        this.report(
          t,
          dynamic ? 'uncertain-match' : 'invalid-value',
          dynamic
            ? `alias ${t} (${alias.type}) is filled at run time; rules using it are uncertain`
            : `alias ${t} (${alias.type}) is used as a port`,
          dynamic ? alias.source : source,
        );
        return { ports: ANY_PORT, why: `alias ${t} (${alias.type}) used as ports` };
      }
      let ports: PortSet = [];
      let why: string | undefined;
      for (const e of alias.entries) {
        const r = this.portTerm(e.text, e.source, [...stack, t]);
        ports = unionIntervals(ports, r.ports);
        why ??= r.why;
      }
      return why !== undefined ? { ports, why } : { ports };
    }
    const r = parsePortRange(t, PORT_NAMES, true);
    if (r.ok) return { ports: r.value };
    this.report(t, 'invalid-value', `'${t}' is not a port, a port range or a port alias`, source);
    return { ports: ANY_PORT, why: `'${t}' is not a port` };
  }
}
