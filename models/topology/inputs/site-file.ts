import { type Document, LineCounter, type Node, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import { parseAddress, parseAddressSpec } from '../../net';
import { type TextLines, jsonTooDeep, looksBinary, quote, stripBom, textLines } from './text';
import {
  PURDUE_LEVELS,
  type PurdueLevel,
  type SiteConduit,
  type SiteFile,
  type SiteFileResult,
  type SitePivot,
  type SiteZone,
  type Sited,
  type ZoneKind,
} from './types';
import { normaliseRole, parseConduitService, parsePurdueLevel } from './vocabulary';

/** The keys each object of the site file knows (site-file.schema.json lists the same). */
export const SITE_FILE_KEYS = {
  top: [
    '$schema',
    'name',
    'zones',
    'internet',
    'resolvers',
    'conduits',
    'footholds',
    'targets',
    'jumpHosts',
    'pivots',
  ],
  zone: ['name', 'level', 'kind', 'segments', 'interfaces', 'deviceZones', 'description'],
  conduit: ['from', 'to', 'services', 'bidirectional', 'description'],
  pivot: ['service', 'roles'],
} as const;

export const ZONE_KINDS: readonly ZoneKind[] = ['it', 'ot', 'dmz', 'internet'];
/** The zone every address outside the declared segments belongs to; conduits may name it. */
export const INTERNET_ZONE_NAME = 'internet';

type YNode = Node | null | undefined;

/** Syntax errors listed one by one; past this, one diagnostic counts the rest. */
const MAX_SYNTAX_ERRORS = 20;
/** A site file nests four levels deep; far deeper flow collections are refused before parsing. */
const MAX_FLOW_DEPTH = 64;

class SiteReader {
  readonly sink = new DiagnosticSink('topology');
  constructor(
    readonly t: TextLines,
    readonly lc: LineCounter,
    readonly doc: Document,
  ) {}

  ref(node: YNode): SourceRef {
    const offset = node?.range?.[0];
    return this.t.ref(offset === undefined ? 1 : this.lc.linePos(offset).line);
  }

  /** An alias to a scalar is read as that scalar; aliases to collections are not expanded. */
  deref(node: YNode): Node | null | undefined {
    if (node === null || node === undefined || !isAlias(node)) return node as Node | null | undefined;
    const target = node.resolve(this.doc);
    if (target !== undefined && isScalar(target)) return target;
    this.sink.warning(
      'unsupported-construct',
      `alias *${node.source} to a list or mapping is not expanded; the value was ignored`,
      this.ref(node),
    );
    return null;
  }

  /** The pairs of a mapping, warning about keys not in `known`. */
  entries(
    node: Node,
    known: readonly string[],
    what: string,
  ): Map<string, { key: Node; value: Node | null | undefined }> {
    const out = new Map<string, { key: Node; value: Node | null | undefined }>();
    if (!isMap(node)) return out;
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null || !known.includes(key)) {
        this.sink.warning(
          'unrecognized-line',
          `unknown key ${key === null ? '(not a scalar)' : quote(key, 40)} in ${what} (known: ${known.filter((k) => k !== '$schema').join(', ')}); ignored`,
          this.ref(keyNode),
        );
        continue;
      }
      const value = this.deref(pair.value as Node | null);
      // An alias that was not expanded has been reported; the key is left out.
      if (value === null && isAlias(pair.value)) continue;
      out.set(key, { key: keyNode, value });
    }
    return out;
  }

  wrongType(node: YNode, what: string, expected: string): void {
    this.sink.error('invalid-value', `${what} must be ${expected}, not ${describe(node)}`, this.ref(node));
  }

  string(node: Node | null | undefined, what: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string') return node.value.trim();
    this.wrongType(node, what, 'a string');
    return undefined;
  }

  /** A list of strings, each checked by `check` (an error message, or null when fine). */
  strings(
    node: Node | null | undefined,
    what: string,
    check?: (s: string) => string | null,
  ): Sited<string>[] {
    const out: Sited<string>[] = [];
    if (!isSeq(node)) {
      this.wrongType(node, what, 'a list');
      return out;
    }
    for (const item of node.items) {
      const el = this.deref(item as Node);
      if (!(isScalar(el) && typeof el.value === 'string')) {
        this.wrongType(el ?? (item as Node), `each of ${what}`, 'a string');
        continue;
      }
      const value = el.value.trim();
      const problem = check?.(value) ?? null;
      if (problem !== null) {
        this.sink.error('invalid-value', `${what}: ${problem}; ignored`, this.ref(el));
        continue;
      }
      out.push({ value, source: this.ref(el) });
    }
    return out;
  }

  list(node: Node | null | undefined, what: string): Node[] {
    if (!isSeq(node)) {
      this.wrongType(node, what, 'a list');
      return [];
    }
    return node.items
      .map((i) => this.deref(i as Node))
      .filter((i): i is Node => i !== null && i !== undefined);
  }
}

