import type { DiagnosticSink } from '../../diagnostics';
import type { Action, Device, Interface, Match, Route, Rule, RuleList, Zone } from '../../device';
import { ANY_ADDRESS, ANY_SERVICE, type AddressSet, addressComplement } from '../../net';
import { convertNat } from './convert-nat';
import type { PanosDefaultRule, PanosScope, PanosSecurityRule } from './model';
import { Resolver } from './resolve';

export const pairListName = (from: string, to: string): string => `${from}->${to}`;

const ACTIONS: Readonly<Record<string, Action>> = {
  allow: 'permit',
  deny: 'deny',
  drop: 'deny',
  'reset-client': 'deny',
  'reset-server': 'deny',
  'reset-both': 'deny',
};

/** One scope (vsys or device group) -> the neutral Device. */
export function convertPanos(
  scope: PanosScope,
  file: string,
  sink: DiagnosticSink,
  reported: Set<string> = new Set(),
): Device {
  const resolver = new Resolver(scope.objects, sink, reported);

  // Zones: the defined ones, then any a rule names (Panorama device groups define none).
  const zoneOf = new Map<string, string>();
  const zones: Zone[] = scope.zones.map((z) => {
    for (const i of z.interfaces) zoneOf.set(i, z.name);
    return { name: z.name, interfaces: [...z.interfaces], source: z.source };
  });
  const known = new Set(zones.map((z) => z.name));
  for (const r of scope.security) {
    for (const [side, names] of [
      ['from', r.from],
      ['to', r.to],
    ] as const) {
      for (const z of names) {
        if (z === 'any' || known.has(z)) continue;
        known.add(z);
        // Reported only where the scope defines zones (exports without zones name them in rules only).
        if (scope.kind === 'vsys' && scope.zones.length > 0)
          sink.warning(
            'undefined-reference',
            `rule '${r.name}': ${side} zone '${z}' is not a zone of ${scope.name}`,
            r.source,
          );
        zones.push({ name: z, interfaces: [], source: r.source });
      }
    }
  }

  // Interfaces (an address may name an address object).
  const ifaceNames = new Set<string>();
  const interfaces: Interface[] = [];
  for (const i of scope.interfaces) {
    ifaceNames.add(i.name);
    const zone = zoneOf.get(i.name);
    interfaces.push({
      name: i.name,
      ...(i.loopback ? { loopback: true } : {}),
      ...(zone !== undefined ? { zone } : {}),
      addresses: i.addresses.map((a) => interfaceAddress(scope, a.value, resolver)),
      source: i.source,
    });
  }
  for (const [name, zone] of zoneOf) {
    if (!ifaceNames.has(name)) interfaces.push({ name, zone, addresses: [], source: null });
  }

  // Security rules, converted once; copied into every zone pair they apply to.
  let uncertainRules = 0;
  let disabled = 0;
  const converted: { rule: PanosSecurityRule; neutral: Omit<Rule, 'id'> }[] = [];
  for (const r of scope.security) {
    if (r.disabled) {
      disabled++;
      sink.info('disabled-rule', `rule '${r.name}' is disabled; it is not evaluated`, r.source);
      continue;
    }
    const neutral = convertRule(r, resolver, sink);
    if (neutral === null) continue;
    if (neutral.match.uncertain !== undefined) uncertainRules++;
    converted.push({ rule: r, neutral });
  }
  const names = [...known].sort();
  const lists = new Map<string, RuleList>();
  const bindings: Device['bindings'][number][] = [];
  const fallThrough = (
    d: PanosDefaultRule | null,
    intra: boolean,
  ): { kind: 'default'; action: Action; source: RuleList['source'] } => {
    if (d === null) return { kind: 'default', action: intra ? 'permit' : 'deny', source: null };
    const action = ACTIONS[d.action];
    if (action === undefined) {
      sink.warning(
        'invalid-value',
        `default rule action '${d.action}' is not allow, deny, drop or reset-*; the built-in default is kept`,
        d.source,
      );
      return { kind: 'default', action: intra ? 'permit' : 'deny', source: null };
    }
    return { kind: 'default', action, source: d.source };
  };
  const intra = fallThrough(scope.intrazoneDefault, true);
  const inter = fallThrough(scope.interzoneDefault, false);
  if (names.length === 0 && converted.length > 0) {
    // No zone at all (rules from any to any): one list for every flow, ended by interzone-default.
    const list = pairListName('any', 'any');
    const rules = converted.map(({ neutral }, k) => ({ ...neutral, id: `${list}#${k + 1}` }));
    lists.set(list, { name: list, rules, fallThrough: inter, source: null });
    bindings.push({ attachment: 'transit', list, primary: true });
  }
  for (const from of names) {
    for (const to of names) {
      const list = pairListName(from, to);
      const rules: Rule[] = [];
      for (const { rule, neutral } of converted) {
        if (!rule.from.includes(from) && !rule.from.includes('any') && rule.from.length > 0) continue;
        if (!rule.to.includes(to) && !rule.to.includes('any') && rule.to.length > 0) continue;
        if (rule.ruleType === 'intrazone' && from !== to) continue;
        if (rule.ruleType === 'interzone' && from === to) continue;
        rules.push({ ...neutral, id: `${list}#${rules.length + 1}` });
      }
      lists.set(list, { name: list, rules, fallThrough: from === to ? intra : inter, source: null });
      bindings.push({ attachment: 'transit', list, fromZone: from, toZone: to, primary: true });
    }
  }

  const nat = convertNat(scope, resolver, sink);
  const routes: Route[] = [];
  for (const r of scope.routes) {
    if (r.discard) {
      routes.push({ prefix: r.destination, interface: 'discard', discard: true, source: r.source });
      continue;
    }
    routes.push({
      prefix: r.destination,
      ...(r.nextHop !== null ? { nextHop: r.nextHop } : {}),
      ...(r.interface !== null ? { interface: r.interface } : {}),
      source: r.source,
    });
  }
  reportUnused(scope, resolver, sink);

  return {
    name: scope.deviceName,
    vendor: 'panos',
    file,
    interfaces,
    zones,
    lists,
    bindings,
    routes,
    nat,
    // Security policy matches the pre-NAT addresses (and port) with the post-NAT destination
    // zone (Palo Alto, "Destination NAT example: one-to-one mapping").
    natPolicyMatch: 'original',
    support: {
      filtering: uncertainRules > 0 ? 'partial' : 'full',
      nat: nat.length > 0 ? 'recorded' : 'none',
      routes: routes.length > 0 ? 'modelled' : 'absent',
      notes: [
        `Security rules in order${scope.kind === 'device-group' ? ' (shared and ancestor pre-rules, the device group\u2019s pre-rules, its post-rules, then ancestor and shared post-rules)' : ''}, then intrazone-default (${intra.action}) or interzone-default (${inter.action}), per zone pair.`,
        'Security rules match pre-NAT addresses and the post-NAT destination zone; NAT rules are recorded (with their zones in the list name), not applied to verdicts.',
        ...(disabled > 0 ? [`${disabled} disabled rule(s) skipped.`] : []),
        ...(uncertainRules > 0
          ? [
              `${uncertainRules} rule(s) match on applications, users, FQDNs or other run-time facts and are uncertain.`,
            ]
          : []),
        ...(scope.kind === 'device-group'
          ? [
              'Panorama device group: zones are those the rules name; interfaces come from templates, which are not merged.',
            ]
          : []),
      ],
    },
  };
}

