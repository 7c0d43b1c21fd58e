import type { SourceRef } from '../diagnostics';
import type { ReportDocument, ReportHopDevice } from './document';
import { visibleLine } from './text';

/**
 * The report as CSV tables, one file per table (see docs/report-csv.md): RFC 4180 with CRLF
 * line ends, every cell quoted, UTF-8 with a byte-order mark (so spreadsheet programs read
 * non-ASCII names right). Cells are neutralised per the OWASP CSV-injection guidance: a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms)
 * gets a leading `'`, so no spreadsheet evaluates it as a formula; control characters are shown
 * as visible symbols and every cell stays on one line.
 */

export interface CsvTable {
  /** The file name: `paths.csv`. */
  readonly name: string;
  readonly text: string;
}

type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** One CSV cell: neutralised, visible, quoted. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === 'number' || typeof value === 'boolean') return `"${String(value)}"`;
  let s = FORMULA_START.test(value) ? `'${value}` : value;
  s = visibleLine(s);
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvText(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [head.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

const cites = (rs: readonly (SourceRef | null)[]): string =>
  rs.flatMap((r) => (r ? [`${r.file}:${r.line}`] : [])).join('; ');
const texts = (rs: readonly (SourceRef | null)[]): string =>
  rs.flatMap((r) => (r ? [r.text] : [])).join(' | ');
const devRules = (ds: readonly ReportHopDevice[]): (SourceRef | null)[] => ds.map((d) => d.rule);
const lvl = (l: unknown): string => (l === null || l === undefined ? '' : String(l));

export function renderCsvTables(doc: ReportDocument): CsvTable[] {
  const t = (name: string, head: readonly string[], rows: readonly (readonly Cell[])[]): CsvTable => ({
    name,
    text: csvText(head, rows),
  });
  return [
    t(
      'paths.csv',
      [
        'path_id',
        'severity',
        'path_from',
        'path_to',
        'target_ip',
        'target_level',
        'target_role',
        'hop',
        'hop_from',
        'hop_from_ip',
        'hop_from_zone',
        'hop_to',
        'hop_to_ip',
        'hop_to_zone',
        'service',
        'kind',
        'devices',
        'rules',
        'rule_texts',
        'uncertain',
        'route_assumed',
      ],
      doc.paths.flatMap((p) =>
        p.hops.map((h) => [
          p.id,
          p.severity,
          p.from,
          p.to,
          p.targetIp,
          lvl(p.targetLevel),
          p.targetRole,
          h.index,
          h.from,
          h.fromIp,
          h.fromZone,
          h.to,
          h.toIp,
          h.toZone,
          h.service,
          h.kind,
          h.devices.map((d) => d.device).join('; '),
          cites(devRules(h.devices)),
          texts(devRules(h.devices)),
          h.uncertain,
          h.routeAssumed,
        ]),
      ),
    ),
    t(
      'path-rules.csv',
      ['path_id', 'hop', 'device', 'in', 'out', 'file', 'line', 'text'],
      doc.paths.flatMap((p) =>
        p.hops.flatMap((h) =>
          h.devices.map((d) => [
            p.id,
            h.index,
            d.device,
            d.in,
            d.out,
            d.rule?.file,
            d.rule?.line,
            d.rule?.text,
          ]),
        ),
      ),
    ),
    t(
      'findings.csv',
      ['finding_id', 'category', 'severity', 'code', 'message', 'zones', 'services', 'rules', 'rule_texts'],
      doc.findings.map((f) => [
        f.id,
        f.category,
        f.severity,
        f.code,
        f.message,
        f.zones.join(' -> '),
        f.services,
        cites(f.rules),
        texts(f.rules),
      ]),
    ),
    t(
      'finding-rules.csv',
      ['finding_id', 'file', 'line', 'text'],
      doc.findings.flatMap((f) => f.rules.map((r) => [f.id, r.file, r.line, r.text])),
    ),
    t(
      'egress.csv',
      [
        'gap_id',
        'severity',
        'kind',
        'asset',
        'asset_ip',
        'hosts',
        'zone',
        'level',
        'resolver',
        'resolver_ip',
        'service',
        'message',
        'also_reachable',
        'assumed_endpoint',
        'uncertain',
        'route_assumed',
        'devices',
        'rules',
        'rule_texts',
      ],
      doc.egress.map((g) => [
        g.id,
        g.severity,
        g.kind,
        g.asset,
        g.assetIp,
        g.hosts.length,
        g.zone,
        lvl(g.level),
        g.resolver,
        g.resolverIp,
        g.service,
        g.message,
        g.alsoReachable.join('; '),
        g.assumedEndpoint,
        g.uncertain,
        g.routeAssumed,
        g.devices.map((d) => d.device).join('; '),
        cites(devRules(g.devices)),
        texts(devRules(g.devices)),
      ]),
    ),
    t(
      'zone-matrix.csv',
      ['from', 'to', 'services', 'flat', 'uncertain', 'route_assumed', 'nat_ignored', 'on_path', 'rules'],
      doc.conduits.map((c) => [
        c.from,
        c.to,
        c.services,
        c.flat,
        c.uncertain,
        c.routeAssumed,
        c.natIgnored,
        c.onPath,
        cites(c.rules),
      ]),
    ),
    t(
      'zones.csv',
      ['zone', 'level', 'kind', 'inferred', 'basis', 'segments', 'assets', 'on_path'],
      doc.zones.map((z) => [
        z.name,
        lvl(z.level),
        z.kind,
        z.inferred,
        z.basis,
        z.segments.join('; '),
        z.assets,
        z.onPath,
      ]),
    ),
    t(
      'segments.csv',
      ['segment', 'zone', 'attachments'],
      doc.segments.map((g) => [
        g.id,
        g.zone,
        g.attachments.map((x) => `${x.device}:${x.interface} ${x.address}`).join('; '),
      ]),
    ),
    t(
      'assets.csv',
      ['name', 'ip', 'zone', 'level', 'role', 'criticality', 'segment', 'placeholder'],
      doc.assets.map((a) => [
        a.name,
        a.ip,
        a.zone,
        lvl(a.level),
        a.role,
        a.criticality,
        a.segment,
        a.placeholder,
      ]),
    ),
    t(
      'inputs.csv',
      ['file', 'sha256', 'bytes', 'kind', 'vendor', 'devices'],
      doc.inputs.map((f) => [f.name, f.sha256, f.bytes, f.kind, f.vendor, f.devices.join('; ')]),
    ),
    t(
      'issues.csv',
      ['file', 'line', 'severity', 'code', 'stage', 'message', 'text'],
      doc.issues.map((d) => [
        d.source.file,
        d.source.line,
        d.severity,
        d.code,
        d.stage,
        d.message,
        d.source.text,
      ]),
    ),
    t(
      'assumptions.csv',
      ['kind', 'subject', 'message', 'file', 'line', 'text'],
      doc.assumptions.map((x) => [
        x.kind,
        x.subject,
        x.message,
        x.source?.file,
        x.source?.line,
        x.source?.text,
      ]),
    ),
  ];
}
