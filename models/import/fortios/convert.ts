import type { DiagnosticSink, SourceRef } from '../../diagnostics';
import type { Binding, Device, Interface, InterfaceMatch, Route, Rule, RuleList, Zone } from '../../device';
import {
  type AddressSet,
  ANY_ADDRESS,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  addressComplementIn,
  addressEquals,
  addressIntersect,
  addressIsEmpty,
  addressSubtract,
  addressUnion,
  serviceComplement,
  serviceEquals,
  serviceUnion,
} from '../../net';
import type { FortiosConfig, FortiosPolicy, FortiosRef, FortiosVdom } from './model';
import { convertVips } from './vips';
import { OFF, READ, UNDECIDABLE } from './policy-keys';
import { LOCAL_IN_LIST, localInList } from './local-in';
import { type Bounded, Resolver, unionBounded, vipMapped as mappedOf } from './resolve';

export const POLICY_LIST = 'firewall policy';
export const POLICY6_LIST = 'firewall policy6';

/** The vendor model -> one Device per VDOM. */
export function convertFortios(config: FortiosConfig, fileStem: string, sink: DiagnosticSink): Device[] {
  const host = config.hostname?.values[0] ?? fileStem;
  return config.vdoms.map((v) => convertVdom(config, v, v.vdom === null ? host : `${host}/${v.vdom}`, sink));
}

function convertVdom(config: FortiosConfig, v: FortiosVdom, name: string, sink: DiagnosticSink): Device {
  const resolver = new Resolver(v, sink);
  const zoneOf = new Map<string, string>();
  const zones: Zone[] = [];
  const known = new Set(v.interfaces.map((i) => i.name));
  for (const z of v.zones.values()) {
    for (const m of z.interfaces) {
      if (!known.has(m.name))
        sink.warning(
          'undefined-reference',
          `zone ${z.name}: interface '${m.name}' is not defined${v.vdom !== null ? ` in VDOM ${v.vdom}` : ''}`,
          m.source,
        );
      zoneOf.set(m.name, z.name);
    }
    zones.push({ name: z.name, interfaces: z.interfaces.map((m) => m.name), source: z.source });
  }
  const interfaces: Interface[] = v.interfaces.map((i) => ({
    name: i.name,
    ...(i.type === 'loopback' ? { loopback: true } : {}),
    ...(zoneOf.has(i.name) ? { zone: zoneOf.get(i.name)! } : {}),
    addresses: i.addresses,
    source: i.source,
  }));

  const intf = (
    refs: readonly FortiosRef[],
    what: string,
    policy: FortiosPolicy,
  ): InterfaceMatch | undefined | null => {
    if (refs.length === 0) {
      sink.warning(
        'invalid-value',
        `policy ${policy.id} has no ${what} (FortiOS requires one); it matches nothing`,
        policy.source,
      );
      return null;
    }
    if (refs.some((r) => r.name === 'any')) return undefined;
    const names: string[] = [];
    for (const r of refs) {
      const z = v.zones.get(r.name);
      if (z !== undefined) names.push(...z.interfaces.map((m) => m.name));
      else {
        if (!known.has(r.name))
          sink.warning(
            'undefined-reference',
            `policy ${policy.id}: ${what} '${r.name}' is neither an interface nor a zone${v.vdom !== null ? ` of VDOM ${v.vdom}` : ''}`,
            r.source,
          );
        names.push(r.name);
      }
    }
    // No name matches nothing: a list that is never empty keeps `+` from meaning a prefix.
    return { names: names.length > 0 ? [...new Set(names)] : ['\u0000none'], negate: false };
  };

  // Where VIPs translate to: a deny policy without match-vip does not see that traffic.
  let vipMapped: AddressSet = EMPTY_ADDRESSES;
  for (const vip of v.vips.values()) {
    const m = mappedOf(vip);
    if (m !== null) vipMapped = addressUnion(vipMapped, m);
  }
  const lists = new Map<string, RuleList>();
  const build = (table: 'policy' | 'policy6', listName: string): void => {
    const rules: Rule[] = [];
    for (const p of v.policies) {
      if (p.table !== table) continue;
      rules.push(...convertPolicy(p, listName, rules.length, resolver, intf, sink, vipMapped));
    }
    rules.push(...intrazoneRules(v, listName, rules.length, sink));
    lists.set(listName, {
      name: listName,
      rules,
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: v.policies.find((p) => p.table === table)?.source ?? null,
    });
  };
  build('policy', POLICY_LIST);
  const bindings: Binding[] = [];
  if (v.hasPolicy6) {
    build('policy6', POLICY6_LIST);
    bindings.push(
      { attachment: 'transit', list: POLICY_LIST, family: 4, primary: true },
      { attachment: 'transit', list: POLICY6_LIST, family: 6, primary: true },
    );
  } else bindings.push({ attachment: 'transit', list: POLICY_LIST, primary: true });

  if (v.interfaces.length > 0) {
    lists.set(LOCAL_IN_LIST, localInList(config, v, sink));
    bindings.push({ attachment: 'to-device', list: LOCAL_IN_LIST, primary: true });
  }
  const nat = convertVips(v, sink);
  const routes: Route[] = v.routes.map((r) => ({
    prefix: r.dst,
    ...(r.gateway !== null ? { nextHop: r.gateway } : {}),
    ...(r.device !== null ? { interface: r.device } : {}),
    source: r.source,
  }));
  let uncertain = 0;
  for (const l of lists.values()) for (const r of l.rules) if (r.match.uncertain !== undefined) uncertain++;
  return {
    name,
    vendor: 'fortios',
    file: config.file,
    interfaces,
    zones,
    lists,
    bindings,
    routes,
    nat,
    // FortiOS applies a VIP before the policy lookup: a policy naming the VIP matches its mapped
    // address and mapped port, which is what dstaddr resolves to here (vips.ts).
    natPolicyMatch: 'translated',
    support: {
      filtering: uncertain > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        'Firewall policies apply in the order of the file to traffic entering one of their srcintf and leaving one of their dstintf (a zone stands for its interfaces, any for all); a zone with intrazone allow passes traffic between its interfaces after the policies; everything else meets the implicit deny.',
        "Traffic to the FortiGate itself: the administrative services of each interface's allowaccess are permitted to its own addresses and the others refused; any other traffic to the device (VPN, routing, DNS/DHCP servers, local-in policies) is an uncertain permit.",
        ...(nat.length > 0
          ? ['Virtual IPs are recorded as destination NAT; policies naming a VIP match its mapped addresses.']
          : []),
        ...(uncertain > 0 ? [`${uncertain} rule(s) use matches that cannot be decided offline.`] : []),
      ],
    },
  };
}

