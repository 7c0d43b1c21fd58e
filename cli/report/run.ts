import fs from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { VendorId } from '../../models/device';
import type { Diagnostic } from '../../models/diagnostics';
import {
  type ReportDocument,
  type SiteAnalysis,
  buildReport,
  compareReports,
  renderAssetGraphml,
  renderCsvTables,
  renderHtml,
  renderJson,
  renderZoneGraphml,
} from '../../models/report';
import { CliError } from '../errors';
import { writeErr } from '../io/output';
import { beforeReport, writeComparison } from './compare';
import { reportInputs } from './inputs';
import { findChromium, renderPdf } from './pdf';
import { isoSeconds, reportDate, toolVersion } from './version';

/** The report options of `conduit analyze`. */
export interface ReportCliOptions {
  readonly html?: string;
  readonly pdf?: string;
  readonly csv?: string;
  readonly reportJson?: string;
  readonly graphml?: string;
  readonly chromium?: string;
  readonly note?: string;
  readonly title?: string;
  readonly date?: string;
  readonly compare?: string[];
}

export function reportOptions(): Option[] {
  return [
    new Option('--html <out>', 'write the report as one self-contained HTML file'),
    new Option('--pdf <out>', 'write the report as PDF, printed by Chromium from the HTML report'),
    new Option(
      '--csv <folder>',
      'write the report as CSV tables into a folder (paths, path-rules, findings, egress, zone-matrix...)',
    ),
    new Option('--report-json <out>', 'write the whole report as JSON (schema: docs/report-schema.json)'),
    new Option(
      '--graphml <folder>',
      'write zones.graphml and assets.graphml into a folder (yEd, Gephi, Cytoscape)',
    ),
    new Option(
      '--chromium <path>',
      'the Chromium or Chrome to print the PDF with (default: found on the machine)',
    ),
    new Option('--note <text>', "an analyst's note for the report's title page"),
    new Option('--title <text>', "the report's title (default: the site's name)"),
    new Option(
      '--compare <before...>',
      'a before/after report instead: the same analysis of an earlier snapshot of the site (its files or folder, ' +
        'or a report saved with --report-json) against INPUT; put it after INPUT',
    ),
    new Option(
      '--date <iso>',
      "the report's date (default: SOURCE_DATE_EPOCH, else now); the same inputs and date give the same report",
    ),
  ];
}

export const wantsReport = (o: ReportCliOptions): boolean =>
  [o.html, o.pdf, o.csv, o.reportJson, o.graphml, o.compare].some((v) => v !== undefined);

/** Checks the report options before any work: a bad date or a missing browser fails fast (exit 2). */
export function checkReportOptions(o: ReportCliOptions): { date: string; browser: string | null } {
  const date = reportDate(o.date);
  if (typeof date === 'string') throw new CliError(date);
  for (const [flag, value] of [
    ['--html', o.html],
    ['--pdf', o.pdf],
    ['--csv', o.csv],
    ['--report-json', o.reportJson],
    ['--graphml', o.graphml],
  ] as const)
    if (value === '') throw new CliError(`${flag}: an output path is required`);
  if (o.compare !== undefined && o.graphml !== undefined)
    throw new CliError(
      '--graphml: not available with --compare (write the graphs of each snapshot on its own)',
    );
  if (o.compare !== undefined && o.compare.length === 0)
    throw new CliError('--compare: name the earlier snapshot');
  const browser = o.pdf !== undefined ? findChromium(o.chromium) : null;
  return { date: isoSeconds(date), browser };
}

export interface ReportRun {
  readonly inputs: readonly string[];
  readonly vendor?: VendorId;
  readonly issues: readonly Diagnostic[];
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly k?: number;
}

export function buildCliReport(
  run: ReportRun,
  analysis: SiteAnalysis,
  o: ReportCliOptions,
  date: string,
): ReportDocument {
  return buildReport(analysis, {
    inputs: reportInputs(run.inputs, analysis.network, run.vendor),
    toolVersion: toolVersion(),
    generatedAt: date,
    note: o.note ?? null,
    issues: run.issues,
    ...(run.from ? { from: run.from } : {}),
    ...(run.to ? { to: run.to } : {}),
    ...(o.title !== undefined ? { title: o.title } : {}),
  });
}

function write(file: string, data: string | Buffer): void {
  try {
    const dir = path.dirname(file);
    if (dir !== '' && dir !== '.') fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, data);
  } catch (err) {
    throw new CliError(`${file}: cannot write: ${(err as Error).message}`);
  }
  writeErr(`conduit: wrote ${file}\n`);
}

function folder(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new CliError(`${dir}: cannot create the folder: ${(err as Error).message}`);
  }
  return dir;
}

/** Writes every report format asked for. */
export function writeReports(doc: ReportDocument, o: ReportCliOptions, browser: string | null): void {
  if (o.html !== undefined) write(o.html, renderHtml(doc));
  if (o.reportJson !== undefined) write(o.reportJson, renderJson(doc));
  if (o.csv !== undefined) {
    const dir = folder(o.csv);
    for (const t of renderCsvTables(doc)) write(path.join(dir, t.name), t.text);
  }
  if (o.graphml !== undefined) {
    const dir = folder(o.graphml);
    write(path.join(dir, 'zones.graphml'), renderZoneGraphml(doc));
    write(path.join(dir, 'assets.graphml'), renderAssetGraphml(doc));
  }
  if (o.pdf !== undefined && browser !== null) write(o.pdf, renderPdf(doc, browser));
}

/**
 * Everything `conduit analyze` was asked to write: the site report in each format, or with
 * --compare the before/after comparison (its statement also goes to stderr).
 */
export function produceReports(
  run: ReportRun,
  analysis: SiteAnalysis,
  o: ReportCliOptions,
  checked: { date: string; browser: string | null },
): void {
  const build = (r: ReportRun, a: SiteAnalysis): ReportDocument => buildCliReport(r, a, o, checked.date);
  const after = build(run, analysis);
  if (o.compare === undefined) {
    writeReports(after, o, checked.browser);
    return;
  }
  const before = beforeReport(o.compare, run, build);
  const comparison = compareReports(before, after, {
    generatedAt: checked.date,
    toolVersion: toolVersion(),
    note: o.note ?? null,
    ...(o.title !== undefined ? { title: o.title } : {}),
  });
  writeErr(`conduit: before/after: ${comparison.statement}\n`);
  writeComparison(comparison, o, checked.browser, write, folder);
}
