import Papa from 'papaparse';
import { DiagnosticSink, type SourceRef } from '../../diagnostics';
import { formatAddress, parseAddress } from '../../net';
import { looksBinary, quote, stripBom, textLines } from './text';
import type { AssetRecord, InventoryResult, OfferedService, PurdueLevel } from './types';
import {
  normaliseRole,
  own,
  parseOfferedService,
  parsePurdueLevel,
  serviceTokens,
  setOwn,
} from './vocabulary';

/** The documented columns of an inventory CSV. */
export type InventoryColumn =
  'ip' | 'name' | 'role' | 'zone' | 'purdue_level' | 'criticality' | 'notes' | 'services';

/** Header spellings (lower case, spaces, underscores, hyphens and dots removed) per column. */
const HEADER_SYNONYMS: Readonly<Record<string, InventoryColumn>> = {
  ip: 'ip',
  ipaddress: 'ip',
  ipaddr: 'ip',
  address: 'ip',
  ipv4: 'ip',
  ipv4address: 'ip',
  ipv6: 'ip',
  ipv6address: 'ip',
  hostip: 'ip',
  name: 'name',
  hostname: 'name',
  host: 'name',
  devicename: 'name',
  assetname: 'name',
  device: 'name',
  asset: 'name',
  role: 'role',
  type: 'role',
  devicetype: 'role',
  assettype: 'role',
  devicerole: 'role',
  zone: 'zone',
  securityzone: 'zone',
  networkzone: 'zone',
  purduelevel: 'purdue_level',
  purdue: 'purdue_level',
  level: 'purdue_level',
  criticality: 'criticality',
  priority: 'criticality',
  notes: 'notes',
  note: 'notes',
  comment: 'notes',
  comments: 'notes',
  description: 'notes',
  services: 'services',
  service: 'services',
  ports: 'services',
  openports: 'services',
};

export function inventoryColumn(header: string): InventoryColumn | undefined {
  return own(
    HEADER_SYNONYMS,
    header
      .trim()
      .toLowerCase()
      .replace(/[\s_.-]+/g, ''),
  );
}

interface MutableAsset {
  ip: string;
  name?: string;
  role?: string;
  zone?: string;
  purdueLevel?: PurdueLevel;
  criticality?: string;
  notes?: string;
  services: OfferedService[];
  /** `proto/port` of the services, for de-duplication in linear time. */
  serviceKeys: Set<string>;
  extra: Record<string, string>;
  source: SourceRef;
  row: number;
}

/**
 * Reads an asset inventory CSV (`,`, `;` or tab separated; a UTF-8 byte order mark and Excel's
 * `sep=;` first line are understood). Bad rows are diagnostics naming their row and line; the
 * other rows still load. A row repeating an IP merges into the first: later non-empty values win,
 * services and extra columns are added. Cells are data, never interpreted (formulas, HTML).
 */
