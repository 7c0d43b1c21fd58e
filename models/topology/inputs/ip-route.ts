import type { Route } from '../../device';
import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import { type JsonNode, items, parseJson, prop, str } from '../../import/formats/json';
import { parseAddress, parseAddressSpec } from '../../net';
import { ROUTE_LINE, detectHostNetworking } from './detect';
import { type TextLines, jsonTooDeep, looksBinary, quote, stripBom, textLines } from './text';

/** `ip -j` output nests four levels deep at most. */
const MAX_JSON_DEPTH = 32;
import type { HostNetworking } from './types';

/** Route types that describe the host's own addresses or multicast, not forwarding. */
const HOST_TYPES = new Set(['local', 'broadcast', 'multicast', 'anycast']);
/** Route types that drop traffic (throw: not found in this table). */
const DROP_TYPES = new Set(['blackhole', 'unreachable', 'prohibit', 'throw']);

interface RawRoute {
  type: string;
  dst: string;
  gateway?: string;
  dev?: string;
  table?: string;
  /** IPv6 hint: iproute2 prints `pref` only for IPv6 routes. */
  v6hint: boolean;
}

/**
 * Reads `ip route` / `ip -6 route` (plain text, also `show table all`) or `ip -j route`:
 * unicast routes of the main table become Routes (default -> 0.0.0.0/0 or ::/0; connected
 * `proto kernel scope link` routes kept, without next hop). Local, broadcast and multicast
 * entries are skipped with an info; blackhole/unreachable/prohibit routes and other tables with
 * a warning. A multipath route gives one Route per next hop.
 */
export function parseIpRoute(file: string, raw: string): HostNetworking {
  const sink = new DiagnosticSink('topology');
  const t = textLines(file, stripBom(raw));
  const none = (): HostNetworking => ({ interfaces: [], routes: [], diagnostics: sink.diagnostics });
  if (looksBinary(t.text)) {
    sink.error('binary-input', 'the file is not text', t.ref(1));
    return none();
  }
  if (t.text.trim() === '') {
    sink.warning('empty-input', 'the file is empty', t.ref(1));
    return none();
  }
  if (detectHostNetworking(t.text) === 'ip-addr') {
    sink.error('vendor-mismatch', 'this is `ip addr` output, not `ip route`', t.ref(1));
    return none();
  }
  const routes: Route[] = [];
  const add = (
    r: RawRoute,
    nexthops: readonly { gateway?: string; dev?: string; source: SourceRef }[],
    source: SourceRef,
  ): void => {
    convert(r, nexthops, source, routes, sink);
  };
  if (/^\s*[[{]/.test(t.text)) fromJson(t, sink, add);
  else fromText(t, sink, add);
  return { interfaces: [], routes, diagnostics: sink.diagnostics };
}

type Add = (
  r: RawRoute,
  nexthops: readonly { gateway?: string; dev?: string; source: SourceRef }[],
  source: SourceRef,
) => void;

function fromText(t: TextLines, sink: DiagnosticSink, add: Add): void {
  let pending: {
    route: RawRoute;
    source: SourceRef;
    hops: { gateway?: string; dev?: string; source: SourceRef }[];
  } | null = null;
  const flush = (): void => {
    if (pending) add(pending.route, pending.hops, pending.source);
    pending = null;
  };
  t.lines.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') return;
    const words = line.trim().split(/\s+/);
    if (/^\s/.test(line)) {
      if (words[0] === 'nexthop' && pending) {
        const w = attrs(words.slice(1));
        pending.hops.push({
          ...(w.gateway ? { gateway: w.gateway } : {}),
          ...(w.dev ? { dev: w.dev } : {}),
          source: t.ref(n),
        });
      } else if (words[0] !== 'cache') {
        sink.warning(
          'unrecognized-line',
          `not \`ip route\` output: ${quote(line.trim())}; skipped`,
          t.ref(n),
        );
      }
      return;
    }
    flush();
    if (!ROUTE_LINE.test(line)) {
      sink.warning('unrecognized-line', `not \`ip route\` output: ${quote(line.trim())}; skipped`, t.ref(n));
      return;
    }
    let k = 0;
    const type = TYPES.has(words[0]!) ? words[k++]! : 'unicast';
    const dst = words[k++]!;
    const w = attrs(words.slice(k));
    const route: RawRoute = {
      type,
      dst,
      ...(w.gateway ? { gateway: w.gateway } : {}),
      ...(w.dev ? { dev: w.dev } : {}),
      ...(w.table ? { table: w.table } : {}),
      v6hint: w.pref,
    };
    pending = { route, source: t.ref(n), hops: [] };
  });
  flush();
}

const TYPES = new Set(['unicast', ...HOST_TYPES, ...DROP_TYPES, 'nat']);

function attrs(words: readonly string[]): { gateway?: string; dev?: string; table?: string; pref: boolean } {
  const out: { gateway?: string; dev?: string; table?: string; pref: boolean } = { pref: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'via') {
      let g = words[i + 1];
      if (g === 'inet' || g === 'inet6') g = words[++i + 1];
      if (g !== undefined) out.gateway = g;
      i++;
    } else if (w === 'dev' && words[i + 1] !== undefined) out.dev = words[++i]!;
    else if (w === 'table' && words[i + 1] !== undefined) out.table = words[++i]!;
    else if (w === 'pref') out.pref = true;
  }
  return out;
}

