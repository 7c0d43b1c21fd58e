import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

/**
 * Just enough of Electron's main-process API to run electron/main/index.ts in Node and record
 * what it wires up: windows, handlers, session policies, the menu.
 */

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  readonly printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 fake'));
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
  openDevTools(): void {}
}

export function createFakeElectron() {
  // A real folder: the main process keeps its recent list and window state there.
  const userData = mkdtempSync(path.join(tmpdir(), 'conduit-userdata-'));
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    enableSandbox: vi.fn(),
    commandLine: { appendSwitch: vi.fn() },
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    getVersion: () => '0.1.0',
    getPath: (name: string) => (name === 'userData' ? userData : '/home/user/Documents'),
    quit: vi.fn(),
  });
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    loaded: string | null = null;
    destroyed = false;
    maximized = false;
    title = '';
    documentEdited = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadFile(file: string): Promise<void> {
      this.loaded = file;
      return Promise.resolve();
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    getNormalBounds() {
      const { x, y, width, height } = this.options as Record<string, number>;
      return { x: x ?? 0, y: y ?? 0, width: width ?? 0, height: height ?? 0 };
    }
    setTitle(title: string): void {
      this.title = title;
    }
    setDocumentEdited(edited: boolean): void {
      this.documentEdited = edited;
    }
    /** Like Electron: 'close' listeners may prevent it; otherwise the window is gone. */
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) this.destroy();
    }
    destroy(): void {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('closed');
    }
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return windows;
    }
    static getFocusedWindow(): FakeBrowserWindow | null {
      return windows[0] ?? null;
    }
  }
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const fakeSession = () =>
    Object.assign(new Emitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
    });
  const session = fakeSession();
  const display = (id: number, x: number, width: number) => ({
    id,
    workArea: { x, y: 0, width, height: 1040 },
  });
  return {
    app,
    userData,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain: {
      handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) =>
        handlers.set(channel, fn),
      ),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    handlers,
    session: { defaultSession: session, fromPartition: vi.fn(() => fakeSession()) },
    // Two monitors side by side, the primary on the left.
    screen: {
      getPrimaryDisplay: () => display(1, 0, 1920),
      getAllDisplays: () => [display(2, 1920, 2560), display(1, 0, 1920)],
    },
    shell: { showItemInFolder: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    dialog: {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(),
      showMessageBox: vi.fn(async () => ({ response: 2, checkboxChecked: false })),
    },
  };
}