function describe(node: YNode): string {
  if (node === null || node === undefined) return 'empty';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'empty';
    if (typeof v === 'string') return `the string ${quote(v, 40)}`;
    return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : 'the value'} ${quote(String(v), 40)}`;
  }
  return 'an alias';
}

const CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

export function checkCidr(s: string): string | null {
  if (!CIDR.test(s)) return `${quote(s)} is not a CIDR (address/length)`;
  const p = parseAddressSpec(s);
  return p.ok ? null : `${quote(s)} is not a CIDR (${p.error})`;
}

export function checkIp(s: string): string | null {
  return parseAddress(s).ok ? null : `${quote(s)} is not an IP address`;
}

const DEVICE_REF = /^[^:\s]+:\S.*$/;

/** Selectors that look like an address must be one (or a CIDR); names are checked later. */
export function checkSelector(s: string): string | null {
  if (s === '') return 'an empty selector';
  if (/^[0-9.]+(?:\/\d+)?$/.test(s) || (/^[0-9a-fA-F:]+(?:\/\d+)?$/.test(s) && s.includes(':'))) {
    return s.includes('/') ? checkCidr(s) : checkIp(s);
  }
  return null;
}

/**
 * Reads a site file (YAML, or JSON, which is YAML too): zones, conduits, the attacker model.
 * Every problem is a diagnostic citing its line: wrong types and bad values are errors (the
 * value is ignored, the rest read), unknown keys warnings. Null when the file is not a mapping.
 */
export function parseSiteFile(file: string, raw: string): SiteFileResult {
  const t = textLines(file, stripBom(raw));
  const lc = new LineCounter();
  const sinkOnly = new DiagnosticSink('topology');
  if (looksBinary(t.text)) {
    sinkOnly.error('binary-input', 'the file is not text', t.ref(1));
    return { site: null, diagnostics: sinkOnly.diagnostics };
  }
  const deep = jsonTooDeep(t.text, MAX_FLOW_DEPTH);
  if (deep !== null) {
    sinkOnly.error(
      'malformed-input',
      `brackets nest deeper than ${MAX_FLOW_DEPTH} levels; nothing was read`,
      t.ref(deep),
    );
    return { site: null, diagnostics: sinkOnly.diagnostics };
  }
  const doc = parseDocument(t.text, { lineCounter: lc, prettyErrors: false, keepSourceTokens: false });
  const r = new SiteReader(t, lc, doc);
  for (const e of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    r.sink.error('malformed-input', `not valid YAML/JSON: ${e.message}`, t.ref(lc.linePos(e.pos[0]).line));
  }
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    const next = doc.errors[MAX_SYNTAX_ERRORS]!;
    r.sink.error(
      'malformed-input',
      `${doc.errors.length - MAX_SYNTAX_ERRORS} more syntax errors from here on were not listed`,
      t.ref(lc.linePos(next.pos[0]).line),
    );
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    if (doc.errors.length === 0) r.sink.warning('empty-input', 'the site file is empty', t.ref(1));
    return { site: null, diagnostics: r.sink.diagnostics };
  }
  if (!isMap(root)) {
    r.wrongType(root, 'the site file', 'a mapping of keys (name, zones, conduits...)');
    return { site: null, diagnostics: r.sink.diagnostics };
  }
  const top = r.entries(root, SITE_FILE_KEYS.top, 'the site file');
  const v = (k: string): Node | null | undefined => top.get(k)?.value;

  let name: string | undefined;
  if (top.has('name')) name = r.string(v('name'), 'name');
  if (top.has('$schema')) r.string(v('$schema'), '$schema');

  // Keyed by name: a later declaration replaces the earlier one and takes its own place.
  const zoneMap = new Map<string, SiteZone>();
  if (top.has('zones')) {
    for (const z of r.list(v('zones'), 'zones')) {
      const zone = readZone(r, z);
      if (zone === null) continue;
      const earlier = zoneMap.get(zone.name);
      if (earlier !== undefined) {
        r.sink.error(
          'duplicate-definition',
          `zone ${quote(zone.name, 40)} is already declared at line ${earlier.source.line}; this later declaration replaces it`,
          zone.source,
        );
        zoneMap.delete(zone.name);
      }
      zoneMap.set(zone.name, zone);
    }
  }
  const zones = [...zoneMap.values()];
  const zoneNames = new Set([...zones.map((z) => z.name), INTERNET_ZONE_NAME]);

  const conduits: SiteConduit[] = [];
  if (top.has('conduits')) {
    for (const c of r.list(v('conduits'), 'conduits')) {
      const conduit = readConduit(r, c, zoneNames);
      if (conduit !== null) conduits.push(conduit);
    }
  }
  let pivots: SitePivot[] | undefined;
  if (top.has('pivots')) {
    pivots = [];
    for (const p of r.list(v('pivots'), 'pivots')) {
      const pivot = readPivot(r, p);
      if (pivot !== null) pivots.push(pivot);
    }
  }
  const site: SiteFile = {
    file,
    ...(name !== undefined ? { name } : {}),
    zones,
    ...(top.has('internet') ? { internet: r.strings(v('internet'), 'internet', checkCidr) } : {}),
    resolvers: top.has('resolvers') ? r.strings(v('resolvers'), 'resolvers', checkIp) : [],
    conduits,
    footholds: top.has('footholds') ? r.strings(v('footholds'), 'footholds', checkSelector) : [],
    targets: top.has('targets') ? r.strings(v('targets'), 'targets', checkSelector) : [],
    jumpHosts: top.has('jumpHosts') ? r.strings(v('jumpHosts'), 'jumpHosts', checkSelector) : [],
    ...(pivots !== undefined ? { pivots } : {}),
  };
  return { site, diagnostics: byLine(r.sink.diagnostics) };
}

/** Diagnostics in line order (stable), as a reader goes through the file. */
function byLine<T extends { source: SourceRef }>(list: readonly T[]): T[] {
  return list
    .map((d, i) => [d, i] as const)
    .sort((a, b) => a[0].source.line - b[0].source.line || a[1] - b[1])
    .map(([d]) => d);
}

function readZone(r: SiteReader, node: Node): SiteZone | null {
  if (!isMap(node)) {
    r.wrongType(node, 'each zone', 'a mapping (name, level, kind, segments...)');
    return null;
  }
  const e = r.entries(node, SITE_FILE_KEYS.zone, 'a zone');
  const nameEntry = e.get('name');
  if (nameEntry === undefined) {
    r.sink.error('invalid-value', 'a zone without a name was ignored', r.ref(node));
    return null;
  }
  const name = r.string(nameEntry.value, 'a zone name');
  if (name === undefined || name === '') {
    if (name === '')
      r.sink.error('invalid-value', 'a zone name is empty; the zone was ignored', r.ref(nameEntry.value));
    return null;
  }
  const what = `zone ${quote(name, 40)}`;
  let level: PurdueLevel | undefined;
  const levelEntry = e.get('level');
  if (levelEntry !== undefined) {
    const ln = levelEntry.value;
    const value = isScalar(ln) ? ln.value : undefined;
    if ((typeof value === 'number' || value === 'internet') && PURDUE_LEVELS.includes(value as PurdueLevel)) {
      level = value as PurdueLevel;
    } else {
      const hint = value !== undefined && value !== null ? parsePurdueLevel(String(value)) : null;
      r.sink.error(
        'invalid-value',
        `${what}: ${describe(ln)} is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5 or internet)${hint !== null ? `; write ${hint === 'internet' ? 'internet' : hint}` : ''}`,
        r.ref(ln ?? levelEntry.key),
      );
    }
  }
  let kind: ZoneKind | undefined;
  const kindEntry = e.get('kind');
  if (kindEntry !== undefined) {
    const kn = kindEntry.value;
    if (
      isScalar(kn) &&
      typeof kn.value === 'string' &&
      (ZONE_KINDS as readonly string[]).includes(kn.value)
    ) {
      kind = kn.value as ZoneKind;
    } else {
      r.sink.error(
        'invalid-value',
        `${what}: kind must be one of ${ZONE_KINDS.join(', ')}, not ${describe(kn)}`,
        r.ref(kn ?? kindEntry.key),
      );
    }
  }
  const list = (key: string, check: (s: string) => string | null): string[] =>
    e.has(key) ? r.strings(e.get(key)!.value, `${what} ${key}`, check).map((s) => s.value) : [];
  const segments = list('segments', checkCidr);
  for (const key of ['segments'] as const) {
    for (const s of segments) {
      const p = parseAddressSpec(s);
      if (p.ok && p.value.hostBits) {
        r.sink.info(
          'invalid-value',
          `${what} ${key}: ${quote(s)} has host bits set beyond its prefix length`,
          r.ref(e.get(key)!.value),
        );
      }
    }
  }
  const interfaces = list('interfaces', (s) =>
    DEVICE_REF.test(s) ? null : `${quote(s)} is not device:interface`,
  );
  const deviceZones = list('deviceZones', (s) =>
    DEVICE_REF.test(s) ? null : `${quote(s)} is not device:zone or *:zone`,
  );
  let description: string | undefined;
  if (e.has('description')) description = r.string(e.get('description')!.value, `${what} description`);
  return {
    name,
    ...(level !== undefined ? { level } : {}),
    ...(kind !== undefined ? { kind } : {}),
    segments,
    interfaces,
    deviceZones,
    ...(description !== undefined ? { description } : {}),
    source: r.ref(node),
  };
}

function readConduit(r: SiteReader, node: Node, zones: ReadonlySet<string>): SiteConduit | null {
  if (!isMap(node)) {
    r.wrongType(node, 'each conduit', 'a mapping (from, to, services...)');
    return null;
  }
  const e = r.entries(node, SITE_FILE_KEYS.conduit, 'a conduit');
  const ends: Record<'from' | 'to', string | undefined> = { from: undefined, to: undefined };
  for (const k of ['from', 'to'] as const) {
    const entry = e.get(k);
    if (entry === undefined) {
      r.sink.error('invalid-value', `a conduit without '${k}' was ignored`, r.ref(node));
      return null;
    }
    const s = r.string(entry.value, `conduit '${k}'`);
    if (s === undefined) return null;
    if (!zones.has(s)) {
      r.sink.warning(
        'undefined-reference',
        `conduit '${k}' names zone ${quote(s, 40)}, which the site file does not declare`,
        r.ref(entry.value),
      );
    }
    ends[k] = s;
  }
  const servicesEntry = e.get('services');
  if (servicesEntry === undefined) {
    r.sink.error(
      'invalid-value',
      `the conduit ${ends.from} -> ${ends.to} has no services; it was ignored`,
      r.ref(node),
    );
    return null;
  }
  const services = r
    .strings(servicesEntry.value, 'conduit services', (s) =>
      parseConduitService(s) === null
        ? `${quote(s)} is not a service (tcp/443, udp/53, tcp/5900-5903, icmp, or a name such as https)`
        : null,
    )
    .map((s) => s.value);
  if (isSeq(servicesEntry.value) && servicesEntry.value.items.length === 0) {
    r.sink.error(
      'invalid-value',
      `the conduit ${ends.from} -> ${ends.to} lists no services`,
      r.ref(servicesEntry.value),
    );
  }
  let bidirectional = false;
  const bi = e.get('bidirectional');
  if (bi !== undefined) {
    if (isScalar(bi.value) && typeof bi.value.value === 'boolean') bidirectional = bi.value.value;
    else r.wrongType(bi.value ?? bi.key, 'conduit bidirectional', 'true or false');
  }
  let description: string | undefined;
  if (e.has('description')) description = r.string(e.get('description')!.value, 'conduit description');
  return {
    from: ends.from!,
    to: ends.to!,
    services,
    bidirectional,
    ...(description !== undefined ? { description } : {}),
    source: r.ref(node),
  };
}

function readPivot(r: SiteReader, node: Node): SitePivot | null {
  if (!isMap(node)) {
    r.wrongType(node, 'each pivot', 'a mapping (service, roles)');
    return null;
  }
  const e = r.entries(node, SITE_FILE_KEYS.pivot, 'a pivot');
  const se = e.get('service');
  if (se === undefined) {
    r.sink.error('invalid-value', 'a pivot without a service was ignored', r.ref(node));
    return null;
  }
  const service = r.string(se.value, 'pivot service');
  if (service === undefined) return null;
  if (parseConduitService(service) === null) {
    r.sink.error(
      'invalid-value',
      `pivot service ${quote(service)} is not a service (tcp/22, rdp, ssh...); the pivot was ignored`,
      r.ref(se.value),
    );
    return null;
  }
  let roles: string[] | undefined;
  if (e.has('roles')) {
    roles = r
      .strings(e.get('roles')!.value, 'pivot roles', (s) => (s === '' ? 'an empty role' : null))
      .map((s) => normaliseRole(s.value) ?? s.value);
  }
  return { service, ...(roles !== undefined ? { roles } : {}), source: r.ref(node) };
}
