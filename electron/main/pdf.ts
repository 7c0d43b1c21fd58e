import { BrowserWindow, session as electronSession } from 'electron';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  isPdfRequestAllowed,
  pdfPartition,
  pdfPrintOptions,
  pdfWindowOptions,
  reportContentSecurityPolicy,
} from '../security/pdf-policy';
import { insecureWebPreferences } from '../security/window-options';
import { hardenSession } from './harden';

/** Longest a report may take to load before printing gives up. */
const LOAD_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Renders a self-contained report HTML to PDF bytes: the HTML goes to a private temp folder,
 * a hidden window (sandboxed, JavaScript off, its own in-memory session that may load only
 * that file and data: URLs) loads it, printToPDF renders it, and everything is torn down.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduit-report-'));
  const file = path.join(dir, 'report.html');
  const documentUrl = pathToFileURL(file).href;
  let window: BrowserWindow | null = null;
  try {
    await writeFile(file, html, { encoding: 'utf-8', mode: 0o600 });
    const partition = pdfPartition(randomBytes(8).toString('hex'));
    hardenSession(electronSession.fromPartition(partition), {
      allowRequest: (url) => isPdfRequestAllowed(url, documentUrl),
      contentSecurityPolicy: reportContentSecurityPolicy(),
    });
    const options = pdfWindowOptions(partition);
    const insecure = insecureWebPreferences(options.webPreferences ?? {});
    if (insecure.length > 0) throw new Error(`insecure PDF window preferences: ${insecure.join(', ')}`);
    window = new BrowserWindow(options);
    await withTimeout(window.loadFile(file), LOAD_TIMEOUT_MS, 'loading the report');
    return await window.webContents.printToPDF(pdfPrintOptions(html));
  } finally {
    if (window && !window.isDestroyed()) window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
