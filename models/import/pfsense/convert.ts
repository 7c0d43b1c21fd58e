import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import type { Binding, Device, Interface, Rule, RuleList, VendorId, Zone } from '../../device';
import {
  ANY_ADDRESS,
  ANY_IPV4,
  ANY_IPV6,
  EMPTY_ADDRESSES,
  PROTO,
  type AddressSet,
  type ServiceSet,
  addressIsEmpty,
  addressUnion,
  parseAddressSpec,
  portRange,
  portsFrom,
  serviceOf,
} from '../../net';
import type { PfConfig, PfDirection, PfRule } from './model';
import { convertPfNat } from './convert-nat';
import { convertPfRoutes } from './convert-routes';
import { type Fuzzy, PfResolver, fuzzyWithin } from './resolve';
import { ruleService } from './services';

/** One pf rule as the kernel sees it, before it is split per interface and direction. */
interface Placed {
  readonly action: 'permit' | 'deny';
  readonly quick: boolean;
  readonly direction: PfDirection;
  /** Interface keys the rule is on; `all` for a floating rule without interfaces. */
  readonly on: readonly string[] | 'all';
  readonly src: Fuzzy;
  readonly dst: Fuzzy;
  readonly service: ServiceSet;
  readonly why: readonly string[];
  readonly source: SourceRef;
  readonly name: string;
  readonly label?: string;
  readonly detail?: string;
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']
  .map((c) => parseAddressSpec(c))
  .reduce<AddressSet>((acc, p) => (p.ok ? addressUnion(acc, p.value.set) : acc), EMPTY_ADDRESSES);

/** The name of the outbound list of an interface (its inbound list is named by the interface key). */
export const outListName = (key: string): string => `${key}:out`;

/**
 * Converts the vendor model into the neutral Device. pf evaluates every rule and the last
 * matching one decides, unless a matching rule is `quick`; the GUI writes interface rules as
 * quick and floating rules as the user chose. So each (interface, direction) gets one
 * first-match list: the quick rules that apply there in ruleset order, then the non-quick ones
 * in reverse order, then the default (inbound: the automatic `block in all`; outbound: the
 * automatic `pass out all keep state`, since pf filters traffic where it enters).
 */
export function convertPf(
  config: PfConfig,
  file: string,
  name: string,
  vendor: VendorId,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const resolver = new PfResolver(config, sink);
  const keys = config.interfaces.map((i) => i.key);
  const known = new Set(keys);
  const extra: string[] = [];
  const expand = (names: readonly string[], source: SourceRef): string[] => {
    const out: string[] = [];
    for (const n of names) {
      const group = config.groups.get(n);
      if (known.has(n)) out.push(n);
      else if (group !== undefined) out.push(...group.members);
      else {
        if (!extra.includes(n)) {
          extra.push(n);
          sink.info(
            'undefined-reference',
            `interface '${n}' is not assigned in <interfaces> (a VPN or other automatic group?); its rules are kept as the interface '${n}'`,
            source,
          );
        }
        out.push(n);
      }
    }
    return [...new Set(out)];
  };

  // Dynamic addresses (dhcp, pppoe, track6, slaac...) are unknown offline: say so once each.
  for (const i of config.interfaces) {
    for (const [a, fam] of [
      [i.v4, 'IPv4'],
      [i.v6, 'IPv6'],
    ] as const) {
      if (a?.kind !== 'dynamic') continue;
      sink.info(
        'uncertain-match',
        `${i.key}: its ${fam} address is assigned at run time (${a.how}); rules naming ${i.key}, ${i.key}ip or (self) are uncertain for ${fam}`,
        a.source,
      );
    }
  }

  const placed: Placed[] = [];
  let uncertainRules = 0;

  // rdr pass: a port forward that passes its traffic itself, before any filter rule.
  for (const pf of config.portForwards) {
    if (pf.associatedRuleId !== 'pass' || pf.nordr) continue;
    const target = resolver.term(pf.target, pf.source, [], false);
    const fam = families(pf.ipprotocol);
    const to = pf.localPort ?? pf.dst.port;
    const dports = resolver.ports(to, pf.source);
    const svc = ruleService(pf.protocol, fam, portRange(0, 65535), dports.ports, undefined);
    placed.push({
      action: 'permit',
      quick: true,
      direction: 'in',
      on: expand(pf.interfaces, pf.source),
      src: within(resolver.endpoint(pf.src), fam),
      dst: within(target, fam),
      service: svc.service,
      why: [...(dports.why ? [dports.why] : []), ...(svc.why ? [svc.why] : [])],
      source: pf.source,
      name: pf.descr || 'port forward (rdr pass)',
      label: pf.descr || undefined,
      detail: `rdr pass to ${pf.target}${to !== undefined ? ` port ${to}` : ''}`,
    });
  }

  // Automatic rules the GUI settings create, all quick.
  if (config.ipv6Blocked !== null) {
    placed.push({
      action: 'deny',
      quick: true,
      // pf also blocks IPv6 out; inbound suffices for transit and to-device traffic.
      direction: 'in',
      on: 'all',
      src: { certain: ANY_IPV6, maybe: EMPTY_ADDRESSES, why: [] },
      dst: { certain: ANY_IPV6, maybe: EMPTY_ADDRESSES, why: [] },
      service: serviceOf([0, 256]),
      why: [],
      source: config.ipv6Blocked,
      name: 'Block all IPv6',
      label: 'Block all IPv6 (System: "Allow IPv6" is off)',
    });
  }
  for (const i of config.interfaces) {
    if (i.device === 'lo0') {
      placed.push({
        action: 'permit',
        quick: true,
        direction: 'in',
        on: [i.key],
        src: { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] },
        dst: { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] },
        service: serviceOf([0, 256]),
        why: [],
        source: i.source,
        name: 'pass loopback',
        label: 'Automatic: pass everything on the loopback',
      });
    }
    if (i.blockPriv !== undefined) {
      placed.push({
        action: 'deny',
        quick: true,
        direction: 'in',
        on: [i.key],
        src: { certain: RFC1918, maybe: EMPTY_ADDRESSES, why: [] },
        dst: { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] },
        service: serviceOf([0, 256]),
        why: [],
        source: i.blockPriv,
        name: `Block private networks (${i.key})`,
        label: 'Block private networks (RFC 1918)',
      });
    }
    if (i.blockBogons !== undefined) {
      placed.push({
        action: 'deny',
        quick: true,
        direction: 'in',
        on: [i.key],
        src: {
          certain: EMPTY_ADDRESSES,
          maybe: ANY_ADDRESS,
          why: ['the bogons table is downloaded at run time'],
        },
        dst: { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] },
        service: serviceOf([0, 256]),
        why: [],
        source: i.blockBogons,
        name: `Block bogon networks (${i.key})`,
        label: 'Block bogon networks',
      });
    }
  }
  const lockoutIf = known.has('lan') ? 'lan' : keys.length === 1 ? keys[0] : undefined;
  if (!config.antiLockout.disabled && lockoutIf !== undefined) {
    const iface = config.interfaces.find((i) => i.key === lockoutIf)!;
    const ports = portsFrom(config.antiLockout.ports.map((p) => [p, p] as const));
    placed.push({
      action: 'permit',
      quick: true,
      direction: 'in',
      on: [lockoutIf],
      src: { certain: ANY_ADDRESS, maybe: EMPTY_ADDRESSES, why: [] },
      dst: resolver.ifaceMacro(lockoutIf, true),
      service: serviceOf([PROTO.TCP, PROTO.TCP + 1], undefined, ports),
      why: [],
      source: config.antiLockout.source ?? iface.source,
      name: 'Anti-Lockout Rule',
      label: `Anti-Lockout Rule (tcp ${config.antiLockout.ports.join(', ')} to the ${lockoutIf} address)`,
    });
  }

  // User rules: floating, interface groups, interfaces (pfSense's and OPNsense's priority
  // classes); OPNsense MVC rules join the class of their interfaces (several, none or inverted:
  // floating), ahead of the legacy rules of that class (assumed: reported when both exist).
  const kind = (r: PfRule): number =>
    2 * (r.floating ? 1 : r.interfaces.some((n) => config.groups.has(n)) ? 2 : 3) +
    (r.origin === 'mvc' ? 0 : 1);
  const mvc = config.rules.find((r) => r.origin === 'mvc');
  if (mvc !== undefined && config.rules.some((r) => r.origin === 'legacy'))
    sink.info(
      'lossy-conversion',
      'both MVC rules and legacy <filter> rules are present: within each class (floating, group, interface) the MVC rules are assumed to come first',
      mvc.source,
    );
  const user = config.rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => kind(a.r) - kind(b.r) || a.i - b.i)
    .map(({ r }) => r);
  for (const r of user) {
    if (r.type === 'match') continue;
    if (r.interfaces.length === 0 && !r.floating && r.origin === 'legacy') {
      sink.warning('invalid-value', 'a rule without an interface applies nowhere; it was skipped', r.source);
      continue;
    }
    const fam = families(r.ipprotocol);
    const sp = resolver.ports(r.src.port, r.src.source);
    const dp = resolver.ports(r.dst.port, r.dst.source);
    const svc = ruleService(r.protocol, fam, sp.ports, dp.ports, r.icmptypes);
    const why = [...r.uncertain, ...[sp.why, dp.why, svc.why].filter((w): w is string => w !== undefined)];
    placed.push({
      action: r.type === 'pass' ? 'permit' : 'deny',
      quick: r.quick,
      direction: r.direction,
      on:
        r.interfaces.length === 0 && (r.floating || r.origin === 'mvc')
          ? 'all'
          : expand(r.interfaces, r.source),
      src: within(resolver.endpoint(r.src), fam),
      dst: within(resolver.endpoint(r.dst), fam),
      service: svc.service,
      why,
      source: r.source,
      name: r.descr || `${r.type} rule`,
      ...(r.descr !== '' ? { label: r.descr } : {}),
      ...(r.type === 'reject' ? { detail: 'reject' } : {}),
    });
  }

  const lists = new Map<string, RuleList>();
  // pf filters a packet where it enters, then where it leaves: every inbound binding comes
  // before every outbound one, so a packet both lists drop cites the inbound rule.
  const bindings: Binding[] = [];
  const outBindings: Binding[] = [];
  const all = [...keys, ...extra];
  for (const key of all) {
    const build = (listName: string, dir: 'in' | 'out'): Rule[] => {
      const here = placed.filter(
        (p) => (p.direction === dir || p.direction === 'any') && (p.on === 'all' || p.on.includes(key)),
      );
      const ordered = [...here.filter((p) => p.quick), ...here.filter((p) => !p.quick).reverse()];
      const rules: Rule[] = [];
      for (const p of ordered) {
        for (const rule of neutral(p, listName, rules.length, file, vendor)) {
          rules.push(rule);
          if (rule.match.uncertain !== undefined || rule.uncertainEffect !== undefined) uncertainRules++;
        }
      }
      return rules;
    };
    const inRules = build(key, 'in');
    lists.set(key, {
      name: key,
      rules: inRules,
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: config.interfaces.find((i) => i.key === key)?.source ?? null,
    });
    bindings.push({ attachment: 'transit', list: key, inInterface: key, primary: true });
    bindings.push({ attachment: 'to-device', list: key, inInterface: key, primary: true });
    const outRules = build(outListName(key), 'out');
    if (outRules.length > 0) {
      lists.set(outListName(key), {
        name: outListName(key),
        rules: outRules,
        fallThrough: { kind: 'default', action: 'permit', source: null },
        source: null,
      });
      outBindings.push({ attachment: 'transit', list: outListName(key), outInterface: key });
      outBindings.push({
        attachment: 'from-device',
        list: outListName(key),
        outInterface: key,
        primary: true,
      });
    }
  }

  const interfaces: Interface[] = [
    ...config.interfaces.map((i) => ({
      name: i.key,
      ...(i.device === 'lo0' ? { loopback: true } : {}),
      ...(i.descr !== '' ? { zone: i.descr } : {}),
      addresses: [i.v4, i.v6].flatMap((a) => (a?.kind === 'static' ? [`${a.address}/${a.prefix}`] : [])),
      source: i.source,
    })),
    ...extra.map((n) => ({ name: n, addresses: [], source: null })),
  ];
  // The GUI name of an interface (its description: "DMZ", "OT_CELL") is its zone: the site
  // model names segments after it, and --in / --from-zone accept it.
  const zoneMembers = new Map<string, { interfaces: string[]; source: SourceRef }>();
  for (const i of config.interfaces) {
    if (i.descr === '') continue;
    const z = zoneMembers.get(i.descr);
    if (z === undefined) zoneMembers.set(i.descr, { interfaces: [i.key], source: i.source });
    else z.interfaces.push(i.key);
  }
  const zones: Zone[] = [...zoneMembers].map(([zone, z]) => ({
    name: zone,
    interfaces: z.interfaces,
    source: z.source,
  }));
  const nat = convertPfNat(config, resolver);
  const routes = convertPfRoutes(config, resolver, sink);
  const device: Device = {
    name,
    vendor,
    file,
    interfaces,
    zones,
    lists,
    bindings: [...bindings, ...outBindings],
    routes,
    nat,
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        'One inbound list per interface (floating, group and interface rules, quick first, non-quick last-match rules reversed, then the default deny); outbound lists only where floating or outbound rules apply (default pass out).',
        'Port forwards and 1:1 NAT are recorded with their translation; filter rules match the translated (internal) address, as pf filters after rdr.',
        'Not modelled: antispoof, automatic ICMPv6 / DHCP / VPN pass rules, schedules, tags, packages (pfBlockerNG...).',
      ],
    },
  };
  return { device, diagnostics: sink };
}

