import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ReportDocument, renderHtml, tocEntries } from '../../models/report';
import { CliError } from '../errors';

/**
 * The PDF report: the HTML report printed by a headless Chromium (or Google Chrome) found on the
 * machine or named by `--chromium PATH`. Printed twice: the first print tells on which page
 * each section starts (Chromium writes a named destination for every internal link target),
 * the second fills those page numbers into the table of contents. Page numbers in the margins
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

/** Object number -> the text of its dictionary (PDF files as Skia writes them: no object streams). */
function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = /(?:^|[\r\n])(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  const starts: [number, number][] = [];
  while ((m = re.exec(pdf)) !== null) starts.push([Number(m[1]), m.index + m[0].length]);
  for (const [num, start] of starts) {
    const end = pdf.indexOf('endobj', start);
    const streamAt = pdf.indexOf('stream', start);
    const stop = streamAt >= 0 && streamAt < end ? streamAt : end;
    out.set(num, pdf.slice(start, stop < 0 ? start : stop));
  }
  return out;
}

/** The page (1-based) each named destination is on, from the PDF's /Dests dictionary. */
export function namedDestinationPages(pdfBytes: Buffer): Map<string, number> {
  const pdf = pdfBytes.toString('latin1');
  const objs = objects(pdf);
  const result = new Map<string, number>();
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o));
  const pagesRef = catalog && /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog);
  const destsRef = catalog && /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog);
  if (!pagesRef || !destsRef) return result;
  const order = new Map<number, number>();
  const walk = (num: number, depth: number): void => {
    const o = objs.get(num);
    if (!o || depth > 32) return;
    if (/\/Type\s*\/Pages\b/.test(o)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o);
      for (const k of kids?.[1]?.matchAll(/(\d+)\s+0\s+R/g) ?? []) walk(Number(k[1]), depth + 1);
    } else if (/\/Type\s*\/Page\b/.test(o)) order.set(num, order.size + 1);
  };
  walk(Number(pagesRef[1]), 0);
  const dests = objs.get(Number(destsRef[1])) ?? '';
  for (const m of dests.matchAll(/\/([A-Za-z0-9#_.-]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const page = order.get(Number(m[2]));
    if (page !== undefined)
      result.set(
        m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        page,
      );
  }
  return result;
}

/** `D:20260301120000+00'00'` from an ISO instant. */
function pdfDate(iso: string): string | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/** Sets /CreationDate and /ModDate to the report's date, in place (same length: offsets stay valid). */
export function stampPdfDates(pdf: Buffer, iso: string): Buffer {
  const date = pdfDate(iso);
  if (date === null) return pdf;
  const text = pdf
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) \((D:\d{14}[^)]*)\)/g, (all: string, key: string, old: string) =>
      old.length === date.length ? `/${key} (${date})` : all,
    );
  return Buffer.from(text, 'latin1');
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
    const dests = namedDestinationPages(first);
    const pages: Record<string, number> = {};
    for (const id of ids) {
      const p = dests.get(id);
      if (p !== undefined) pages[id] = p;
    }
    const second = Object.keys(pages).length > 0 ? printToPdf(browser, render(pages), work, 2) : first;
    return stampPdfDates(second, generatedAt);
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
