import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isPdfRequestAllowed,
  numbersOwnPages,
  pdfFileName,
  pdfPrintOptions,
  pdfWindowOptions,
  reportContentSecurityPolicy,
} from '../../electron/security/pdf-policy';
import { insecureWebPreferences } from '../../electron/security/window-options';

const REPORT = pathToFileURL('/tmp/conduit-report-abc/report.html').href;

describe('PDF print window', () => {
  it('is hidden, sandboxed, isolated, without JavaScript, preload or Node, in its own session', () => {
    const options = pdfWindowOptions('conduit-pdf-1');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      partition: 'conduit-pdf-1',
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences?.partition?.startsWith('persist:')).toBe(false);
    expect(insecureWebPreferences(options.webPreferences ?? {})).toEqual([]);
  });

  it('prints A4 with backgrounds, the report\u2019s own @page rules and an outline', () => {
    const options = pdfPrintOptions('<p>x</p>');
    expect(options).toMatchObject({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      generateDocumentOutline: true,
    });
  });

  it('adds a "page / pages" footer to HTML that does not number its pages, with no title or URL header', () => {
    const options = pdfPrintOptions('<style>@page{size:A4}</style><p>x</p>');
    expect(options.displayHeaderFooter).toBe(true);
    expect(options.footerTemplate).toContain('<span class="pageNumber"></span>');
    expect(options.footerTemplate).toContain('<span class="totalPages"></span>');
    for (const template of [options.headerTemplate, options.footerTemplate]) {
      expect(template).not.toMatch(/class="(title|url|date)"/);
    }
    // The footer needs a bottom margin to be visible.
    expect(options.margins?.bottom).toBeGreaterThan(0.4);
  });

  it('leaves Chromium\u2019s footer off when the report numbers its pages in CSS (no double numbers)', () => {
    const report = '<style>@page{@bottom-right{content:"Page " counter(page) " of " counter(pages)}}</style>';
    expect(numbersOwnPages(report)).toBe(true);
    expect(pdfPrintOptions(report)).toMatchObject({ displayHeaderFooter: false });
    expect(pdfPrintOptions(report).footerTemplate).toBeUndefined();
    expect(numbersOwnPages('<p>counter(pages) is not counter of page</p>')).toBe(false);
  });
});

describe('PDF request rule', () => {
  it('allows exactly the report file and inline data: URLs', () => {
    expect(isPdfRequestAllowed(REPORT, REPORT)).toBe(true);
    expect(isPdfRequestAllowed(`${REPORT}#paths`, REPORT)).toBe(true);
    expect(isPdfRequestAllowed('data:image/png;base64,iVBORw0KGgo=', REPORT)).toBe(true);
  });

  it('refuses every other file, remote URL and scheme', () => {
    for (const url of [
      pathToFileURL('/tmp/conduit-report-abc/other.html').href,
      pathToFileURL('/etc/passwd').href,
      pathToFileURL('/tmp/conduit-report-abc/report.html/../../x').href,
      `${REPORT}?q=1`,
      'file://attacker-host/tmp/conduit-report-abc/report.html',
      'https://evil.example/beacon.png',
      'http://127.0.0.1:8080/',
      'blob:file:///0b5e',
      'ws://evil.example/',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isPdfRequestAllowed(url, REPORT), url).toBe(false);
  });

  it('refuses everything when the document itself is not a file: URL', () => {
    expect(isPdfRequestAllowed('https://x/', 'https://x/')).toBe(false);
    expect(isPdfRequestAllowed('data:,x', 'not a url')).toBe(false);
  });

  it('gives the report page a policy with inline styles only, no scripts and no fetches', () => {
    const csp = reportContentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|connect-src|unsafe-eval|https?:/);
  });
});

describe('PDF file name', () => {
  it('ends in .pdf', () => {
    expect(pdfFileName('report.pdf')).toBe('report.pdf');
    expect(pdfFileName('Report.PDF')).toBe('Report.PDF');
    expect(pdfFileName('plant-site report.html')).toBe('plant-site report.pdf');
    expect(pdfFileName('plant-site')).toBe('plant-site.pdf');
  });
});
