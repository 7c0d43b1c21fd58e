import { contextBridge, ipcRenderer } from 'electron';
import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeValue,
  IpcResult,
} from '../ipc/contract';
import { CONDUIT_GLOBAL, type ConduitApi, type Invoker } from './api';

/**
 * The preload: the only file that touches `ipcRenderer`. It runs sandboxed, bundled into one
 * file, and exposes exactly one object, `window.conduit`, typed by ./api.ts. The renderer gets
 * named functions for fixed channels, never `ipcRenderer` itself.
 */

function invoker<C extends InvokeChannel>(channel: C): Invoker<C> {
  return (...args: InvokeArgs<C>) =>
    ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<InvokeValue<C>>>;
}

const EVENT_CHANNELS: ReadonlySet<string> = new Set<EventChannel>(['menu:invoked']);

const api: ConduitApi = {
  apiVersion: 1,
  app: { versions: invoker('app:versions') },
  dialog: { openFiles: invoker('dialog:openFiles') },
  file: { read: invoker('file:read'), write: invoker('file:write') },
  project: {
    open: invoker('project:open'),
    openRecent: invoker('project:openRecent'),
    save: invoker('project:save'),
    recent: invoker('project:recent'),
    launch: invoker('project:launch'),
    remember: invoker('project:remember'),
  },
  window: {
    setDocumentState: invoker('window:setDocumentState'),
    close: invoker('window:close'),
  },
  report: { measurePdf: invoker('report:measurePdf'), printPdf: invoker('report:printPdf') },
  on: <E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void) => {
    if (!EVENT_CHANNELS.has(channel)) throw new Error(`conduit.on: unknown event channel ${String(channel)}`);
    // The IpcRendererEvent (with its `sender`) never reaches the page; only the payload does.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(CONDUIT_GLOBAL, api);
