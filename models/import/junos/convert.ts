import { DiagnosticSink } from '../../diagnostics';
import type { Binding, Device, Interface, Match, NatRule, Route, Rule, RuleList, Zone } from '../../device';
import { ANY_ADDRESS, addressComplement, parseAddress } from '../../net';
import { convertFilters, filterListName } from './convert-filters';
import { convertHostInbound } from './convert-host-inbound';
import { convertNat } from './convert-nat';
import type { JunosConfig, JunosPolicy, JunosRoute } from './model';
import { pairKey } from './model';
import { Resolver } from './resolve';

/** Junos writes zone interfaces as logical units; a bare physical name means unit 0. */
export const logicalName = (name: string): string => (name.includes('.') ? name : `${name}.0`);

/**
 * A static route: `next-hop ADDRESS` is a next hop, `next-hop IFNAME` (a point-to-point or
 * tunnel interface, `st0.0`) the egress interface (unit 0 when none is written), `discard` and
 * `reject` a black hole (a discard route, its interface named after the keyword).
 */
export function convertRoute(r: JunosRoute): Route {
  const base = { prefix: r.prefix, source: r.source };
  if (r.special !== null) return { ...base, interface: r.special, discard: true };
  if (r.nextHop === null) return base;
  return parseAddress(r.nextHop).ok
    ? { ...base, nextHop: r.nextHop }
    : { ...base, interface: logicalName(r.nextHop) };
}
export const pairListName = (from: string, to: string): string => `${from}->${to}`;
export const GLOBAL_LIST = 'global';