type IntfOf = (
  refs: readonly FortiosRef[],
  what: string,
  p: FortiosPolicy,
) => InterfaceMatch | undefined | null;

/** One FortiOS policy -> one rule, or one per service with its own destination range (`iprange`). */
function convertPolicy(
  p: FortiosPolicy,
  list: string,
  offset: number,
  resolver: Resolver,
  intf: IntfOf,
  sink: DiagnosticSink,
  vipMapped: AddressSet,
): Rule[] {
  const v = p.entry.values;
  const first = (k: string): string | undefined => v.get(k)?.values[0];
  if (first('status') === 'disable') {
    sink.info('disabled-rule', `policy ${p.id}: 'set status disable'; it is not evaluated`, p.source);
    return [];
  }
  const refs = (k: string): FortiosRef[] =>
    (v.get(k)?.values ?? []).map((name) => ({ name, source: v.get(k)!.source }));
  const why: string[] = [];
  for (const s of p.entry.settings) {
    if (s.verb !== 'set' && s.verb !== 'append' && s.verb !== 'select') continue;
    if (Object.hasOwn(UNDECIDABLE, s.key)) {
      const val = v.get(s.key);
      if (val === undefined || OFF.has(val.values[0] ?? '')) continue;
      if (!why.includes(UNDECIDABLE[s.key]!)) {
        why.push(UNDECIDABLE[s.key]!);
        sink.warning(
          'uncertain-match',
          `policy ${p.id}: 'set ${s.key}' ${UNDECIDABLE[s.key]!}; verdicts it decides are uncertain`,
          s.source,
        );
      }
    } else if (!READ.has(s.key)) {
      sink.info('unsupported-construct', `policy ${p.id}: 'set ${s.key}' is not modelled`, s.source);
    }
  }
  const inI = intf(refs('srcintf'), 'srcintf', p);
  const outI = intf(refs('dstintf'), 'dstintf', p);
  const schedule = first('schedule');
  if (schedule !== undefined && schedule !== 'always') {
    why.push(`schedule '${schedule}' limits when the policy applies`);
    sink.info(
      'uncertain-match',
      `policy ${p.id}: schedule '${schedule}' is not evaluated; verdicts it decides are uncertain`,
      v.get('schedule')!.source,
    );
  }
  // Source and destination: IPv4 fields and (FortiOS 7 or policy6) IPv6 fields.
  const side = (key4: string, key6: string, negate: boolean, isdb: string): Bounded<AddressSet> => {
    // Internet Service Database objects stand in for (or add to) the addresses: unknown offline.
    if (first(isdb) === 'enable')
      return { sure: EMPTY_ADDRESSES, maybe: ANY_ADDRESS, why: [UNDECIDABLE[isdb]!] };
    const four = p.table === 'policy6' ? [] : refs(key4);
    const six = p.table === 'policy6' ? refs(key4) : refs(key6);
    const parts: Bounded<AddressSet>[] = [];
    for (const [r, f] of [
      [four, 4],
      [six, 6],
    ] as const) {
      if (r.length === 0) continue;
      const b = resolver.addresses(r, f);
      parts.push(
        negate
          ? { sure: addressComplementIn(b.maybe, f), maybe: addressComplementIn(b.sure, f), why: b.why }
          : b,
      );
    }
    if (parts.length === 0) {
      sink.warning(
        'invalid-value',
        `policy ${p.id} has no ${key4} (FortiOS requires one); it matches nothing`,
        p.source,
      );
    }
    return unionBounded(parts);
  };
  const src = side('srcaddr', 'srcaddr6', first('srcaddr-negate') === 'enable', 'internet-service-src');
  const dst = side('dstaddr', 'dstaddr6', first('dstaddr-negate') === 'enable', 'internet-service');
  const serviceRefs = refs('service');
  if (serviceRefs.length === 0 && first('internet-service') !== 'enable')
    sink.warning(
      'invalid-value',
      `policy ${p.id} has no service (FortiOS requires one); it matches nothing`,
      p.source,
    );
  let parts = resolver.services(serviceRefs);
  if (serviceRefs.length === 0 && first('internet-service') === 'enable')
    parts = [{ sure: NO_SERVICE, maybe: ANY_SERVICE, dst: null, why: [UNDECIDABLE['internet-service']!] }];
  const serviceNegate = first('service-negate') === 'enable';
  if (serviceNegate) {
    const restricted = parts.some((x) => x.dst !== null);
    if (restricted) {
      sink.warning(
        'lossy-conversion',
        `policy ${p.id}: service-negate with a service limited to an iprange is approximated (the ranges are ignored)`,
        v.get('service-negate')!.source,
      );
      why.push('service-negate with an iprange-limited service');
    }
    const maybe = parts.reduce((acc, x) => serviceUnion(acc, x.maybe), NO_SERVICE);
    const sure = parts.reduce((acc, x) => serviceUnion(acc, x.sure), NO_SERVICE);
    parts = [
      {
        sure: serviceComplement(maybe),
        maybe: serviceComplement(sure),
        dst: null,
        why: parts.flatMap((x) => x.why),
      },
    ];
  }
  const action = first('action') ?? 'deny';
  const permit = action === 'accept' || action === 'ipsec';
  if (!['accept', 'deny', 'ipsec'].includes(action))
    sink.warning(
      'invalid-value',
      `policy ${p.id}: action '${action}' is not accept, deny or ipsec; taken as deny`,
      v.get('action')!.source,
    );
  const out: Rule[] = [];
  if (inI === null || outI === null) return out;
  const label = p.name ?? undefined;
  const vipBlind = !permit && first('match-vip') !== 'enable';
  for (const part of parts) {
    const dstMaybe = part.dst === null ? dst.maybe : addressIntersect(dst.maybe, part.dst);
    const dstSure = part.dst === null ? dst.sure : addressIntersect(dst.sure, part.dst);
    const reasons = [...why];
    if (!addressEquals(src.sure, src.maybe)) reasons.push(...src.why);
    if (!addressEquals(dstSure, dstMaybe)) reasons.push(...dst.why);
    if (!serviceEquals(part.sure, part.maybe)) reasons.push(...part.why);
    // A deny policy without match-vip does not see VIP-translated traffic: the VIP-mapped part
    // of its destinations becomes a rule of its own, uncertain (direct flows there do meet it).
    const vipPart = vipBlind ? addressIntersect(dstMaybe, vipMapped) : EMPTY_ADDRESSES;
    const pieces: Array<[AddressSet, string[]]> = addressIsEmpty(vipPart)
      ? [[dstMaybe, reasons]]
      : [
          [addressSubtract(dstMaybe, vipMapped), reasons],
          [
            vipPart,
            [
              ...reasons,
              'a deny policy without match-vip does not apply to traffic a VIP translated to these addresses',
            ],
          ],
        ];
    for (const [dstSet, why2] of pieces) {
      if (addressIsEmpty(dstSet)) continue;
      const unique = [...new Set(why2)];
      out.push({
        id: `${list}#${offset + out.length + 1}`,
        action: permit ? 'permit' : 'deny',
        match: {
          src: src.maybe,
          dst: dstSet,
          service: part.maybe,
          ...(inI !== undefined ? { inInterface: inI } : {}),
          ...(outI !== undefined ? { outInterface: outI } : {}),
          matchesNew: true,
          ...(unique.length > 0 ? { uncertain: unique.join('; ') } : {}),
        },
        source: p.source,
        origin: {
          vendor: 'fortios',
          file: p.source.file,
          line: p.source.line,
          name: `${p.table} ${p.id}${p.name !== null ? ` (${p.name})` : ''}`,
        },
        ...(label !== undefined ? { label } : {}),
        ...(action === 'ipsec' ? { detail: 'ipsec' } : {}),
        ...(!permit && first('send-deny-packet') === 'enable' ? { detail: 'send-deny-packet' } : {}),
      });
    }
  }
  return out;
}

