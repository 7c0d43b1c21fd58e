import type { DiagnosticSink } from '../../diagnostics';
import type { Match, Rule } from '../../device';
import {
  ANY_ADDRESS,
  ANY_PORT,
  ANY_SERVICE,
  EMPTY_ADDRESSES,
  NO_SERVICE,
  type AddressSet,
  type PortSet,
  type ServiceSet,
  addressUnion,
  icmpService,
  parseAddressSpec,
  serviceOf,
  serviceUnion,
} from '../../net';
import type { AsaAce, AsaAddressRef, AsaConfig, AsaPortRef } from './model';
import type { Resolver } from './resolve';

/** The neutral match of one ACE; `uncertain` says what cannot be decided offline. */
export function aceMatch(ace: AsaAce, config: AsaConfig, resolver: Resolver, sink: DiagnosticSink): Match {
  const notes: string[] = [];
  const note = (u: string | undefined): void => {
    if (u !== undefined && !notes.includes(u)) notes.push(u);
  };
  const src = address(ace.src, config, resolver, sink, ace, note);
  const dst = address(ace.dst, config, resolver, sink, ace, note);
  const service = aceService(ace, resolver, note);
  if (ace.timeRange !== undefined) {
    note(`applies only during time-range '${ace.timeRange}'`);
    sink.warning(
      'uncertain-match',
      `time-range '${ace.timeRange}': the entry applies only at certain times; taken as active (a permit) or inactive (a deny)`,
      ace.source,
    );
  }
  return {
    src,
    dst,
    service,
    matchesNew: true,
    ...(notes.length > 0 ? { uncertain: notes.join('; ') } : {}),
  };
}

function address(
  ref: AsaAddressRef,
  config: AsaConfig,
  resolver: Resolver,
  sink: DiagnosticSink,
  ace: AsaAce,
  note: (u: string | undefined) => void,
): AddressSet {
  switch (ref.kind) {
    case 'addresses':
      return ref.set;
    case 'object':
    case 'object-group': {
      const r = resolver.network(ref.name, ace.source);
      note(r.uncertain);
      return r.value;
    }
    case 'fqdn':
      sink.warning(
        'hostname-address',
        `fqdn '${ref.host}' is resolved by the ASA at run time; matching is uncertain`,
        ace.source,
      );
      note(`the host name '${ref.host}' is resolved at run time`);
      return ANY_ADDRESS;
    case 'interface':
      return interfaceAddresses(ref.name, config, sink, ace, note);
  }
}

/** `interface IFNAME` in an ACE: the ASA's own addresses on that interface. */
export function interfaceAddresses(
  nameif: string,
  config: AsaConfig,
  sink: DiagnosticSink,
  at: { readonly source: AsaAce['source'] },
  note: (u: string | undefined) => void,
): AddressSet {
  const iface = config.interfaces.find((i) => i.nameif === nameif);
  if (iface === undefined) {
    if (config.showAccessList) {
      note(`the addresses of interface '${nameif}' are not in this export`);
      return ANY_ADDRESS;
    }
    sink.error(
      'undefined-reference',
      `no interface is named '${nameif}'; the entry matches nothing`,
      at.source,
    );
    return EMPTY_ADDRESSES;
  }
  let set = EMPTY_ADDRESSES;
  for (const a of iface.addresses) {
    const p = parseAddressSpec(a.replace(/\/\d+$/, ''));
    if (p.ok) set = addressUnion(set, p.value.set);
  }
  if (iface.addresses.length === 0) note(`interface '${nameif}' has no static address`);
  return iface.addresses.length === 0 ? ANY_ADDRESS : set;
}

function ports(
  ref: AsaPortRef | undefined,
  proto: number,
  resolver: Resolver,
  ace: AsaAce,
  note: (u: string | undefined) => void,
): PortSet {
  if (ref === undefined) return ANY_PORT;
  if (ref.kind === 'ports') return ref.ports;
  const r = resolver.ports(ref.name, ace.source);
  note(r.uncertain);
  return r.value.get(proto) ?? [];
}