function fromJson(t: TextLines, sink: DiagnosticSink, add: Add): void {
  const deep = jsonTooDeep(t.text, MAX_JSON_DEPTH);
  if (deep !== null) {
    sink.error(
      'malformed-input',
      `the JSON nests deeper than ${MAX_JSON_DEPTH} levels; nothing was read`,
      t.ref(deep),
    );
    return;
  }
  const doc = parseJson(t.text);
  for (const e of doc.errors) {
    sink.error('malformed-input', `the JSON is not well formed (${e.message})`, t.ref(e.line));
    break;
  }
  const root = doc.root;
  if (root === undefined) return;
  if (root.type !== 'array') {
    sink.error(
      'vendor-mismatch',
      '`ip -j route` output is a JSON array of routes',
      t.ref(doc.lineOf(root.offset)),
    );
    return;
  }
  for (const node of items(root)) {
    const source = t.ref(doc.lineOf(node.offset));
    const dst = str(node, 'dst');
    if (node.type !== 'object' || dst === undefined) {
      sink.warning('unrecognized-line', 'an element without "dst" is not a route; skipped', source);
      continue;
    }
    const gateway = str(node, 'gateway');
    const dev = str(node, 'dev');
    const table = str(node, 'table');
    const route: RawRoute = {
      type: str(node, 'type') ?? 'unicast',
      dst,
      ...(gateway ? { gateway } : {}),
      ...(dev ? { dev } : {}),
      ...(table ? { table } : {}),
      v6hint: prop(node, 'pref') !== undefined,
    };
    const hops = items(prop(node, 'nexthops')).map((h: JsonNode) => {
      const g = str(h, 'gateway');
      const d = str(h, 'dev');
      return { ...(g ? { gateway: g } : {}), ...(d ? { dev: d } : {}), source: t.ref(doc.lineOf(h.offset)) };
    });
    add(route, hops, source);
  }
}

function convert(
  r: RawRoute,
  hops: readonly { gateway?: string; dev?: string; source: SourceRef }[],
  source: SourceRef,
  out: Route[],
  sink: DiagnosticSink,
): void {
  if (HOST_TYPES.has(r.type)) {
    sink.info(
      'unsupported-construct',
      `${r.type} route ${quote(r.dst)} describes the host itself, not forwarding; skipped`,
      source,
    );
    return;
  }
  if (DROP_TYPES.has(r.type) && (r.type === 'throw' || (r.table !== undefined && r.table !== 'main'))) {
    sink.warning(
      'lossy-conversion',
      `${r.type} route ${quote(r.dst)}${r.table !== undefined && r.table !== 'main' ? ` of table ${quote(r.table, 20)}` : ''} is not modelled; skipped (the analysis may find paths through a less specific route)`,
      source,
    );
    return;
  }
  if (DROP_TYPES.has(r.type)) {
    // A discard route of the main table: the kernel drops what it covers.
    const prefix = discardPrefix(r.dst, r.v6hint);
    if (prefix === null) {
      sink.warning(
        'invalid-value',
        `destination ${quote(r.dst)} is not a prefix; the route was skipped`,
        source,
      );
      return;
    }
    out.push({ prefix, interface: r.type, discard: true, source });
    return;
  }
  if (r.type !== 'unicast') {
    sink.warning('unsupported-construct', `${r.type} route ${quote(r.dst)} is not modelled; skipped`, source);
    return;
  }
  if (r.table !== undefined && r.table !== 'main') {
    sink.warning(
      'unsupported-construct',
      `route ${quote(r.dst)} of table ${quote(r.table, 20)} applies only through policy rules (ip rule), which are not modelled; skipped`,
      source,
    );
    return;
  }
  const gateways = [r.gateway, ...hops.map((h) => h.gateway)].filter((g): g is string => g !== undefined);
  for (const g of gateways) {
    if (!parseAddress(g).ok) {
      sink.warning(
        'invalid-value',
        `next hop ${quote(g)} is not an IP address; the route was skipped`,
        source,
      );
      return;
    }
  }
  const v6 = r.v6hint || r.dst.includes(':') || gateways.some((g) => g.includes(':'));
  let prefix: string;
  if (r.dst === 'default') prefix = v6 ? '::/0' : '0.0.0.0/0';
  else {
    const spec = r.dst.includes('/') ? r.dst : `${r.dst}/${r.dst.includes(':') ? 128 : 32}`;
    const parsed = parseAddressSpec(spec);
    if (!parsed.ok || !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(spec)) {
      sink.warning(
        'invalid-value',
        `destination ${quote(r.dst)} is not a prefix; the route was skipped`,
        source,
      );
      return;
    }
    prefix = spec;
  }
  if (hops.length === 0) {
    if (r.gateway === undefined && r.dev === undefined) {
      sink.warning(
        'unsupported-construct',
        `route ${quote(r.dst)} has neither a next hop nor a device; skipped`,
        source,
      );
      return;
    }
    out.push({
      prefix,
      ...(r.gateway ? { nextHop: r.gateway } : {}),
      ...(r.dev ? { interface: r.dev } : {}),
      source,
    });
    return;
  }
  for (const h of hops) {
    out.push({
      prefix,
      ...(h.gateway ? { nextHop: h.gateway } : {}),
      ...(h.dev ? { interface: h.dev } : {}),
      source: h.source,
    });
  }
}

/** The prefix of a discard route's destination (`default`, a prefix, or a host), or null. */
function discardPrefix(dst: string, v6hint: boolean): string | null {
  if (dst === 'default') return v6hint ? '::/0' : '0.0.0.0/0';
  const spec = dst.includes('/') ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`;
  return /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(spec) && parseAddressSpec(spec).ok ? spec : null;
}
