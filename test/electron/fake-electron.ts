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
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
  openDevTools(): void {}
}

export function createFakeElectron() {
  const app = Object.assign(new Emitter(), {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
    getVersion: () => '0.1.0',
    getPath: () => '/home/user/Documents',
    quit: vi.fn(),
  });
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    loaded: string | null = null;
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
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return false;
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return windows;
    }
    static getFocusedWindow(): FakeBrowserWindow | null {
      return windows[0] ?? null;
    }
  }
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const session = Object.assign(new Emitter(), {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() },
  });
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain: {
      handle: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) =>
        handlers.set(channel, fn),
      ),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    handlers,
    session: { defaultSession: session },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  };
}