const families = (ipp: string): { v4: boolean; v6: boolean } => ({
  v4: ipp !== 'inet6',
  v6: ipp === 'inet6' || ipp === 'inet46',
});

function within(f: Fuzzy, fam: { v4: boolean; v6: boolean }): Fuzzy {
  if (fam.v4 && fam.v6) return f;
  return fuzzyWithin(f, fam.v4 ? ANY_IPV4 : ANY_IPV6);
}

/**
 * The neutral rules of one placed rule: the part whose addresses are certain, then (when an
 * address is known only within bounds, or another part of the match cannot be decided) the
 * whole upper bound as an uncertain rule.
 */
function neutral(p: Placed, list: string, before: number, file: string, vendor: VendorId): Rule[] {
  const out: Rule[] = [];
  const make = (src: AddressSet, dst: AddressSet, uncertain: readonly string[]): Rule => {
    const n = before + out.length + 1;
    return {
      id: `${list}#${n}`,
      action: p.action,
      match: {
        src,
        dst,
        service: p.service,
        matchesNew: true,
        ...(uncertain.length > 0 ? { uncertain: uncertain.join('; ') } : {}),
      },
      source: p.source,
      origin: { vendor, file, line: p.source.line, name: p.name },
      ...(p.label !== undefined ? { label: p.label } : {}),
      ...(p.detail !== undefined ? { detail: p.detail } : {}),
    };
  };
  if (p.service.size === 0) return out;
  const fuzzy = p.src.why.length > 0 || p.dst.why.length > 0;
  if (p.why.length === 0 && !addressIsEmpty(p.src.certain) && !addressIsEmpty(p.dst.certain))
    out.push(make(p.src.certain, p.dst.certain, []));
  if (fuzzy || p.why.length > 0) {
    const src = addressUnion(p.src.certain, p.src.maybe);
    const dst = addressUnion(p.dst.certain, p.dst.maybe);
    if (!addressIsEmpty(src) && !addressIsEmpty(dst))
      out.push(make(src, dst, [...p.why, ...p.src.why, ...p.dst.why]));
  }
  return out;
}
