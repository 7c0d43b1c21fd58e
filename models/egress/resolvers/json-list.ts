/**
 * Reads a resolver list in the bundled JSON format (models/egress/data/public-resolvers.json, or a
 * newer one a user generated). Every resolver and endpoint is checked; a bad one is a diagnostic
 * citing its line in the JSON file and is skipped. Resolvers keep the `source` they carry (the
 * stamp's line upstream) when it is well formed, else cite their element in this file.
 */
import { type DiagnosticSink, type SourceRef, sourceRef } from '../../diagnostics';
import { type JsonNode, bool, items, num, parseJson, prop, str } from '../../import/formats/json';
import { formatAddress, parseAddress } from '../../net';
import type { ResolverListSource } from './list';
import type { Assumption, Resolver, ResolverEndpoint, ResolverProtocol, Transport } from './resolver';
import { STAMP_PROTOCOL_IDS } from './stamp';

const isProtocol = (s: unknown): s is ResolverProtocol =>
  typeof s === 'string' && Object.prototype.hasOwnProperty.call(STAMP_PROTOCOL_IDS, s);
const ASSUMPTIONS: readonly string[] = ['doh3', 'dot-known-host'];

export interface JsonResolvers {
  readonly resolvers: Resolver[];
  readonly source: ResolverListSource | null;
}

export function parseResolverJson(file: string, text: string, sink: DiagnosticSink): JsonResolvers {
  const doc = parseJson(text);
  const lines = text.split(/\r?\n/);
  const at = (node: JsonNode | undefined): SourceRef => {
    const line = node === undefined ? 1 : doc.lineOf(node.offset);
    return sourceRef(file, line, lines[line - 1] ?? '');
  };
  for (const e of doc.errors.slice(0, 20)) {
    sink.error('malformed-input', `JSON: ${e.message}`, sourceRef(file, e.line, lines[e.line - 1] ?? ''));
  }
  const root = doc.root;
  if (root?.type !== 'object') {
    if (doc.errors.length === 0) sink.error('invalid-value', 'a resolver list is a JSON object', at(root));
    return { resolvers: [], source: null };
  }
  const format = str(root, 'format');
  if (format !== 'conduit-resolver-list') {
    sink.warning(
      'invalid-value',
      `format is '${format ?? ''}', expected 'conduit-resolver-list'`,
      at(prop(root, 'format') ?? root),
    );
  }
  const list = prop(root, 'resolvers');
  if (list?.type !== 'array') {
    sink.error('invalid-value', 'the list has no "resolvers" array', at(list ?? root));
    return { resolvers: [], source: readSource(prop(prop(root, 'provenance'), 'source')) };
  }
  const resolvers: Resolver[] = [];
  for (const node of items(list)) {
    const r = readResolver(node, at, file, sink);
    if (r !== null) resolvers.push(r);
  }
  return { resolvers, source: readSource(prop(prop(root, 'provenance'), 'source')) };
}

function readSource(node: JsonNode | undefined): ResolverListSource | null {
  const url = str(node, 'url');
  const path = str(node, 'path');
  if (url === undefined || path === undefined) return null;
  return {
    url,
    path,
    commit: str(node, 'commit') ?? null,
    date: str(node, 'date') ?? null,
    licence: str(node, 'licence') ?? null,
  };
}

const nullableString = (node: JsonNode | undefined, key: string): string | null | undefined => {
  const v = prop(node, key);
  if (v === undefined || v.type === 'null') return null;
  return v.type === 'string' ? (v.value as string) : undefined;
};

function readResolver(
  node: JsonNode,
  at: (n: JsonNode | undefined) => SourceRef,
  file: string,
  sink: DiagnosticSink,
): Resolver | null {
  const here = at(node);
  const name = str(node, 'name');
  if (node.type !== 'object' || name === undefined || name === '') {
    sink.warning('invalid-value', 'a resolver without a "name"; skipped', here);
    return null;
  }
  const protocols = items(prop(node, 'protocols')).map((p) => p.value as unknown);
  const badProto = protocols.find((p) => !isProtocol(p));
  if (protocols.length === 0 || badProto !== undefined) {
    const why = protocols.length === 0 ? 'no protocols' : `unknown protocol '${String(badProto)}'`;
    sink.warning('invalid-value', `resolver '${name}': ${why}; skipped`, here);
    return null;
  }
  const hostname = nullableString(node, 'hostname');
  const path = nullableString(node, 'path');
  const provider = nullableString(node, 'provider');
  if (hostname === undefined || path === undefined || provider === undefined) {
    sink.warning(
      'invalid-value',
      `resolver '${name}': hostname, path and provider are strings or null; skipped`,
      here,
    );
    return null;
  }
  const addresses: ResolverEndpoint[] = [];
  for (const e of items(prop(node, 'addresses'))) {
    const endpoint = readEndpoint(e);
    if (typeof endpoint === 'string')
      sink.warning('invalid-value', `resolver '${name}': ${endpoint}; endpoint skipped`, at(e));
    else addresses.push(endpoint);
  }
  if (addresses.length === 0 && hostname === null) {
    sink.warning('invalid-value', `resolver '${name}' has neither an address nor a host name; skipped`, here);
    return null;
  }
  const propsNode = prop(node, 'props');
  const assumed = items(prop(node, 'assumed'))
    .map((p) => p.value as unknown)
    .filter(isProtocol);
  return {
    name,
    provider,
    protocols: protocols as ResolverProtocol[],
    addresses,
    hostname,
    path,
    props: {
      dnssec: bool(propsNode, 'dnssec') ?? false,
      nolog: bool(propsNode, 'nolog') ?? false,
      nofilter: bool(propsNode, 'nofilter') ?? false,
    },
    ...(addresses.length === 0 ? { hostnameOnly: true as const } : {}),
    ...(assumed.length > 0 ? { assumed } : {}),
    source: readSourceRef(prop(node, 'source')) ?? { ...here, file },
  };
}

function readEndpoint(node: JsonNode): ResolverEndpoint | string {
  const protocol = str(node, 'protocol');
  const transport = str(node, 'transport');
  const address = str(node, 'address');
  const port = num(node, 'port');
  if (!isProtocol(protocol)) return `unknown protocol '${protocol ?? ''}'`;
  if (transport !== 'tcp' && transport !== 'udp') return `transport '${transport ?? ''}' is not tcp or udp`;
  const ip = address === undefined ? null : parseAddress(address);
  if (ip === null || !ip.ok) return `'${address ?? ''}' is not an IP address`;
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535)
    return `port ${String(port)} is out of range`;
  const assumption = str(node, 'assumption');
  const assumed = bool(node, 'assumed') === true;
  return {
    protocol,
    transport: transport as Transport,
    address: formatAddress(ip.value),
    port,
    ...(assumed ? { assumed: true as const } : {}),
    ...(assumed && assumption !== undefined && ASSUMPTIONS.includes(assumption)
      ? { assumption: assumption as Assumption }
      : {}),
  };
}

function readSourceRef(node: JsonNode | undefined): SourceRef | null {
  const file = str(node, 'file');
  const line = num(node, 'line');
  const text = str(node, 'text');
  if (file === undefined || line === undefined || text === undefined || !Number.isInteger(line) || line < 1)
    return null;
  const endLine = num(node, 'endLine');
  return sourceRef(file, line, text, endLine !== undefined && Number.isInteger(endLine) ? endLine : line);
}
