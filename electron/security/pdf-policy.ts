import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';

/**
 * How a report is printed to PDF: a hidden, sandboxed window with JavaScript off, in its own
 * in-memory session, that may load exactly one file (the report written to a private temp
 * folder) plus the data: URLs inlined in it, and nothing else. Pure (types-only `electron`
 * import), unit-tested.
 */

/** The window the report is rendered in: never shown, no preload, no scripts, no Node. */
export function pdfWindowOptions(partition: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: {
      partition,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      images: true,
    },
  };
}

/** A private, non-persistent session per print (no "persist:" prefix: nothing reaches the disk). */
export function pdfPartition(id: string): string {
  return `conduit-pdf-${id}`;
}

/**
 * Chromium's own footer, "page / pages", for HTML that does not number its pages. Conduit's
 * reports number their pages in CSS (@page margin boxes, as the CLI prints them), and with
 * Chromium's header and footer on as well every page would carry its number twice (checked
 * with Debian's Chromium through the same Page.printToPDF call Electron makes). The header
 * stays empty: Chromium's default would print the page title and the temp file's URL.
 * Templates use inline styles only: they are rendered apart from the document.
 */
export const PDF_HEADER_TEMPLATE = '<div></div>';
export const PDF_FOOTER_TEMPLATE =
  '<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif;">' +
  '<span class="pageNumber"></span> / <span class="totalPages"></span></div>';

/** Whether the HTML's print CSS numbers its pages itself (`counter(page)` in a margin box). */
export function numbersOwnPages(html: string): boolean {
  return /counter\(\s*page\s*\)/i.test(html);
}

export function pdfPrintOptions(html: string): PrintToPDFOptions {
  const ownNumbers = numbersOwnPages(html);
  return {
    pageSize: 'A4',
    landscape: false,
    printBackground: true,
    displayHeaderFooter: !ownNumbers,
    ...(ownNumbers ? {} : { headerTemplate: PDF_HEADER_TEMPLATE, footerTemplate: PDF_FOOTER_TEMPLATE }),
    // Inches; used where the page's CSS sets none. The bottom one leaves room for the footer.
    margins: { top: 0.5, bottom: 0.6, left: 0.5, right: 0.5 },
    // The report's @page size and margins (A4 as well) win, as in the CLI's print.
    preferCSSPageSize: true,
    // Headings become the PDF's bookmarks: a table of contents in every viewer's sidebar.
    generateDocumentOutline: true,
  };
}

/**
 * The policy on the report page should any response carry headers: inline styles and data:
 * images and fonts (the report is one self-contained file), no scripts, nothing fetched.
 */
export function reportContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Requests the print window may make: the report file itself (`documentUrl`, any fragment) and
 * data: URLs inlined in it. Other files, http(s), blob:, ws:, ftp: are refused.
 */
export function isPdfRequestAllowed(url: string, documentUrl: string): boolean {
  const candidate = parse(url);
  const document = parse(documentUrl);
  if (!candidate || !document || document.protocol !== 'file:') return false;
  if (candidate.protocol === 'data:') return true;
  return (
    candidate.protocol === 'file:' &&
    candidate.host === document.host &&
    candidate.pathname === document.pathname &&
    candidate.search === document.search
  );
}

/** A PDF file name: the suggested one, with `.pdf` added when it has another extension or none. */
export function pdfFileName(suggested: string): string {
  return /\.pdf$/i.test(suggested) ? suggested : `${suggested.replace(/\.html?$/i, '')}.pdf`;
}
