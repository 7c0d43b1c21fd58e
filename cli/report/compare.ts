import fs from 'node:fs';
import { SelectorError } from '../../models/paths';
import {
  REPORT_FORMAT,
  type ReportComparison,
  type ReportDocument,
  analyzeSite,
  comparisonTocEntries,
  renderComparisonCsv,
  renderComparisonHtml,
  renderComparisonJson,
} from '../../models/report';
import { CliError } from '../errors';
import { loadInputs } from '../load';
import { printHtmlToPdf } from './pdf';
import type { ReportCliOptions, ReportRun } from './run';

/** A report saved with --report-json, or null when the file is not one. */
function savedReport(file: string): ReportDocument | null {
  if (!/\.json$/i.test(file)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== REPORT_FORMAT)
    return null;
  const d = doc as Record<string, unknown>;
  for (const key of ['paths', 'findings', 'egress', 'conduits', 'targets', 'inputs'])
    if (!Array.isArray(d[key]))
      throw new CliError(`${file}: not a complete conduit report (no '${key}' list)`);
  return doc as ReportDocument;
}

/**
 * The report of the earlier snapshot: a saved report, or the same analysis (same footholds,
 * targets and k) of the earlier files.
 */
export function beforeReport(
  args: readonly string[],
  run: ReportRun,
  build: (run: ReportRun, analysis: ReturnType<typeof analyzeSite>) => ReportDocument,
): ReportDocument {
  if (args.length === 1) {
    const saved = savedReport(args[0]!);
    if (saved) return saved;
  }
  const loaded = loadInputs(args, run.vendor);
  try {
    const analysis = analyzeSite(loaded.network, loaded.issues, {
      ...(run.from ? { from: run.from } : {}),
      ...(run.to ? { to: run.to } : {}),
      ...(run.k !== undefined ? { k: run.k } : {}),
    });
    return build({ ...run, inputs: args, issues: loaded.issues }, analysis);
  } catch (e) {
    if (e instanceof SelectorError) throw new CliError(`--compare: in the earlier snapshot, ${e.message}`);
    throw e;
  }
}

export function writeComparison(
  c: ReportComparison,
  o: ReportCliOptions,
  browser: string | null,
  write: (file: string, data: string | Buffer) => void,
  folder: (dir: string) => string,
): void {
  if (o.html !== undefined) write(o.html, renderComparisonHtml(c));
  if (o.reportJson !== undefined) write(o.reportJson, renderComparisonJson(c));
  if (o.csv !== undefined) {
    const t = renderComparisonCsv(c);
    write(`${folder(o.csv)}/${t.name}`, t.text);
  }
  if (o.pdf !== undefined && browser !== null)
    write(
      o.pdf,
      printHtmlToPdf(
        (pages) => renderComparisonHtml(c, { pages }),
        comparisonTocEntries(c).map((e) => e.id),
        c.generatedAt,
        browser,
      ),
    );
}