function aceService(ace: AsaAce, resolver: Resolver, note: (u: string | undefined) => void): ServiceSet {
  const p = ace.protocol;
  let protocols: readonly number[] | null;
  if (p.kind === 'object') {
    const r = resolver.service(p.name, ace.source);
    note(r.uncertain);
    return r.value;
  }
  if (p.kind === 'object-group') {
    const obj = resolver.config.objects.get(p.name);
    if (obj?.type !== 'protocol') {
      const r = resolver.service(p.name, ace.source);
      note(r.uncertain);
      return r.value;
    }
    const r = resolver.protocolGroup(p.name, ace.source);
    if (r === undefined) return NO_SERVICE;
    note(r.uncertain);
    if (r.value === null) protocols = null;
    else {
      const list: number[] = [];
      for (let k = 0; k < r.value.length; k += 2)
        for (let q = r.value[k]!; q < r.value[k + 1]!; q++) list.push(q);
      protocols = list;
    }
  } else protocols = p.protocols;
  if (protocols === null) return ANY_SERVICE;
  let svc: ServiceSet = NO_SERVICE;
  for (const proto of protocols) {
    if (proto === 1 || proto === 58) {
      if (ace.icmp === undefined) svc = serviceUnion(svc, icmpService(proto));
      else if (ace.icmp.kind === 'type') {
        const t = ace.icmp.type;
        const c = ace.icmp.code;
        svc = serviceUnion(svc, icmpService(proto, [t, t + 1], c === undefined ? undefined : [c, c + 1]));
      } else if (proto === 58 && protocols.includes(1)) {
        // icmp-type groups hold ICMP (v4) types; for icmp6 in the same protocol group the
        // meaning is not documented, so every ICMPv6 type matches, uncertainly.
        note(`icmp-type group '${ace.icmp.name}' with icmp6: the ICMPv6 types it stands for are unknown`);
        svc = serviceUnion(svc, icmpService(proto));
      } else {
        const r = resolver.icmpTypes(ace.icmp.name, ace.source);
        note(r.uncertain);
        svc = serviceUnion(svc, icmpService(proto, r.value));
      }
    } else if (proto === 6 || proto === 17 || proto === 132) {
      svc = serviceUnion(
        svc,
        serviceOf(
          [proto, proto + 1],
          ports(ace.srcPort, proto, resolver, ace, note),
          ports(ace.dstPort, proto, resolver, ace, note),
        ),
      );
    } else svc = serviceUnion(svc, serviceOf([proto, proto + 1]));
  }
  return svc;
}

/** The rules of one ACL; inactive entries are listed (info) and left out. */
export function aclRules(
  name: string,
  entries: readonly AsaAce[],
  config: AsaConfig,
  resolver: Resolver,
  sink: DiagnosticSink,
): { rules: Rule[]; uncertain: number } {
  const rules: Rule[] = [];
  let uncertain = 0;
  for (const ace of entries) {
    if (ace.inactive) {
      sink.info(
        'disabled-rule',
        `inactive entry of '${name}': the ASA does not evaluate it, so it is not a rule here`,
        ace.source,
      );
      continue;
    }
    const match = aceMatch(ace, config, resolver, sink);
    if (match.uncertain !== undefined) uncertain++;
    const n = rules.length + 1;
    rules.push({
      id: `${name}#${n}`,
      action: ace.action,
      match,
      source: ace.source,
      origin: { vendor: 'cisco-asa', file: config.file, line: ace.source.line, name: `${name} #${n}` },
      ...(ace.label !== undefined ? { label: ace.label } : {}),
      ...(ace.type === 'standard' ? { detail: 'standard ACE: matches the destination address only' } : {}),
    });
  }
  return { rules, uncertain };
}
