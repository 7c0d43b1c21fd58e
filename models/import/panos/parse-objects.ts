import type { DiagnosticSink } from '../../diagnostics';
import type { PanosAddress, PanosApplication, PanosNamedList, PanosObjects, PanosService } from './model';
import { type PanosNode, at, child, items, leaf, text } from './tree';

const ADDRESS_KINDS = ['ip-netmask', 'ip-range', 'ip-wildcard', 'fqdn'] as const;

export function emptyObjects(scope: string): PanosObjects {
  return {
    scope,
    addresses: new Map(),
    addressGroups: new Map(),
    services: new Map(),
    serviceGroups: new Map(),
    applications: new Map(),
    applicationGroups: new Map(),
    applicationFilters: new Map(),
    externalLists: new Map(),
  };
}

/** The entries of a container: its child nodes (a set-form `set address` without entries has none). */
const entries = (node: PanosNode | undefined): PanosNode[] => node?.children ?? [];

function put<T extends { name: string }>(
  map: Map<string, T>,
  value: T,
  what: string,
  sink: DiagnosticSink,
  source: PanosNode,
): void {
  if (map.has(value.name))
    sink.warning(
      'duplicate-definition',
      `${what} '${value.name}' is defined twice; the later one wins`,
      source.source,
    );
  map.set(value.name, value);
}

/** Reads the objects of one scope node (a vsys, a device group, or `shared`). */
export function readObjects(scope: string, node: PanosNode | undefined, sink: DiagnosticSink): PanosObjects {
  const o = emptyObjects(scope);
  if (node === undefined) return o;
  for (const e of entries(child(node, 'address'))) {
    const kind = ADDRESS_KINDS.find((k) => child(e, k) !== undefined);
    const value = kind === undefined ? undefined : leaf(e, kind);
    const address: PanosAddress =
      kind === undefined || value === undefined
        ? { name: e.name, kind: 'unknown', value: '', source: e.source }
        : { name: e.name, kind, value, source: child(e, kind)!.source };
    put(o.addresses, address, 'address', sink, e);
  }
  for (const e of entries(child(node, 'address-group'))) {
    const dynamic = at(e, 'dynamic', 'filter');
    put(
      o.addressGroups,
      {
        name: e.name,
        members: items(child(e, 'static')),
        dynamic: dynamic === undefined ? (child(e, 'dynamic') ? '' : null) : (text(dynamic) ?? ''),
        source: e.source,
      },
      'address-group',
      sink,
      e,
    );
  }
  for (const e of entries(child(node, 'service'))) put(o.services, readService(e), 'service', sink, e);
  for (const e of entries(child(node, 'service-group'))) {
    const members: PanosNamedList = { name: e.name, members: items(child(e, 'members')), source: e.source };
    put(o.serviceGroups, members, 'service-group', sink, e);
  }
  for (const e of entries(child(node, 'application')))
    put(o.applications, readApplication(e), 'application', sink, e);
  for (const e of entries(child(node, 'application-group'))) {
    const m = child(e, 'members');
    const members = m !== undefined ? items(m) : e.values;
    put(o.applicationGroups, { name: e.name, members, source: e.source }, 'application-group', sink, e);
  }
  for (const e of entries(child(node, 'application-filter'))) o.applicationFilters.set(e.name, e.source);
  for (const e of entries(child(node, 'external-list'))) o.externalLists.set(e.name, e.source);
  return o;
}

function readService(e: PanosNode): PanosService {
  const proto = child(e, 'protocol');
  for (const p of ['tcp', 'udp', 'sctp'] as const) {
    const n = child(proto, p);
    if (n !== undefined)
      return {
        name: e.name,
        protocol: p,
        ports: leaf(n, 'port') ?? null,
        sourcePorts: leaf(n, 'source-port') ?? null,
        source: e.source,
      };
  }
  return { name: e.name, protocol: null, ports: null, sourcePorts: null, source: e.source };
}

function readApplication(e: PanosNode): PanosApplication {
  const d = child(e, 'default');
  const ipProto = leaf(d, 'ident-by-ip-protocol');
  const icmp = child(d, 'ident-by-icmp-type') ?? child(d, 'ident-by-icmp6-type');
  const type = icmp === undefined ? undefined : Number(leaf(icmp, 'type'));
  const code = icmp === undefined ? undefined : leaf(icmp, 'code');
  return {
    name: e.name,
    ports: items(child(d, 'port')),
    ipProtocol: ipProto !== undefined && /^\d{1,3}$/.test(ipProto) ? Number(ipProto) : null,
    icmpType:
      icmp !== undefined && type !== undefined && Number.isInteger(type)
        ? {
            v6: icmp.name === 'ident-by-icmp6-type',
            type,
            code: code !== undefined && /^\d+$/.test(code) ? Number(code) : null,
          }
        : null,
    source: e.source,
  };
}
