import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import path from 'node:path';
import type { AppVersions, OpenedFile, SaveKind } from '../ipc/contract';
import { IpcFailure, type InvokeHandlers } from '../ipc/router';
import { sanitizeFileName } from '../ipc/validate';
import { namedDestinationPages, stampPdfDates } from '../../models/report/pdf-pages';
import { pdfFileName } from '../security/pdf-policy';
import { writeFileAtomic } from './atomic-write';
import type { DocumentWindow } from './document-window';
import { FileGrants } from './file-grants';
import type { LaunchQueue } from './launch-files';
import { createProjectHandlers } from './project-handlers';
import { ioFailure, readTextFile } from './read-text-file';
import type { RecentProjects } from './recent-projects';

export { readTextFile } from './read-text-file';

/**
 * The privileged operations behind the invoke channels: dialogs, file read/write, projects,
 * the window's document state, PDF printing, app info.
 */

const SAVE_FILTERS: Readonly<Record<SaveKind, FileFilter>> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  html: { name: 'HTML', extensions: ['html', 'htm'] },
  text: { name: 'Text', extensions: ['txt'] },
};

const CONFIG_FILTERS: FileFilter[] = [
  { name: 'All files', extensions: ['*'] },
  {
    name: 'Firewall configs',
    extensions: ['conf', 'cfg', 'txt', 'rules', 'iptables', 'iptables-save', 'nft', 'xml', 'json', 'set'],
  },
];

export interface HandlerContext {
  readonly getWindow: () => BrowserWindow | null;
  /** The main window's document state (title, dirty, close); null before it exists. */
  readonly getDocument: () => DocumentWindow | null;
  readonly recent: RecentProjects;
  /** Renders report HTML to PDF bytes (./pdf.ts in the app; a fake in tests). */
  readonly renderPdf: (html: string) => Promise<Uint8Array>;
  readonly grants?: FileGrants;
  /** Projects the operating system asked to open (none in tests that leave it out). */
  readonly launch?: LaunchQueue;
  /** The versions for the About box; the running process's by default. */
  readonly appVersions?: () => AppVersions;
}

/** The running app's versions (for `app:versions` and the About box). */
export function runtimeVersions(): AppVersions {
  return {
    app: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function showSaveDialog(
  window: BrowserWindow | null,
  options: Electron.SaveDialogOptions,
): Promise<string | null> {
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

async function printOrFail(context: HandlerContext, html: string): Promise<Uint8Array> {
  try {
    return await context.renderPdf(html);
  } catch (error) {
    throw new IpcFailure(
      'internal',
      `printing the report failed: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}`,
    );
  }
}

export function createHandlers(context: HandlerContext): InvokeHandlers {
  const { getWindow } = context;
  const grants = context.grants ?? new FileGrants();

  return {
    'app:versions': context.appVersions ?? runtimeVersions,

    'dialog:openFiles': async (request) => {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: request?.title ?? 'Open firewall configurations',
        properties: ['openFile', 'multiSelections'],
        filters: CONFIG_FILTERS,
      };
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      if (result.canceled) return [];
      const files: OpenedFile[] = [];
      for (const file of result.filePaths) {
        grants.grant(file);
        files.push(await readTextFile(file));
      }
      return files;
    },

    'file:read': async ({ path: file }) => {
      if (!grants.has(file))
        throw new IpcFailure('not-granted', `${path.basename(file)}: not opened by the user in this session`);
      return readTextFile(file);
    },

    'file:write': async ({ suggestedName, kind, content }) => {
      const target = await showSaveDialog(getWindow(), {
        defaultPath: path.join(app.getPath('documents'), sanitizeFileName(suggestedName)),
        filters: [SAVE_FILTERS[kind]],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (target === null) return null;
      try {
        await writeFileAtomic(target, content);
      } catch (error) {
        throw ioFailure(target, error);
      }
      return { path: target };
    },

    ...createProjectHandlers({
      getWindow,
      grants,
      recent: context.recent,
      ...(context.launch ? { launch: context.launch } : {}),
    }),

    'window:setDocumentState': (state) => {
      context.getDocument()?.setState(state);
      return null;
    },

    'window:close': ({ force }) => {
      context.getDocument()?.close(force);
      return null;
    },

    'report:measurePdf': async ({ html }) => {
      const pdf = await printOrFail(context, html);
      return Object.fromEntries(namedDestinationPages(Buffer.from(pdf).toString('latin1')));
    },

    'report:printPdf': async ({ html, suggestedName, generatedAt }) => {
      const target = await showSaveDialog(getWindow(), {
        title: 'Export report as PDF',
        defaultPath: path.join(
          app.getPath('documents'),
          pdfFileName(sanitizeFileName(suggestedName, 'report')),
        ),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (target === null) return null;
      // Chromium dates the PDF now; the report's own date makes it reproducible.
      const printed = Buffer.from(await printOrFail(context, html)).toString('latin1');
      const pdf = Buffer.from(stampPdfDates(printed, generatedAt), 'latin1');
      try {
        await writeFileAtomic(target, pdf);
      } catch (error) {
        throw ioFailure(target, error);
      }
      return { path: target };
    },
  };
}
