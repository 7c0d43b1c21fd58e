import type { DiagnosticSink } from '../../diagnostics';
import type { Match, Rule, RuleAction, RuleList } from '../../device';
import {
  type AddressSet,
  type Intervals,
  type ServiceSet,
  ANY_IPV4,
  ANY_IPV6,
  ANY_PORT,
  EMPTY_ADDRESSES,
  PROTO,
  addressIntersect,
  addressSubtract,
  addressUnion,
  complementIntervals,
  icmpService,
  intersectIntervals,
  parseAddressSpec,
  parseProtocol,
  portComplement,
  serviceIntersect,
  serviceOf,
  unionIntervals,
} from '../../net';
import { junosIcmpType, junosPorts } from './applications';
import type { JunosCondition, JunosConfig, JunosFilter, JunosTerm } from './model';

/** inet filters keep their name (what `--filter NAME` asks for); inet6 ones are `inet6/NAME`. */
export const filterListName = (family: 'inet' | 'inet6', name: string): string =>
  family === 'inet' ? name : `inet6/${name}`;

const ADDRESS_KEYS = new Set(['source-address', 'destination-address', 'address']);
const PREFIX_LIST_KEYS = new Set(['source-prefix-list', 'destination-prefix-list', 'prefix-list']);
const PORT_KEYS = new Set([
  'source-port',
  'destination-port',
  'port',
  'source-port-except',
  'destination-port-except',
  'port-except',
]);

export interface ConvertedFilters {
  readonly lists: RuleList[];
  readonly uncertainRules: number;
  /** Lists bound to an interface or evaluated by another filter's term. */
  readonly referenced: ReadonlySet<string>;
}

export function convertFilters(config: JunosConfig, sink: DiagnosticSink): ConvertedFilters {
  const lists: RuleList[] = [];
  const referenced = new Set<string>();
  for (const i of config.interfaces.values())
    for (const f of i.filters) referenced.add(filterListName(f.family, f.name));
  let uncertainRules = 0;
  for (const filter of config.filters.values()) {
    const name = filterListName(filter.family, filter.name);
    const rules: Rule[] = [];
    for (const term of filter.terms) {
      for (const rule of convertTerm(config, filter, term, sink, name, rules.length, referenced)) {
        if (rule.match.uncertain !== undefined || rule.uncertainEffect !== undefined) uncertainRules++;
        rules.push(rule);
      }
    }
    // Every filter ends with an implicit discard (Junos "firewall filter" overview).
    lists.push({
      name,
      rules,
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: filter.source,
    });
  }
  return { lists, uncertainRules, referenced };
}

/** One way an either-side condition (`address`, `prefix-list`, `port`) can match. */
interface Alternative {
  readonly src?: AddressSet;
  readonly dst?: AddressSet;
  readonly sports?: Intervals<number>;
  readonly dports?: Intervals<number>;
}