/**
 * `set intrazone allow`: traffic between two different interfaces of the zone passes when no
 * policy decided it (FortiOS checks the policies first: an explicit deny still wins).
 */
function intrazoneRules(v: FortiosVdom, list: string, offset: number, sink: DiagnosticSink): Rule[] {
  const out: Rule[] = [];
  for (const z of v.zones.values()) {
    if (z.intrazoneAllow === null) continue;
    const members = [...new Set(z.interfaces.map((m) => m.name))];
    if (members.length < 2) {
      if (list === POLICY_LIST)
        sink.info(
          'lossy-conversion',
          `zone ${z.name} has ${members.length === 0 ? 'no interface' : 'one interface'}: intrazone allow passes nothing before FortiOS 7.4.4 (from 7.4.4 on, traffic in and out of a single member); modelled as passing nothing`,
          z.intrazoneAllow,
        );
      continue;
    }
    for (const m of members) {
      out.push(intrazoneRule(z.name, m, members, z.intrazoneAllow, `${list}#${offset + out.length + 1}`));
    }
  }
  return out;
}

function intrazoneRule(
  zone: string,
  member: string,
  members: readonly string[],
  source: SourceRef,
  id: string,
): Rule {
  return {
    id,
    action: 'permit',
    match: {
      src: ANY_ADDRESS,
      dst: ANY_ADDRESS,
      service: ANY_SERVICE,
      inInterface: { names: [member], negate: false },
      outInterface: { names: members.filter((x) => x !== member), negate: false },
      matchesNew: true,
    },
    source,
    origin: { vendor: 'fortios', file: source.file, line: source.line, name: `zone ${zone} intrazone allow` },
  };
}
