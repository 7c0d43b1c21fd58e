import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type ReportDocument,
  namedDestinationPages,
  renderHtml,
  stampPdfDates,
  tocEntries,
} from '../../models/report';
import { CliError } from '../errors';

/**
 * The PDF report: the HTML report printed by a headless Chromium (or Google Chrome) found on the
 * machine or named by `--chromium PATH`. Printed twice: the first print tells on which page
 * each section starts (Chromium writes a named destination for every internal link target),
 * the second fills those page numbers into the table of contents (models/report/pdf-pages.ts,
 * which the app can use on Electron's printToPDF output too). Page numbers in the margins
 * come from the print CSS. The PDF's creation and modification dates are set to the report's
 * date, so the same inputs give the same PDF.
 */

const CANDIDATE_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const CANDIDATE_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The browser to print with: `explicit`, else the first candidate found; a CliError names what was tried. */
export function findChromium(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CANDIDATE_PATHS,
): string {
  if (explicit !== undefined) {
    if (isExecutable(explicit)) return explicit;
    throw new CliError(`--chromium: '${explicit}' is not an executable file`);
  }
  const tried: string[] = [];
  for (const p of candidates) {
    tried.push(p);
    if (isExecutable(p)) return p;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const name of CANDIDATE_NAMES) {
    tried.push(`${name} on PATH`);
    for (const d of dirs) {
      const p = path.join(d, name);
      if (isExecutable(p)) return p;
    }
  }
  throw new CliError(
    `--pdf needs Chromium or Google Chrome to print the report, and none was found (tried ${tried.join(', ')}); install one (Debian: apt-get install chromium) or name it with --chromium PATH`,
  );
}

/** Prints an HTML file to PDF with headless Chromium; returns the PDF's bytes. */
function printToPdf(browser: string, html: string, work: string, n: number): Buffer {
  const htmlPath = path.join(work, `report-${n}.html`);
  const pdfPath = path.join(work, `report-${n}.pdf`);
  fs.writeFileSync(htmlPath, html);
  const args = [
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--no-pdf-header-footer',
    `--user-data-dir=${path.join(work, 'profile')}`,
    `--print-to-pdf=${pdfPath}`,
  ];
  // Chromium refuses to run as root without this; the page is our own file with scripts off.
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  args.push(`file://${htmlPath}`);
  const r = spawnSync(browser, args, {
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw new CliError(`--pdf: could not run ${browser}: ${r.error.message}`);
  if (!fs.existsSync(pdfPath) || fs.statSync(pdfPath).size === 0) {
    const why =
      (r.stderr || '').split('\n').find((l) => /error|fatal/i.test(l) && !/dbus/i.test(l)) ??
      `exit status ${r.status}`;
    throw new CliError(`--pdf: ${browser} did not print the report (${why.trim().slice(0, 200)})`);
  }
  return fs.readFileSync(pdfPath);
}

/**
 * Prints an HTML page with a table of contents to PDF: `render(pages)` gives the HTML with the
 * page of each contents entry (`ids`) filled in when known.
 */
export function printHtmlToPdf(
  render: (pages: Readonly<Record<string, number>>) => string,
  ids: readonly string[],
  generatedAt: string,
  browser: string,
): Buffer {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-pdf-'));
  try {
    // The first print carries page numbers of the final width, so the contents page lays out the same.
    const first = printToPdf(browser, render(Object.fromEntries(ids.map((id) => [id, 888]))), work, 1);
    const dests = namedDestinationPages(first.toString('latin1'));
    const pages: Record<string, number> = {};
    for (const id of ids) {
      const p = dests.get(id);
      if (p !== undefined) pages[id] = p;
    }
    const second = Object.keys(pages).length > 0 ? printToPdf(browser, render(pages), work, 2) : first;
    return Buffer.from(stampPdfDates(second.toString('latin1'), generatedAt), 'latin1');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function renderPdf(doc: ReportDocument, browser: string): Buffer {
  return printHtmlToPdf(
    (pages) => renderHtml(doc, { pages }),
    tocEntries(doc).map((e) => e.id),
    doc.generatedAt,
    browser,
  );
}