function convertTerm(
  config: JunosConfig,
  filter: JunosFilter,
  term: JunosTerm,
  sink: DiagnosticSink,
  list: string,
  offset: number,
  referenced: Set<string>,
): Rule[] {
  const family = filter.family;
  const any = family === 'inet' ? ANY_IPV4 : ANY_IPV6;
  const uncertain: string[] = [];
  const unsure = (
    why: string,
    c: JunosCondition,
    code: 'uncertain-match' | 'invalid-value' | 'undefined-reference' = 'uncertain-match',
  ): void => {
    uncertain.push(why);
    sink.warning(code, `${why}; verdicts this term decides are uncertain`, c.source);
  };
  const byKey = new Map<string, JunosCondition[]>();
  for (const c of term.from) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);

  // Addresses: within one condition the longest matching prefix decides (`except` excludes).
  const addressCond = (conds: readonly JunosCondition[], lists: boolean): AddressSet => {
    const entries: Array<{ set: AddressSet; len: number; except: boolean }> = [];
    for (const c of conds) {
      const values: Array<{ value: string; except: boolean }> = [];
      if (lists) {
        const pl = config.prefixLists.get(c.value);
        if (!pl) {
          unsure(`prefix-list '${c.value}' is not defined`, c, 'undefined-reference');
          return any;
        }
        if (pl.applyPath) unsure(`prefix-list '${c.value}' is built by apply-path, which is not expanded`, c);
        for (const p of pl.prefixes) values.push({ value: p.value, except: c.except });
        if (pl.applyPath) return c.except ? EMPTY_ADDRESSES : any;
      } else values.push({ value: c.value, except: c.except });
      for (const v of values) {
        const p = parseAddressSpec(v.value);
        if (!p.ok) {
          unsure(`'${v.value}': ${p.error}`, c, 'invalid-value');
          return any;
        }
        const slash = v.value.indexOf('/');
        const len = slash < 0 ? (v.value.includes(':') ? 128 : 32) : Number(v.value.slice(slash + 1));
        entries.push({
          set: addressIntersect(p.value.set, any),
          len: Number.isFinite(len) ? len : 0,
          except: v.except,
        });
      }
    }
    entries.sort((a, b) => a.len - b.len);
    let set = EMPTY_ADDRESSES;
    for (const e of entries) set = e.except ? addressSubtract(set, e.set) : addressUnion(set, e.set);
    return set;
  };

  let src = any;
  let dst = any;
  const either: Alternative[][] = [];
  for (const [key, conds] of byKey) {
    if (ADDRESS_KEYS.has(key) || PREFIX_LIST_KEYS.has(key)) {
      const set = addressCond(conds, PREFIX_LIST_KEYS.has(key));
      if (key.startsWith('source')) src = addressIntersect(src, set);
      else if (key.startsWith('destination')) dst = addressIntersect(dst, set);
      else either.push([{ src: set }, { dst: set }]);
    }
  }

  // Protocols, ports, ICMP.
  let protos: Intervals<number> = [0, 256];
  let sports: Intervals<number> = ANY_PORT;
  let dports: Intervals<number> = ANY_PORT;
  const eitherPorts: Intervals<number>[] = [];
  let icmp: ServiceSet | null = null;
  let matchesNew = true;
  for (const [key, conds] of byKey) {
    if (ADDRESS_KEYS.has(key) || PREFIX_LIST_KEYS.has(key)) continue;
    if (
      key === 'protocol' ||
      key === 'protocol-except' ||
      key === 'next-header' ||
      key === 'payload-protocol'
    ) {
      let set: Intervals<number> = [];
      for (const c of conds) {
        const n =
          c.value === 'icmp6' ? PROTO.ICMPV6 : /^\d+-\d+$/.test(c.value) ? null : parseProtocol(c.value);
        if (n === null) unsure(`protocol '${c.value}' is not known`, c, 'invalid-value');
        else set = unionIntervals(set, [n, n + 1]);
      }
      protos = intersectIntervals(protos, key === 'protocol-except' ? complementIntervals(set, 0, 256) : set);
    } else if (PORT_KEYS.has(key)) {
      let set: Intervals<number> = [];
      for (const c of conds) {
        const p = junosPorts(c.value);
        if (p === null) unsure(`port '${c.value}' is not a port or range`, c, 'invalid-value');
        else set = unionIntervals(set, p);
      }
      if (key.endsWith('-except')) set = portComplement(set);
      if (key.startsWith('source')) sports = intersectIntervals(sports, set);
      else if (key.startsWith('destination')) dports = intersectIntervals(dports, set);
      else eitherPorts.push(set);
    } else if (key === 'icmp-type' || key === 'icmp-type-except' || key === 'icmp-code') {
      let set: Intervals<number> = [];
      for (const c of conds) {
        const t = junosIcmpType(c.value);
        if (t === null)
          unsure(`ICMP ${key.replace('-except', '')} '${c.value}' is not known`, c, 'invalid-value');
        else set = unionIntervals(set, [t, t + 1]);
      }
      if (key === 'icmp-type-except') set = complementIntervals(set, 0, 256);
      const proto = family === 'inet' ? PROTO.ICMP : PROTO.ICMPV6;
      const s = key === 'icmp-code' ? icmpService(proto, undefined, set) : icmpService(proto, set);
      icmp = icmp === null ? s : serviceIntersect(icmp, s);
    } else if (key === 'tcp-established' || key === 'is-fragment' || key === 'first-fragment') {
      // The first packet of a connection is a lone SYN, not a fragment.
      matchesNew = false;
    } else if (key === 'tcp-initial') {
      protos = intersectIntervals(protos, [PROTO.TCP, PROTO.TCP + 1]);
    } else {
      for (const c of conds) unsure(`'from ${key}' is not modelled`, c);
    }
  }
  if (eitherPorts.length > 0) {
    const p = eitherPorts.reduce((a, b) => intersectIntervals(a, b));
    either.push([{ sports: p }, { dports: p }]);
  }

  // Variants for conditions on either side (`address`, `prefix-list`, `port`).
  let variants: Array<{
    src: AddressSet;
    dst: AddressSet;
    sports: Intervals<number>;
    dports: Intervals<number>;
  }> = [{ src, dst, sports, dports }];
  for (const alternatives of either) {
    variants = variants.flatMap((v) =>
      alternatives.map((x) => ({
        src: x.src ? addressIntersect(v.src, x.src) : v.src,
        dst: x.dst ? addressIntersect(v.dst, x.dst) : v.dst,
        sports: x.sports ? intersectIntervals(v.sports, x.sports) : v.sports,
        dports: x.dports ? intersectIntervals(v.dports, x.dports) : v.dports,
      })),
    );
  }

  const { action, target, detail, uncertainEffect } = termAction(term, filter, config, sink, referenced);
  const why = uncertain.length > 0 ? [...new Set(uncertain)].join('; ') : undefined;
  return variants.map((v, k): Rule => {
    let service = serviceOf(protos, v.sports, v.dports);
    if (icmp !== null) service = serviceIntersect(service, icmp);
    const match: Match = {
      src: v.src,
      dst: v.dst,
      service,
      matchesNew,
      ...(why !== undefined ? { uncertain: why } : {}),
    };
    return {
      id: `${list}#${offset + k + 1}`,
      action,
      ...(target !== undefined ? { target } : {}),
      match,
      source: term.source,
      origin: {
        vendor: 'junos',
        file: term.source.file,
        line: term.source.line,
        name: `filter ${filter.name} term ${term.name}`,
      },
      ...(detail !== undefined ? { detail } : {}),
      ...(uncertainEffect !== undefined ? { uncertainEffect } : {}),
    };
  });
}