/** The vendor model -> the neutral Device. */
export function convertJunos(
  config: JunosConfig,
  deviceName: string,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const resolver = new Resolver(config, sink);
  const lists = new Map<string, RuleList>();
  let uncertainRules = 0;

  // Zones and interfaces.
  const zoneOf = new Map<string, string>();
  const zones: Zone[] = [];
  for (const z of config.zones.values()) {
    const names = z.interfaces.map((i) => logicalName(i.name));
    for (const n of names) zoneOf.set(n, z.name);
    zones.push({ name: z.name, interfaces: names, source: z.source });
  }
  const ifaceNames = new Set([...config.interfaces.keys(), ...zoneOf.keys()]);
  const interfaces: Interface[] = [...ifaceNames].sort().map((name) => {
    const i = config.interfaces.get(name);
    const zone = zoneOf.get(name);
    return {
      name,
      ...(name.startsWith('lo0.') ? { loopback: true } : {}),
      ...(zone !== undefined ? { zone } : {}),
      addresses: i?.addresses.map((a) => a.value) ?? [],
      source: i?.source ?? null,
    };
  });

  // Security policies: one list per zone pair = its policies, then the global ones, then the default.
  const inactiveReported = new Set<JunosPolicy>();
  const toRules = (policies: readonly JunosPolicy[], list: string, offset: number): Rule[] => {
    const out: Rule[] = [];
    for (const p of policies) {
      if (p.inactive) {
        // Global policies are listed in every zone pair: reported once.
        if (!inactiveReported.has(p)) {
          inactiveReported.add(p);
          sink.info('disabled-rule', `policy ${p.name} is deactivated; it is not evaluated`, p.source);
        }
        continue;
      }
      const rule = convertPolicy(p, resolver, sink, list, offset + out.length + 1);
      if (rule === null) continue;
      if (rule.match.uncertain !== undefined) uncertainRules++;
      out.push(rule);
    }
    return out;
  };
  const fallThrough = {
    kind: 'default' as const,
    action: config.defaultPolicy?.action ?? ('deny' as const),
    source: config.defaultPolicy?.source ?? null,
  };
  const zoneNames = new Set(config.zones.keys());
  for (const key of config.policies.keys()) {
    const [from, to] = key.split('\u0000') as [string, string];
    for (const [z, side] of [
      [from, 'from-zone'],
      [to, 'to-zone'],
    ] as const) {
      if (!zoneNames.has(z) && z !== 'junos-host') {
        const p = config.policies.get(key)![0]!;
        sink.warning(
          'undefined-reference',
          `${side} ${z} is not a security zone of this configuration`,
          p.source,
        );
        zoneNames.add(z);
        // Kept as a zone without interfaces, so a query can still name it.
        zones.push({ name: z, interfaces: [], source: p.source });
      }
    }
  }
  const security = config.zones.size > 0 || config.policies.size > 0 || config.globalPolicies.length > 0;
  const zoneBindings: Binding[] = [];
  if (security) {
    const globalRules = toRules(config.globalPolicies, GLOBAL_LIST, 0);
    let globalUsed = false;
    const names = [...zoneNames].filter((z) => z !== 'junos-host').sort();
    for (const from of names) {
      for (const to of [...names, 'junos-host']) {
        const policies = config.policies.get(pairKey(from, to));
        if (to === 'junos-host' && !policies) continue;
        let list = GLOBAL_LIST;
        if (policies) {
          list = pairListName(from, to);
          const own = toRules(policies, list, 0);
          const copies = globalRules.map((r, k) => ({ ...r, id: `${list}#${own.length + k + 1}` }));
          lists.set(list, {
            name: list,
            rules: [...own, ...copies],
            fallThrough,
            source: policies[0]!.source,
          });
        } else globalUsed = true;
        // junos-host is the device itself: traffic to it is the to-device attachment.
        if (to === 'junos-host')
          zoneBindings.push({ attachment: 'to-device', list, fromZone: from, primary: true });
        else zoneBindings.push({ attachment: 'transit', list, fromZone: from, toZone: to, primary: true });
      }
    }
    if (globalUsed || names.length === 0) {
      lists.set(GLOBAL_LIST, {
        name: GLOBAL_LIST,
        rules: globalRules,
        fallThrough,
        source: config.globalPolicies[0]?.source ?? null,
      });
    }
    if (names.length === 0) zoneBindings.push({ attachment: 'transit', list: GLOBAL_LIST, primary: true });
  }

  // Firewall filters and where interfaces apply them.
  const filters = convertFilters(config, sink);
  uncertainRules += filters.uncertainRules;
  for (const l of filters.lists) lists.set(l.name, l);
  const input: Binding[] = [];
  const output: Binding[] = [];
  for (const iface of config.interfaces.values()) {
    for (const f of iface.filters) {
      const list = filterListName(f.family, f.name);
      if (!lists.has(list)) {
        sink.warning(
          'undefined-reference',
          `filter '${f.name}' (family ${f.family}) is not defined; ${iface.name} is not filtered by it here`,
          f.source,
        );
        continue;
      }
      const lo = iface.name.startsWith('lo0.');
      // An inet filter sees IPv4 only, an inet6 filter IPv6 only.
      const family = f.family === 'inet' ? (4 as const) : (6 as const);
      if (f.direction === 'input') {
        // A loopback input filter guards everything addressed to the device, whatever the ingress.
        if (lo) input.push({ attachment: 'to-device', list, family });
        else
          input.push(
            { attachment: 'transit', list, inInterface: iface.name, family },
            { attachment: 'to-device', list, inInterface: iface.name, family },
          );
      } else if (lo) output.push({ attachment: 'from-device', list, family });
      else
        output.push(
          { attachment: 'transit', list, outInterface: iface.name, family },
          { attachment: 'from-device', list, outInterface: iface.name, family },
        );
    }
  }

  // host-inbound-traffic: what each zone lets reach the device (SRX only: zones).
  const hostInbound = convertHostInbound(config, sink);
  uncertainRules += hostInbound.uncertainRules;
  for (const l of hostInbound.lists) lists.set(l.name, l);

  const nat: NatRule[] = convertNat(config, resolver, sink);
  const routes: Route[] = config.routes.map(convertRoute);
  reportUnused(config, resolver, filters.referenced, sink);

  const device: Device = {
    name: deviceName,
    vendor: 'junos',
    file: config.file,
    interfaces,
    zones,
    lists,
    bindings: [...input, ...hostInbound.bindings, ...zoneBindings, ...output],
    routes,
    nat,
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        ...(security
          ? [
              'Zone-pair policies, then global policies, then the default policy decide transit traffic; traffic to the device from a zone passes its host-inbound-traffic services, then any to-zone junos-host policies.',
            ]
          : []),
        ...(nat.length > 0
          ? [
              'NAT rules are recorded, not applied to verdicts; a flow destination NAT may translate is marked uncertain.',
            ]
          : []),
        ...(uncertainRules > 0
          ? [`${uncertainRules} rule(s) use matches that cannot be decided offline.`]
          : []),
      ],
    },
  };
  return { device, diagnostics: sink };
}

