import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import { type JsonNode, items, num, parseJson, prop, str } from '../../import/formats/json';
import { parseAddressSpec } from '../../net';
import { detectHostNetworking } from './detect';
import { type TextLines, jsonTooDeep, looksBinary, quote, stripBom, textLines } from './text';

/** `ip -j` output nests four levels deep at most. */
const MAX_JSON_DEPTH = 32;
import type { HostInterface, HostNetworking } from './types';

interface MutableInterface {
  name: string;
  addresses: string[];
  seen: Set<string>;
  loopback: boolean;
  source: SourceRef;
}

/**
 * Reads `ip addr` (plain text) or `ip -j addr` (JSON, one line or pretty-printed): every
 * interface with its addresses as CIDRs. IPv6 link-local addresses (fe80::/10) are left out: they
 * name no segment beyond the link. A point-to-point address (`inet A peer B/32`) is `A/32`.
 */
export function parseIpAddr(file: string, raw: string): HostNetworking {
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
  if (detectHostNetworking(t.text) === 'ip-route') {
    sink.error('vendor-mismatch', 'this is `ip route` output, not `ip addr`', t.ref(1));
    return none();
  }
  const interfaces = /^\s*[[{]/.test(t.text) ? fromJson(t, sink) : fromText(t, sink);
  return {
    interfaces: interfaces.map(({ seen: _seen, ...i }): HostInterface => i),
    routes: [],
    diagnostics: sink.diagnostics,
  };
}

const IFACE_LINE = /^(\d+):\s+([^\s:@]+)(?:@[^\s:]+)?:\s+<([^>]*)>/;
const IGNORED_DETAIL = /^(?:link\/|valid_lft|altname |vf |alias )/;

function fromText(t: TextLines, sink: DiagnosticSink): MutableInterface[] {
  const out: MutableInterface[] = [];
  let current: MutableInterface | null = null;
  t.lines.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') return;
    const head = IFACE_LINE.exec(line);
    if (head) {
      const flags = head[3]!.split(',');
      current = {
        name: head[2]!,
        addresses: [],
        seen: new Set(),
        loopback: flags.includes('LOOPBACK'),
        source: t.ref(n),
      };
      out.push(current);
      return;
    }
    const trimmed = line.trim();
    const words = trimmed.split(/\s+/);
    if (current === null || !/^\s/.test(line)) {
      sink.warning('unrecognized-line', `not \`ip addr\` output: ${quote(trimmed)}; skipped`, t.ref(n));
      return;
    }
    if (words[0] === 'link/loopback') current.loopback = true;
    if (words[0] === 'inet' || words[0] === 'inet6') {
      const peer = words[2] === 'peer' ? words[3] : undefined;
      addAddress(current, words[0] === 'inet' ? 4 : 6, words[1] ?? '', peer, t.ref(n), sink);
      return;
    }
    if (IGNORED_DETAIL.test(trimmed)) return;
    sink.info('unrecognized-line', `interface detail ${quote(trimmed)} is not used; skipped`, t.ref(n));
  });
  return out;
}

function addAddress(
  iface: MutableInterface,
  family: 4 | 6,
  local: string,
  peer: string | undefined,
  source: SourceRef,
  sink: DiagnosticSink,
): void {
  // `inet A peer B/N`: the prefix length belongs to the peer; A itself is a host address.
  const len =
    peer !== undefined
      ? peer.includes('/')
        ? peer.slice(peer.indexOf('/') + 1)
        : String(family === 4 ? 32 : 128)
      : undefined;
  const spec =
    len !== undefined
      ? `${local.split('/')[0]}/${len}`
      : local.includes('/')
        ? local
        : `${local}/${family === 4 ? 32 : 128}`;
  const parsed = parseAddressSpec(spec);
  const addrPart = spec.slice(0, spec.indexOf('/'));
  const familyOk = family === 4 ? !addrPart.includes(':') : addrPart.includes(':');
  if (!parsed.ok || !familyOk || !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(spec)) {
    sink.warning(
      'invalid-value',
      `${quote(local)} is not an ${family === 4 ? 'IPv4' : 'IPv6'} address with a prefix length; skipped`,
      source,
    );
    return;
  }
  if (family === 6 && /^fe[89ab]/i.test(addrPart)) return;
  if (iface.seen.has(spec)) return;
  iface.seen.add(spec);
  iface.addresses.push(spec);
}

function fromJson(t: TextLines, sink: DiagnosticSink): MutableInterface[] {
  const out: MutableInterface[] = [];
  const deep = jsonTooDeep(t.text, MAX_JSON_DEPTH);
  if (deep !== null) {
    sink.error(
      'malformed-input',
      `the JSON nests deeper than ${MAX_JSON_DEPTH} levels; nothing was read`,
      t.ref(deep),
    );
    return out;
  }
  const doc = parseJson(t.text);
  for (const e of doc.errors) {
    sink.error('malformed-input', `the JSON is not well formed (${e.message})`, t.ref(e.line));
    break;
  }
  const root = doc.root;
  if (root === undefined) return out;
  if (root.type !== 'array') {
    sink.error(
      'vendor-mismatch',
      '`ip -j addr` output is a JSON array of interfaces',
      t.ref(doc.lineOf(root.offset)),
    );
    return out;
  }
  for (const node of items(root)) {
    const line = doc.lineOf(node.offset);
    const name = str(node, 'ifname');
    if (node.type !== 'object' || name === undefined) {
      sink.warning(
        'unrecognized-line',
        'an element without "ifname" is not an interface; skipped',
        t.ref(line),
      );
      continue;
    }
    const flags = items(prop(node, 'flags')).map((f) => String(f.value));
    const iface: MutableInterface = {
      name,
      addresses: [],
      seen: new Set(),
      loopback: flags.includes('LOOPBACK') || str(node, 'link_type') === 'loopback',
      source: t.ref(line),
    };
    out.push(iface);
    for (const a of items(prop(node, 'addr_info'))) {
      readJsonAddress(iface, a, t.ref(doc.lineOf(a.offset)), sink);
    }
  }
  return out;
}

function readJsonAddress(
  iface: MutableInterface,
  a: JsonNode,
  source: SourceRef,
  sink: DiagnosticSink,
): void {
  const family = str(a, 'family');
  const local = str(a, 'local');
  const len = num(a, 'prefixlen');
  if (family !== 'inet' && family !== 'inet6') return;
  if (local === undefined || len === undefined) {
    sink.warning('invalid-value', 'an address without "local" and "prefixlen"; skipped', source);
    return;
  }
  const peer = str(a, 'address');
  addAddress(
    iface,
    family === 'inet' ? 4 : 6,
    peer !== undefined ? local : `${local}/${len}`,
    peer !== undefined ? `${peer}/${len}` : undefined,
    source,
    sink,
  );
}