function termAction(
  term: JunosTerm,
  filter: JunosFilter,
  config: JunosConfig,
  sink: DiagnosticSink,
  referenced: Set<string>,
): { action: RuleAction; target?: string; detail?: string; uncertainEffect?: string } {
  if (term.filter !== null) {
    const target = filterListName(filter.family, term.filter.name);
    if (!config.filters.has(`${filter.family}/${term.filter.name}`)) {
      sink.warning(
        'undefined-reference',
        `filter '${term.filter.name}' is not defined; the term is taken as not deciding`,
        term.filter.source,
      );
      return {
        action: 'continue',
        detail: `filter ${term.filter.name} (undefined)`,
        uncertainEffect: `evaluates the undefined filter '${term.filter.name}'`,
      };
    }
    referenced.add(target);
    return { action: 'jump', target, detail: `filter ${term.filter.name}` };
  }
  for (const a of term.then) {
    switch (a.kind) {
      case 'accept':
        return { action: 'permit' };
      case 'discard':
        return { action: 'deny' };
      case 'reject':
        return { action: 'deny', detail: a.arg === null ? 'reject' : `reject ${a.arg}` };
      case 'routing-instance':
        return { action: 'permit', detail: `routing-instance ${a.arg ?? ''}` };
      case 'next':
        return { action: 'continue', detail: `next ${a.arg ?? 'term'}` };
    }
  }
  const unknown = term.then.find(
    (a) =>
      ![
        'count',
        'log',
        'syslog',
        'sample',
        'policer',
        'three-color-policer',
        'forwarding-class',
        'loss-priority',
        'dscp',
        'port-mirror',
        'analyzer',
        'traffic-class',
        'service-accounting',
        'packet-mode',
      ].includes(a.kind),
  );
  if (unknown)
    return {
      action: 'continue',
      detail: `?${unknown.kind}`,
      uncertainEffect: `action '${unknown.kind}' is not modelled`,
    };
  // A term without a terminating action accepts (Junos: "accept" is the default action).
  return { action: 'permit', detail: 'implicit accept (no terminating action)' };
}