function convertPolicy(
  p: JunosPolicy,
  resolver: Resolver,
  sink: DiagnosticSink,
  list: string,
  n: number,
): Rule | null {
  if (p.action === null) {
    sink.warning(
      'invalid-value',
      `policy '${p.name}' has no 'then permit|deny|reject' (Junos refuses to commit it); not converted`,
      p.source,
    );
    return null;
  }
  const uncertain: string[] = p.uncertain.map((u) => u.why);
  const side = (refs: JunosPolicy['sourceAddresses'], zone: string | null, what: string): Match['src'] => {
    if (refs.length === 0) {
      sink.warning(
        'invalid-value',
        `policy '${p.name}' has no ${what} (Junos requires one); taken as any`,
        p.source,
      );
      uncertain.push(`no ${what}`);
      return ANY_ADDRESS;
    }
    const r = resolver.addresses(refs, zone === 'junos-host' ? null : zone);
    uncertain.push(...r.uncertain);
    return r.set;
  };
  let src = side(p.sourceAddresses, p.fromZone, 'source-address');
  let dst = side(p.destinationAddresses, p.toZone, 'destination-address');
  if (p.sourceExcluded) src = addressComplement(src);
  if (p.destinationExcluded) dst = addressComplement(dst);
  let service;
  if (p.applications.length === 0) {
    sink.warning(
      'invalid-value',
      `policy '${p.name}' has no application (Junos requires one); taken as any`,
      p.source,
    );
    uncertain.push('no application');
    service = resolver.applications([{ name: 'any', source: p.source }]).set;
  } else {
    const r = resolver.applications(p.applications);
    uncertain.push(...r.uncertain);
    service = r.set;
  }
  const unique = [...new Set(uncertain)];
  const zones = p.fromZone === null ? 'global' : `from-zone ${p.fromZone} to-zone ${p.toZone!}`;
  return {
    id: `${list}#${n}`,
    action: p.action.kind === 'permit' ? 'permit' : 'deny',
    match: {
      src,
      dst,
      service,
      matchesNew: true,
      ...(unique.length > 0 ? { uncertain: unique.join('; ') } : {}),
    },
    source: p.source,
    origin: { vendor: 'junos', file: p.source.file, line: p.source.line, name: `${zones} policy ${p.name}` },
    ...(p.action.kind === 'reject' ? { detail: 'reject' } : {}),
  };
}

function reportUnused(
  config: JunosConfig,
  resolver: Resolver,
  filtersUsed: ReadonlySet<string>,
  sink: DiagnosticSink,
): void {
  for (const book of [
    ...config.addressBooks.values(),
    ...[...config.zones.values()].map((z) => z.addressBook),
  ]) {
    for (const a of book.addresses.values()) {
      if (!resolver.usedAddresses.has(a))
        sink.info('unused-object', `address '${a.name}' is never used by a policy`, a.source);
    }
    for (const s of book.sets.values()) {
      if (!resolver.usedAddresses.has(s))
        sink.info('unused-object', `address-set '${s.name}' is never used by a policy`, s.source);
    }
  }
  for (const a of [...config.applications.values(), ...config.applicationSets.values()]) {
    if (!resolver.usedApplications.has(a.name))
      sink.info('unused-object', `application '${a.name}' is never used by a policy`, a.source);
  }
  for (const f of config.filters.values()) {
    if (!filtersUsed.has(filterListName(f.family, f.name)))
      sink.info(
        'unused-object',
        `filter '${f.name}' is applied to no interface and referenced by no filter`,
        f.source,
      );
  }
}
