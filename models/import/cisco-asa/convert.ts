import { DiagnosticSink } from '../../diagnostics';
import type { Binding, Device, NatRule, Route, Rule, RuleList } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE } from '../../net';
import {
  managementList,
  namedInterfaces,
  sameSecurityList,
  securityLevelList,
  shutdownList,
  toInterfaces,
} from './bindings';
import type { AsaAccessGroup, AsaConfig } from './model';
import { convertNat } from './nat-convert';
import { convertLegacyNat } from './nat-legacy';
import { Resolver } from './resolve';
import { aclRules } from './rules';

const jump = (list: string, n: number, target: string, group: AsaAccessGroup, file: string): Rule => ({
  id: `${list}#${n}`,
  action: 'jump',
  target,
  match: { src: ANY_ADDRESS, dst: ANY_ADDRESS, service: ANY_SERVICE, matchesNew: true },
  source: group.source,
  origin: {
    vendor: 'cisco-asa',
    file,
    line: group.source.line,
    name: `access-group ${group.list} ${group.direction}`,
  },
});

/** The vendor model -> the neutral Device. */
export function convertCiscoAsa(
  config: AsaConfig,
  deviceName: string,
): { device: Device; diagnostics: DiagnosticSink } {
  const sink = new DiagnosticSink('convert');
  const resolver = new Resolver(config, sink);
  const lists = new Map<string, RuleList>();
  let uncertainRules = 0;

  for (const acl of config.accessLists.values()) {
    const { rules, uncertain } = aclRules(acl.name, acl.entries, config, resolver, sink);
    uncertainRules += uncertain;
    // Evaluated on its own (`--filter`), an ACL ends in the ASA's implicit deny.
    lists.set(acl.name, {
      name: acl.name,
      rules,
      fallThrough: { kind: 'default', action: 'deny', source: null },
      source: acl.source,
    });
  }

  const named = namedInterfaces(config, sink);
  const bindings: Binding[] = [];
  const inbound = new Map<string, AsaAccessGroup>();
  const outbound = new Map<string, AsaAccessGroup>();
  let global: AsaAccessGroup | undefined;
  for (const g of config.accessGroups) {
    const acl = config.accessLists.get(g.list);
    if (acl === undefined) {
      sink.error(
        'undefined-reference',
        `access-list '${g.list}' is not defined (the ASA would reject this line); the binding is ignored`,
        g.source,
      );
      continue;
    }
    if (acl.entries.some((e) => e.type === 'standard')) {
      sink.warning(
        'invalid-value',
        `'${g.list}' is a standard ACL; the ASA applies only extended ACLs with access-group (a standard entry matches the destination only)`,
        g.source,
      );
    }
    if (g.direction === 'global') {
      if (global !== undefined)
        sink.info(
          'duplicate-definition',
          `a second global access-group replaces '${global.list}' (line ${global.source.line})`,
          g.source,
        );
      global = g;
      continue;
    }
    if (!named.some((n) => n.name === g.nameif)) {
      sink.error(
        'undefined-reference',
        `no interface has nameif '${g.nameif ?? ''}'; the binding is ignored`,
        g.source,
      );
      continue;
    }
    const map = g.direction === 'in' ? inbound : outbound;
    const prev = map.get(g.nameif!);
    if (prev !== undefined)
      sink.info(
        'duplicate-definition',
        `replaces the ${g.direction} access-group '${prev.list}' of ${g.nameif!} (line ${prev.source.line})`,
        g.source,
      );
    map.set(g.nameif!, g);
  }

  for (const n of named) {
    if (n.asa.shutdown) {
      const list = shutdownList(n);
      lists.set(list.name, list);
      bindings.push(
        { attachment: 'transit', list: list.name, inInterface: n.name },
        { attachment: 'transit', list: list.name, outInterface: n.name },
      );
    }
    const own = inbound.get(n.name);
    let ingress: string;
    if (own !== undefined && global !== undefined) {
      // ASA order: the interface ACL, then the global ACL, then the implicit deny.
      ingress = `in/${n.name}`;
      lists.set(ingress, {
        name: ingress,
        rules: [
          jump(ingress, 1, own.list, own, config.file),
          jump(ingress, 2, global.list, global, config.file),
        ],
        fallThrough: { kind: 'default', action: 'deny', source: null },
        source: own.source,
      });
    } else if (own !== undefined) ingress = own.list;
    else if (global !== undefined) ingress = global.list;
    else {
      const list = securityLevelList(n, named, config);
      lists.set(list.name, list);
      ingress = list.name;
    }
    bindings.push({ attachment: 'transit', list: ingress, inInterface: n.name, primary: true });
  }
  for (const [nameif, g] of outbound)
    bindings.push({ attachment: 'transit', list: g.list, outInterface: nameif });
  const same = sameSecurityList(named, config);
  if (same !== null) {
    lists.set(same.name, same);
    bindings.push({ attachment: 'transit', list: same.name });
  }
  const mgmt = managementList(config);
  if (mgmt !== null) {
    lists.set(mgmt.name, mgmt);
    bindings.push({ attachment: 'to-device', list: mgmt.name, primary: true });
  }
  for (const m of config.management) {
    if (!named.some((n) => n.name === m.nameif))
      sink.error('undefined-reference', `no interface has nameif '${m.nameif}'`, m.source);
  }

  const legacy = convertLegacyNat(config, sink);
  const nat: NatRule[] = [...convertNat(config, resolver, sink), ...legacy.rules];
  if (legacy.legacy && config.nat.length > 0)
    sink.warning(
      'invalid-value',
      'this file mixes pre-8.3 NAT (static / nat ID / global) with 8.3+ NAT, which no ASA version accepts; ACLs are taken to match mapped addresses (pre-8.3)',
      config.nat[0]!.source,
    );
  const rewrites = nat.some((r) => r.rewrite !== undefined);
  if (legacy.legacy && rewrites)
    for (const g of config.accessGroups)
      if (g.direction === 'out')
        sink.info(
          'lossy-conversion',
          `with pre-8.3 static NAT every ACL of this device is evaluated against the mapped (pre-translation) destination; an outbound ACL on the real side sees the translated one on the ASA`,
          g.source,
        );
  const routes: Route[] = config.routes.map((r) => ({
    prefix: r.prefix,
    nextHop: r.nextHop,
    interface: r.nameif,
    source: r.source,
  }));

  // Every group-object / object reference is checked, used or not, at the line that makes it.
  for (const o of config.objects.values()) {
    for (const m of o.members) if (m.kind === 'ref') resolver.lookup(m.name, [o.type], m.source);
  }
  // Objects never referenced (by an ACE, a NAT rule or another group) are listed.
  const referenced = new Set(resolver.used);
  for (const o of config.objects.values())
    for (const m of o.members) if (m.kind === 'ref') referenced.add(m.name);
  for (const o of config.objects.values()) {
    if (!referenced.has(o.name))
      sink.info('unused-object', `object${o.group ? '-group' : ''} '${o.name}' is never used`, o.source);
  }

  const device: Device = {
    name: deviceName,
    vendor: 'cisco-asa',
    file: config.file,
    interfaces: toInterfaces(named),
    zones: [],
    lists,
    bindings,
    routes,
    nat,
    ...(legacy.legacy ? { natPolicyMatch: 'original' as const } : {}),
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        ...(config.showAccessList
          ? [
              '`show access-list` output: ACLs only (no interfaces, bindings or objects); query them with --filter.',
            ]
          : []),
        ...(legacy.legacy
          ? [
              'Pre-8.3 NAT: ACLs match mapped (untranslated) destinations; one-to-one statics are applied across a site, dynamic NAT is not.',
            ]
          : nat.length > 0
            ? [
                'ACLs match real (translated) addresses, as on ASA 8.3+; exact one-to-one static NAT is applied across a site, other NAT is recorded and a flow to a mapped address is marked uncertain.',
              ]
            : []),
        ...(uncertainRules > 0
          ? [
              `${uncertainRules} rule(s) use host names, time ranges or unresolved objects that cannot be decided offline.`,
            ]
          : []),
        'Connection state, inspection engines, VPN and to-the-box traffic other than http/ssh/telnet management are not modelled.',
      ],
    },
  };
  return { device, diagnostics: sink };
}
