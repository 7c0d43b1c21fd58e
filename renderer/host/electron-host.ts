import type { IpcResult } from '../../electron/ipc/contract';
import { CONDUIT_GLOBAL, type ConduitApi } from '../../electron/preload/api';
import type { Host, HostFileError, OpenResult, SaveOutcome } from './host';
import { readFileList } from './read-files';

/** The host inside Electron: dialogs and file access go through the preload's `window.conduit`. */

/** The bridge the preload exposed, if this page runs inside Conduit's Electron shell. */
export function findBridge(scope: object = globalThis): ConduitApi | null {
  const candidate = (scope as Record<string, unknown>)[CONDUIT_GLOBAL] as Partial<ConduitApi> | undefined;
  return candidate && candidate.apiVersion === 1 ? (candidate as ConduitApi) : null;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(result.error.message);
}

export function createElectronHost(bridge: ConduitApi): Host {
  return {
    kind: 'electron',
    async openFiles(): Promise<OpenResult> {
      const result = await bridge.dialog.openFiles();
      if (!result.ok) {
        const errors: HostFileError[] = [{ name: 'Open', message: result.error.message }];
        return { files: [], errors };
      }
      return { files: result.value.map(({ name, size, text }) => ({ name, size, text })), errors: [] };
    },
    // Dropped files arrive as File objects in the page; the File API reads them, no IPC needed.
    readFiles: readFileList,
    async saveFile(request): Promise<SaveOutcome> {
      const saved = unwrap(await bridge.file.write(request));
      return saved ? { status: 'saved', location: saved.path } : { status: 'cancelled' };
    },
    onMenuCommand(listener) {
      return bridge.on('menu:invoked', (payload) => listener(payload.command));
    },
    async describe() {
      const v = unwrap(await bridge.app.versions());
      return `Conduit ${v.app} · Electron ${v.electron} · Chromium ${v.chrome} · ${v.platform}`;
    },
  };
}
