import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import type { Binding, Device, Interface, Route, Rule, RuleList, Zone } from '../../device';
import { convertIosNat } from './convert-nat';
import { convertZbf } from './convert-zbf';
import type { IosAcl, IosConfig } from './model';
import { IosResolver, orderedEntries } from './resolve';

/** An ACL as a neutral list: its entries in sequence order, then the implicit deny (no source line). */
export function convertAcl(acl: IosAcl, resolver: IosResolver): RuleList {
  const rules: Rule[] = orderedEntries(acl).map((ace, k) => ({
    id: `${acl.name}#${k + 1}`,
    action: ace.action,
    match: resolver.aceMatch(ace, acl.family),
    source: ace.source,
    origin: {
      vendor: 'cisco-ios',
      file: ace.source.file,
      line: ace.source.line,
      name: ace.seq !== null ? `${acl.name} seq ${ace.seq}` : `${acl.name} #${k + 1}`,
    },
    ...(ace.label !== undefined ? { label: ace.label } : {}),
    ...(ace.log ? { detail: 'log' } : {}),
  }));
  return {
    name: acl.name,
    rules,
    fallThrough: { kind: 'default', action: 'deny', source: null },
    source: acl.source,
  };
}

export function convertCiscoIos(
  config: IosConfig,
  deviceName: string,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const resolver = new IosResolver(config, sink);
  const lists = new Map<string, RuleList>();
  for (const acl of config.acls.values()) lists.set(acl.name, convertAcl(acl, resolver));

  const bindings: Binding[] = [];
  const interfaces: Interface[] = [];
  for (const iface of config.interfaces.values()) {
    let zone = iface.zone?.name;
    if (iface.zone !== null && !config.zones.has(iface.zone.name)) {
      sink.warning(
        'undefined-reference',
        `zone '${iface.zone.name}' is not defined (zone security ${iface.zone.name}); IOS refuses the membership, so the interface is in no zone`,
        iface.zone.source,
      );
      zone = undefined;
    }
    interfaces.push({
      name: iface.name,
      ...(/^(loopback|lo\d)/i.test(iface.name) ? { loopback: true } : {}),
      ...(zone !== undefined ? { zone } : {}),
      addresses: iface.addresses,
      source: iface.source,
    });
    for (const g of iface.accessGroups) {
      const acl = config.acls.get(g.acl);
      if (acl === undefined || acl.family !== g.family) {
        const why = acl === undefined ? 'is not defined' : `is an IPv${acl.family} list`;
        sink.warning(
          'undefined-reference',
          `access list '${g.acl}' ${why}; IOS then filters nothing on ${iface.name} ${g.direction} (the binding permits everything)`,
          g.source,
        );
        continue;
      }
      const at = g.direction === 'in' ? { inInterface: iface.name } : { outInterface: iface.name };
      bindings.push({ attachment: 'transit', list: acl.name, family: g.family, ...at });
      // An inbound ACL also filters traffic to the router; outbound ACLs never filter its own packets.
      if (g.direction === 'in')
        bindings.push({ attachment: 'to-device', list: acl.name, family: g.family, ...at });
    }
  }

  const zbf = convertZbf(config, resolver, interfaces, sink);
  for (const list of zbf.lists) lists.set(list.name, list);
  bindings.push(...zbf.bindings);

  reportUnused(config, resolver, sink);
  for (const e of config.evaluations)
    if (!config.reflects.has(e.name))
      sink.warning(
        'undefined-reference',
        `no entry has 'reflect ${e.name}': the reflexive list is always empty`,
        e.source,
      );

  const nat = convertIosNat(config, sink);
  const applied = nat.some((r) => r.rewrite !== undefined);
  if (applied) {
    // One policy-match mode per device: inbound ACLs see the original destination (checked
    // before NAT); outbound ACLs and zone-pair policies are evaluated on it too.
    for (const iface of config.interfaces.values())
      for (const g of iface.accessGroups)
        if (g.direction === 'out')
          sink.info(
            'lossy-conversion',
            'with static NAT, this outbound ACL is evaluated against the original (global) destination here; IOS checks outbound ACLs after NAT, on the translated one',
            g.source,
          );
    for (const pair of config.zonePairs)
      sink.warning(
        'lossy-conversion',
        'with static NAT, zone-pair policies are evaluated against the original (global) destination here; which address IOS inspects was not verified',
        pair.source,
      );
  }

  const zones: Zone[] = [...config.zones.values()].map((z) => ({
    name: z.name,
    interfaces: interfaces.filter((i) => i.zone === z.name).map((i) => i.name),
    source: z.source,
  }));
  const routes: Route[] = config.routes.map((r) => ({
    prefix: r.prefix,
    ...(r.nextHop !== undefined ? { nextHop: r.nextHop } : {}),
    ...(r.interface !== undefined ? { interface: r.interface } : {}),
    // `ip route P M Null0` drops what it covers.
    ...(r.interface !== undefined && /^null\s*0$/i.test(r.interface) ? { discard: true } : {}),
    source: r.source,
  }));
  let uncertain = 0;
  for (const l of lists.values()) for (const r of l.rules) if (r.match.uncertain !== undefined) uncertain++;
  const device: Device = {
    name: deviceName,
    vendor: 'cisco-ios',
    file: config.file,
    interfaces,
    zones,
    lists,
    bindings,
    routes,
    nat,
    ...(applied ? { natPolicyMatch: 'original' as const } : {}),
    support: {
      filtering: uncertain > 0 || zbf.lossy ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        applied
          ? 'Static inside-source NAT is applied across a site (inbound ACLs see the global address); dynamic NAT and PAT are not.'
          : 'NAT is not applied: verdicts see untranslated addresses (only exact, non-overlapping statics are modelled).',
        ...(uncertain > 0
          ? [
              `${uncertain} ACL entr(ies) use matches that cannot be decided offline (time-range, dscp, ttl...).`,
            ]
          : []),
        ...(zbf.lossy
          ? ['Zone-based policies match application protocols by their default port (NBAR is not modelled).']
          : []),
      ],
    },
  };
  return { device, diagnostics: sink };
}

function reportUnused(config: IosConfig, resolver: IosResolver, sink: DiagnosticSink): void {
  const groups: Array<[string, Map<string, { source: SourceRef }>]> = [
    ['network', config.networkGroups],
    ['service', config.serviceGroups],
    ['port', config.portGroups],
  ];
  for (const [kind, map] of groups) {
    for (const [name, g] of map) {
      if (!resolver.used.has(`${kind}:${name}`))
        sink.info('unused-object', `${kind} object-group '${name}' is never used`, g.source);
    }
  }
}