export function parseInventoryCsv(file: string, raw: string): InventoryResult {
  const sink = new DiagnosticSink('topology');
  const original = textLines(file, stripBom(raw));
  // papaparse reads one newline; line numbers only count `\n`, so dropping the `\r` of CRLF
  // keeps every offset's line. Quotes come from the original lines.
  const normalised = textLines(file, original.text.replace(/\r\n/g, '\n'));
  const t = { ...normalised, lines: original.lines, ref: original.ref };
  if (looksBinary(t.text)) {
    sink.error('binary-input', 'the file is not text', t.ref(1));
    return { assets: [], diagnostics: sink.diagnostics };
  }
  let text = t.text;
  let offsetBase = 0;
  let delimiter: string | undefined;
  const sep = /^sep=(.)\n/i.exec(text);
  if (sep) {
    delimiter = sep[1]!;
    offsetBase = sep[0].length;
    text = text.slice(offsetBase);
  }
  if (text.trim() === '') {
    sink.warning('empty-input', 'the inventory holds no rows', t.ref(1));
    return { assets: [], diagnostics: sink.diagnostics };
  }
  delimiter ??= guessDelimiter(text);

  let header: { columns: (InventoryColumn | undefined)[]; names: string[]; line: number } | null = null;
  const assets: MutableAsset[] = [];
  const byIp = new Map<string, MutableAsset>();
  let prevEnd = -1;
  let row = 0;
  let aborted = false;
  Papa.parse<string[]>(text, {
    delimiter,
    // Classic Mac line ends (`\r` alone, old Excel for Mac): rows split, all on line 1.
    newline: !text.includes('\n') && text.includes('\r') ? '\r' : '\n',
    skipEmptyLines: false,
    step: (result, parser) => {
      const start = prevEnd < 0 ? 0 : prevEnd + 1;
      prevEnd = result.meta.cursor;
      const line = t.lineOf(offsetBase + Math.min(start, text.length));
      const endLine = t.lineOf(offsetBase + Math.max(start, Math.min(result.meta.cursor, text.length) - 1));
      const fields = result.data.map((f) => String(f).trim());
      row++;
      if (fields.every((f) => f === '')) return;
      const source = t.ref(line, endLine);
      for (const e of result.errors) {
        if (e.code === 'MissingQuotes') {
          sink.error(
            'malformed-input',
            `row ${row}: a quoted field is never closed; the rest of the file could not be read`,
            source,
          );
          aborted = true;
          parser.abort();
          return;
        }
        sink.warning(
          'malformed-input',
          `row ${row}: ${e.message.toLowerCase()}; the row was read as it stands`,
          source,
        );
      }
      if (fields[0]!.startsWith('#')) return;
      if (header === null) {
        header = readHeader(fields, line, sink, source);
        return;
      }
      const asset = readRow(fields, header, row, source, sink);
      if (asset === null) return;
      const first = byIp.get(asset.ip);
      if (first === undefined) {
        byIp.set(asset.ip, asset);
        assets.push(asset);
      } else mergeAsset(first, asset, sink);
    },
  });
  if (header === null && !aborted) {
    sink.warning('empty-input', 'the inventory has no header row', t.ref(1));
  }
  return { assets: assets.map(freeze), diagnostics: sink.diagnostics };
}

function guessDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of first) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

function readHeader(
  fields: string[],
  line: number,
  sink: DiagnosticSink,
  source: SourceRef,
): { columns: (InventoryColumn | undefined)[]; names: string[]; line: number } | null {
  const seen = new Set<InventoryColumn>();
  const columns = fields.map((f) => {
    const c = inventoryColumn(f);
    if (c === undefined) return undefined;
    if (seen.has(c)) {
      sink.warning(
        'duplicate-definition',
        `column ${quote(f)} is a second ${c} column; it is kept as an extra column`,
        source,
      );
      return undefined;
    }
    seen.add(c);
    return c;
  });
  if (!seen.has('ip')) {
    sink.error(
      'unrecognized-line',
      'the header names no ip column (ip, ip address, ipv4...); no asset could be read',
      source,
    );
  }
  return { columns, names: fields, line };
}