function interfaceAddress(scope: PanosScope, value: string, resolver: Resolver): string {
  for (const o of scope.objects) {
    const a = o.addresses.get(value);
    if (a !== undefined && a.kind === 'ip-netmask') {
      resolver.usedAddresses.add(value);
      return a.value;
    }
  }
  return value;
}

function convertRule(
  r: PanosSecurityRule,
  resolver: Resolver,
  sink: DiagnosticSink,
): Omit<Rule, 'id'> | null {
  if (r.action === null) {
    sink.warning(
      'invalid-value',
      `security rule '${r.name}' has no action (PAN-OS refuses to commit it); not converted`,
      r.source,
    );
    return null;
  }
  const action = ACTIONS[r.action];
  if (action === undefined) {
    sink.warning(
      'invalid-value',
      `security rule '${r.name}': unknown action '${r.action}'; not converted`,
      r.source,
    );
    return null;
  }
  const uncertain: string[] = [...r.undecidable];
  for (const [field, values] of [
    ['from', r.from],
    ['to', r.to],
    ['source', r.sources],
    ['destination', r.destinations],
    ['application', r.applications],
    ['service', r.services],
  ] as const) {
    if (values.length === 0)
      sink.warning(
        'invalid-value',
        `security rule '${r.name}' has no ${field} (PAN-OS requires one); taken as any`,
        r.source,
      );
  }
  const side = (names: readonly string[], negate: boolean): AddressSet => {
    const res = resolver.addresses(names, r.source);
    uncertain.push(...res.uncertain);
    if (!negate) return res.set;
    // An uncertain side negated could be anything: the conservative guess is any.
    return res.uncertain.length > 0 ? ANY_ADDRESS : addressComplement(res.set);
  };
  const src = side(r.sources, r.negateSource);
  const dst = side(r.destinations, r.negateDestination);
  const appAny = r.applications.length === 0 || r.applications.includes('any');
  const apps = appAny ? null : resolver.applications(r.applications, r.source);
  let service;
  if (r.services.includes('application-default')) {
    if (apps === null) {
      service = ANY_SERVICE;
      uncertain.push(
        'application any with service application-default: each application only on its own default ports',
      );
    } else service = apps.set;
  } else {
    const s = resolver.services(r.services, r.source);
    uncertain.push(...s.uncertain);
    service = s.set;
  }
  if (apps !== null) uncertain.push(...apps.uncertain);
  const unique = [...new Set(uncertain)];
  const match: Match = {
    src,
    dst,
    service,
    matchesNew: true,
    ...(unique.length > 0 ? { uncertain: unique.join('; ') } : {}),
  };
  return {
    action,
    match,
    source: r.source,
    origin: {
      vendor: 'panos',
      file: r.source.file,
      line: r.source.line,
      name: `${r.rulebase} security rule ${r.name}`,
    },
    ...(r.description !== null ? { label: r.description } : {}),
    ...(r.action !== 'allow' && r.action !== 'deny' ? { detail: r.action } : {}),
  };
}

function reportUnused(scope: PanosScope, resolver: Resolver, sink: DiagnosticSink): void {
  // Only a vsys's own objects: shared ones may serve other vsys, and a device group's may
  // serve its descendants.
  const own = scope.objects[0];
  if (own === undefined || scope.kind !== 'vsys' || scope.objects.length < 2) return;
  for (const [what, objects] of [
    ['address', own.addresses],
    ['address-group', own.addressGroups],
  ] as const) {
    for (const a of objects.values()) {
      if (!resolver.usedAddresses.has(a.name))
        sink.info('unused-object', `${what} '${a.name}' is never used by a rule or an interface`, a.source);
    }
  }
}
