import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type createFakeElectron, FakeWebContents } from './fake-electron';

/** Runs the real electron/main/index.ts against a fake Electron and checks what it wired up. */

const fake = vi.hoisted(() => ({ electron: null as unknown as ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('./fake-electron');
  fake.electron = create();
  // A window saved last time on the second monitor, maximized.
  writeFileSync(
    path.join(fake.electron.userData, 'window-state.json'),
    JSON.stringify({ bounds: { x: 2000, y: 40, width: 1500, height: 900 }, maximized: true }),
  );
  return fake.electron;
});

const MAIN_DIR = path.resolve(import.meta.dirname, '..', '..', 'electron', 'main');
const APP_URL = pathToFileURL(path.resolve(MAIN_DIR, '..', 'renderer', 'index.html')).href;

beforeAll(async () => {
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(fake.electron.windows).toHaveLength(1));
});

const invoke = (channel: string, url: string | null, isMainFrame: boolean, ...args: unknown[]) =>
  fake.electron.handlers.get(channel)!(
    { senderFrame: url === null ? null : { url, parent: isMainFrame ? null : {} } },
    ...args,
  );

describe('electron main process', () => {
  it('sandboxes every renderer and holds the single-instance lock', () => {
    expect(fake.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.electron.app.listeners.has('second-instance')).toBe(true);
  });

  it("gives the renderers the CLI's young generation for the analysis worker", () => {
    expect(fake.electron.app.commandLine.appendSwitch).toHaveBeenCalledWith(
      'js-flags',
      '--max-semi-space-size=64',
    );
  });

  it('opens one secure window on the bundled renderer with the bundled preload', () => {
    const [window] = fake.electron.windows;
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect((window!.options.webPreferences as { preload: string }).preload).toBe(
      path.join(MAIN_DIR, 'preload.cjs'),
    );
    expect(pathToFileURL(window!.loaded!).href).toBe(APP_URL);
  });

  it('registers exactly the contract channels and answers only the app page', async () => {
    expect([...fake.electron.handlers.keys()].sort()).toEqual([
      'app:versions',
      'dialog:openFiles',
      'file:read',
      'file:write',
      'project:launch',
      'project:open',
      'project:openRecent',
      'project:recent',
      'project:remember',
      'project:save',
      'report:measurePdf',
      'report:printPdf',
      'window:close',
      'window:setDocumentState',
    ]);
    expect(await invoke('app:versions', APP_URL, true)).toMatchObject({ ok: true, value: { app: '0.1.0' } });
    expect(await invoke('app:versions', 'https://evil.example/', true)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(await invoke('app:versions', APP_URL, false)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(await invoke('app:versions', null, true)).toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    expect(await invoke('file:read', APP_URL, true, { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'not-granted' },
    });
    expect(await invoke('file:read', APP_URL, true, '/etc/passwd')).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('blocks navigation, new windows and webviews in every web contents', () => {
    const contents = new FakeWebContents();
    fake.electron.app.emit('web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://evil.example/', preventDefault: vi.fn() };
      contents.emit(event, away);
      expect(away.preventDefault, event).toHaveBeenCalled();
      const reload = { url: APP_URL, preventDefault: vi.fn() };
      contents.emit(event, reload);
      expect(reload.preventDefault, event).not.toHaveBeenCalled();
    }
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies permissions, remote requests and downloads in the session', () => {
    const session = fake.electron.session.defaultSession;
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      wc: unknown,
      p: string,
      cb: (granted: boolean) => void,
    ) => void;
    const granted = vi.fn();
    request({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (wc: unknown, p: string) => boolean;
    expect(check({}, 'clipboard-read')).toBe(false);

    const before = session.webRequest.onBeforeRequest.mock.calls[0]![0] as (
      d: { url: string },
      cb: (r: { cancel: boolean }) => void,
    ) => void;
    const decide = (url: string): boolean => {
      let cancel = false;
      before({ url }, (r) => (cancel = r.cancel));
      return cancel;
    };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(decide('https://evil.example/beacon')).toBe(true);
    expect(decide(new URL('assets/index.js', APP_URL).href)).toBe(false);

    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });

  it('restores the saved window bounds and maximized state', () => {
    const [window] = fake.electron.windows;
    expect(window!.options).toMatchObject({ x: 2000, y: 40, width: 1500, height: 900 });
    expect(window!.maximized).toBe(true);
  });

  it('sends "Import Configs…" from the menu to the window as a typed event', () => {
    const sent = fake.electron.windows[0]!.webContents.sent;
    sent.length = 0;
    const open = menuItems().find((i) => i.label === '&Import Configs…');
    open!.click!();
    expect(sent).toEqual([['menu:invoked', { command: 'open-configs' }]]);
  });

  it('lists a remembered project under Open Recent and in the OS list', async () => {
    const project = path.join(fake.electron.userData, 'plant.conduit');
    writeFileSync(project, '{}');
    fake.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [project] });
    expect(await invoke('project:open', APP_URL, true)).toMatchObject({
      ok: true,
      value: { name: 'plant.conduit' },
    });
    expect(await invoke('project:remember', APP_URL, true, { path: project })).toEqual({
      ok: true,
      value: null,
    });
    expect(fake.electron.app.addRecentDocument).toHaveBeenCalledWith(project);
    const recent = menuItems().find((i) => i.label === 'Open &Recent')!.submenu!;
    const sent = fake.electron.windows[0]!.webContents.sent;
    sent.length = 0;
    recent.find((i) => i.label === 'plant.conduit')!.click!();
    expect(sent).toEqual([['menu:invoked', { command: 'open-recent', argument: project }]]);
    const saved = JSON.parse(
      readFileSync(path.join(fake.electron.userData, 'recent-projects.json'), 'utf-8'),
    );
    expect(saved.projects.map((p: { path: string }) => p.path)).toEqual([project]);
  });

  it('titles the window after the document', async () => {
    expect(await invoke('window:setDocumentState', APP_URL, true, { title: 'plant', dirty: false })).toEqual({
      ok: true,
      value: null,
    });
    expect(fake.electron.windows[0]!.title).toBe('plant — Conduit');
  });

  it('asks before closing a dirty window: Cancel keeps it, Save asks the renderer to save and close', async () => {
    const window = fake.electron.windows[0]!;
    await invoke('window:setDocumentState', APP_URL, true, { title: 'plant', dirty: true });
    const box = fake.electron.dialog.showMessageBox;
    box.mockClear();
    box.mockResolvedValueOnce({ response: 2, checkboxChecked: false });
    window.close();
    await vi.waitFor(() => expect(box).toHaveBeenCalledOnce());
    expect(window.isDestroyed()).toBe(false);

    box.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    window.webContents.sent.length = 0;
    window.close();
    await vi.waitFor(() =>
      expect(window.webContents.sent).toEqual([['menu:invoked', { command: 'save-and-close' }]]),
    );
    expect(window.isDestroyed()).toBe(false);

    // The renderer saved and closes for good; the window state is kept for next time.
    expect(await invoke('window:close', APP_URL, true, { force: true })).toEqual({ ok: true, value: null });
    expect(window.isDestroyed()).toBe(true);
    const state = JSON.parse(readFileSync(path.join(fake.electron.userData, 'window-state.json'), 'utf-8'));
    expect(state).toEqual({ bounds: { x: 2000, y: 40, width: 1500, height: 900 }, maximized: true });
  });
});

function menuItems() {
  const calls = fake.electron.Menu.setApplicationMenu.mock.calls;
  const template = calls.at(-1)![0] as Array<{ submenu?: MenuEntry[] }>;
  return template.flatMap((m) => m.submenu ?? []);
}

interface MenuEntry {
  label?: string;
  click?: () => void;
  submenu?: MenuEntry[];
}