function readRow(
  fields: string[],
  header: { columns: (InventoryColumn | undefined)[]; names: string[] },
  row: number,
  source: SourceRef,
  sink: DiagnosticSink,
): MutableAsset | null {
  const ipIndex = header.columns.indexOf('ip');
  if (ipIndex < 0) return null;
  const cell = (c: InventoryColumn): string => {
    const i = header.columns.indexOf(c);
    return i < 0 ? '' : (fields[i] ?? '');
  };
  const ipText = cell('ip');
  if (ipText === '') {
    sink.error('invalid-value', `row ${row}: no ip address; the row was skipped`, source);
    return null;
  }
  const ip = readIp(ipText);
  if (typeof ip !== 'string') {
    sink.error(ip.code, `row ${row}: ${ip.message}; the row was skipped`, source);
    return null;
  }
  if (ipText.includes('/')) {
    sink.info('lossy-conversion', `row ${row}: the prefix length of ${quote(ipText)} was dropped`, source);
  }
  const asset: MutableAsset = { ip, services: [], serviceKeys: new Set(), extra: {}, source, row };
  const name = cell('name');
  if (name !== '') asset.name = name;
  const role = normaliseRole(cell('role'));
  if (role !== undefined) asset.role = role;
  const zone = cell('zone');
  if (zone !== '') asset.zone = zone;
  const levelText = cell('purdue_level');
  if (levelText !== '') {
    const level = parsePurdueLevel(levelText);
    if (level === null) {
      sink.error(
        'invalid-value',
        `row ${row}: ${quote(levelText)} is not a Purdue level (0-5, 3.5, L2, DMZ, enterprise, internet); the asset has no level`,
        source,
      );
    } else asset.purdueLevel = level;
  }
  const criticality = cell('criticality');
  if (criticality !== '') asset.criticality = criticality;
  const notes = cell('notes');
  if (notes !== '') asset.notes = notes;
  for (const token of serviceTokens(cell('services'))) {
    const s = parseOfferedService(token);
    if (s === null) {
      sink.warning(
        'invalid-value',
        `row ${row}: service ${quote(token)} is not proto/port (tcp/502) or port/proto (502/tcp); it was skipped`,
        source,
      );
    } else addService(asset, s);
  }
  for (let i = 0; i < fields.length; i++) {
    if (header.columns[i] !== undefined || fields[i] === '') continue;
    const key = i < header.names.length && header.names[i] !== '' ? header.names[i]! : `column ${i + 1}`;
    if (i >= header.names.length) {
      sink.warning(
        'unrecognized-line',
        `row ${row}: field ${i + 1} has no header; it is kept as extra '${key}'`,
        source,
      );
    }
    setOwn(asset.extra, key, fields[i]!);
  }
  return asset;
}

function readIp(text: string): string | { code: 'invalid-value' | 'hostname-address'; message: string } {
  const bare = text.includes('/') ? text.slice(0, text.indexOf('/')) : text;
  const a = parseAddress(bare);
  if (a.ok) {
    if (text.includes('/') && !/^\d{1,3}$/.test(text.slice(text.indexOf('/') + 1)))
      return { code: 'invalid-value', message: `${quote(text)} is not an IP address` };
    return formatAddress(a.value);
  }
  if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/i.test(text) && /[a-z]/i.test(text)) {
    return { code: 'hostname-address', message: `${quote(text)} is a host name, not an IP address` };
  }
  return { code: 'invalid-value', message: `${quote(text)} is not an IP address` };
}

function addService(asset: MutableAsset, s: OfferedService): void {
  const key = `${s.proto}/${s.port}`;
  if (asset.serviceKeys.has(key)) return;
  asset.serviceKeys.add(key);
  asset.services.push(s);
}

const FIELDS = ['name', 'role', 'zone', 'purdueLevel', 'criticality', 'notes'] as const;

function mergeAsset(into: MutableAsset, later: MutableAsset, sink: DiagnosticSink): void {
  const conflicts: string[] = [];
  for (const f of FIELDS) {
    const v = later[f];
    if (v === undefined) continue;
    if (into[f] !== undefined && into[f] !== v) conflicts.push(f === 'purdueLevel' ? 'purdue_level' : f);
    (into as unknown as Record<string, unknown>)[f] = v;
  }
  for (const s of later.services) {
    addService(into, s);
  }
  for (const [k, v] of Object.entries(later.extra)) {
    const old = own(into.extra, k);
    if (old !== undefined && old !== v) conflicts.push(k);
    setOwn(into.extra, k, v);
  }
  const where = `row ${later.row} repeats ${into.ip} of row ${into.row} (line ${into.source.line})`;
  if (conflicts.length > 0) {
    sink.warning(
      'duplicate-definition',
      `${where}; merged, this row's ${conflicts.map((c) => quote(c, 30)).join(', ')} replace the earlier values`,
      later.source,
    );
  } else
    sink.info('duplicate-definition', `${where}; merged (services and empty fields added)`, later.source);
}

function freeze(a: MutableAsset): AssetRecord {
  const { row: _row, serviceKeys: _keys, ...rest } = a;
  return rest;
}
