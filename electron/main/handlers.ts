import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile, SaveKind } from '../ipc/contract';
import { IpcFailure, type InvokeHandlers } from '../ipc/router';
import { LIMITS, sanitizeFileName } from '../ipc/validate';
import { FileGrants } from './file-grants';

/** The privileged operations behind the invoke channels: dialogs, file read/write, app info. */

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

function ioFailure(file: string, error: unknown): IpcFailure {
  const reason =
    error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'I/O error';
  return new IpcFailure('io', `${path.basename(file)}: ${reason}`);
}

/** Reads a file as UTF-8 text, refusing anything larger than LIMITS.readBytes (checked on the open handle). */
export async function readTextFile(file: string): Promise<OpenedFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw ioFailure(file, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new IpcFailure('io', `${path.basename(file)}: not a regular file`);
    if (stats.size > LIMITS.readBytes) {
      throw new IpcFailure(
        'too-large',
        `${path.basename(file)}: ${stats.size} bytes, more than the ${LIMITS.readBytes}-byte limit`,
      );
    }
    const buffer = await handle.readFile();
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
    return { name: path.basename(file), path: file, size: buffer.byteLength, text };
  } catch (error) {
    throw error instanceof IpcFailure ? error : ioFailure(file, error);
  } finally {
    await handle.close();
  }
}

export function createHandlers(getWindow: () => BrowserWindow | null): InvokeHandlers {
  const grants = new FileGrants();

  return {
    'app:versions': () => ({
      app: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      platform: process.platform,
    }),

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
      const window = getWindow();
      const options: Electron.SaveDialogOptions = {
        defaultPath: path.join(app.getPath('documents'), sanitizeFileName(suggestedName)),
        filters: [SAVE_FILTERS[kind]],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      try {
        await writeFile(result.filePath, content, 'utf-8');
      } catch (error) {
        throw ioFailure(result.filePath, error);
      }
      return { path: result.filePath };
    },
  };
}
