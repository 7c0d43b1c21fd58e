import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutDetail, menuLabel, menuTemplate, type MenuOptions } from '../../electron/main/menu-template';

const submenu = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] =>
  (item?.submenu ?? []) as MenuItemConstructorOptions[];

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as unknown as () => void)();
}

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return {
    platform: 'linux',
    appName: 'Conduit',
    isPackaged: true,
    recentProjects: [],
    send: vi.fn(),
    clearRecent: vi.fn(),
    showAbout: vi.fn(),
    ...overrides,
  };
}

const menu = (template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] =>
  submenu(template.find((m) => m.label === label));
const item = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);

describe('native menu', () => {
  it('has File, Edit, View and Help on Linux and Windows', () => {
    const template = menuTemplate(options());
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(menu(template, '&File').map((i) => i.label ?? i.role ?? i.type)).toEqual([
      '&New Project',
      '&Open…',
      'Open &Recent',
      'separator',
      '&Save',
      'Save &As…',
      'separator',
      '&Import Configs…',
      'Import Inven&tory…',
      '&Export Report…',
      'separator',
      'quit',
    ]);
  });

  it('sends each command to the renderer with its accelerator', () => {
    const send = vi.fn();
    const template = menuTemplate(options({ send }));
    const expected: Array<[string, string, string, string | undefined]> = [
      ['&File', '&New Project', 'new-project', 'CmdOrCtrl+N'],
      ['&File', '&Open…', 'open-project', 'CmdOrCtrl+O'],
      ['&File', '&Save', 'save-project', 'CmdOrCtrl+S'],
      ['&File', 'Save &As…', 'save-project-as', 'Shift+CmdOrCtrl+S'],
      ['&File', '&Import Configs…', 'open-configs', 'CmdOrCtrl+I'],
      ['&File', 'Import Inven&tory…', 'import-inventory', undefined],
      ['&File', '&Export Report…', 'export-report', 'CmdOrCtrl+E'],
      ['&Edit', '&Undo', 'undo', 'CmdOrCtrl+Z'],
      ['&Edit', '&Redo', 'redo', 'Shift+CmdOrCtrl+Z'],
      ['&View', 'Zoom &In', 'zoom-in', 'CmdOrCtrl+='],
      ['&View', 'Zoom &Out', 'zoom-out', 'CmdOrCtrl+-'],
      ['&View', '&Fit to Window', 'fit', 'CmdOrCtrl+0'],
      ['&View', 'Toggle &Sidebar', 'toggle-sidebar', 'CmdOrCtrl+B'],
      ['&View', 'Toggle I&nspector', 'toggle-inspector', 'Alt+CmdOrCtrl+B'],
    ];
    for (const [top, label, command, accelerator] of expected) {
      const entry = item(menu(template, top), label);
      expect(entry?.accelerator, label).toBe(accelerator);
      send.mockClear();
      click(entry);
      expect(send, label).toHaveBeenCalledWith(command);
    }
  });

  it('makes Undo and Redo renderer commands, not roles, and keeps the clipboard roles', () => {
    const edit = menu(menuTemplate(options()), '&Edit');
    expect(edit.some((i) => i.role === 'undo' || i.role === 'redo')).toBe(false);
    expect(edit.filter((i) => i.role).map((i) => i.role)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('uses Ctrl+Y for Redo on Windows and keeps Ctrl+Shift+Z as a hidden alternative', () => {
    const send = vi.fn();
    const edit = menu(menuTemplate(options({ platform: 'win32', send })), '&Edit');
    const redo = edit.filter((i) => i.label === '&Redo' || i.label === 'Redo');
    expect(redo.map((i) => [i.accelerator, i.visible ?? true])).toEqual([
      ['Ctrl+Y', true],
      ['Shift+Ctrl+Z', false],
    ]);
    click(redo[1]);
    expect(send).toHaveBeenCalledWith('redo');
  });

  it('lists recent projects, opens them by path, and clears the list', () => {
    const send = vi.fn();
    const clearRecent = vi.fn();
    const template = menuTemplate(
      options({
        send,
        clearRecent,
        recentProjects: [
          { path: '/sites/a&b.conduit', name: 'a&b.conduit' },
          { path: '/sites/plant.conduit', name: 'plant.conduit' },
        ],
      }),
    );
    const recent = submenu(item(menu(template, '&File'), 'Open &Recent'));
    expect(recent.map((i) => i.label ?? i.type)).toEqual([
      'a&&b.conduit',
      'plant.conduit',
      'separator',
      'Clear Recent',
    ]);
    click(recent[1]);
    expect(send).toHaveBeenCalledWith('open-recent', '/sites/plant.conduit');
    click(item(recent, 'Clear Recent'));
    expect(clearRecent).toHaveBeenCalledOnce();
  });

  it('shows an empty, disabled recent list', () => {
    const recent = submenu(item(menu(menuTemplate(options()), '&File'), 'Open &Recent'));
    expect(recent.map((i) => [i.label ?? i.type, i.enabled ?? true])).toEqual([
      ['No Recent Projects', false],
      ['separator', true],
      ['Clear Recent', false],
    ]);
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const showAbout = vi.fn();
    const template = menuTemplate(options({ platform: 'darwin', showAbout }));
    expect(template.map((m) => m.label)).toEqual(['Conduit', '&File', '&Edit', '&View']);
    const app = submenu(template[0]);
    click(app[0]);
    expect(showAbout).toHaveBeenCalledOnce();
    expect(app.some((i) => i.role === 'quit')).toBe(true);
    expect(menu(template, '&File').some((i) => i.role === 'quit')).toBe(false);
    expect(menu(template, '&File').some((i) => i.role === 'close')).toBe(true);
  });

  it('has About in Help elsewhere, beside the example folder when one is given', () => {
    const showAbout = vi.fn();
    const showExampleSite = vi.fn();
    const help = menu(menuTemplate(options({ showAbout, showExampleSite })), '&Help');
    click(item(help, 'About Conduit'));
    click(item(help, 'Show &Example Site Folder'));
    expect(showAbout).toHaveBeenCalledOnce();
    expect(showExampleSite).toHaveBeenCalledOnce();
  });

  it('gives no two items the same shortcut, the developer tools\u2019 included', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators: string[] = [];
      const walk = (items: MenuItemConstructorOptions[]): void => {
        for (const entry of items) {
          if (entry.accelerator) accelerators.push(String(entry.accelerator));
          if (Array.isArray(entry.submenu)) walk(entry.submenu);
        }
      };
      walk(menuTemplate(options({ platform, isPackaged: false })));
      // The roles' built-in shortcuts that could clash.
      accelerators.push(platform === 'darwin' ? 'Alt+CmdOrCtrl+I' : 'Shift+CmdOrCtrl+I', 'CmdOrCtrl+R');
      expect(new Set(accelerators).size, platform).toBe(accelerators.length);
    }
  });

  it('offers reload and developer tools only when not packaged', () => {
    const roles = (isPackaged: boolean) =>
      menu(menuTemplate(options({ platform: 'win32', isPackaged })), '&View').map((i) => i.role);
    for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const) {
      expect(JSON.stringify(menuTemplate(options({ isPackaged: true })))).not.toContain(role);
      expect(roles(false)).toContain(role);
    }
  });
});

describe('menu helpers', () => {
  it('escapes & and control characters in labels from file names', () => {
    expect(menuLabel('R&D\nsite.conduit')).toBe('R&&D site.conduit');
  });

  it('lists the app, Electron, Chromium, Node and platform versions for About', () => {
    expect(
      aboutDetail({
        app: '0.1.0',
        electron: '45.6.1',
        chrome: '142.0',
        node: '22.20.0',
        platform: 'linux x64',
      }),
    ).toBe('Version 0.1.0\nElectron 45.6.1\nChromium 142.0\nNode.js 22.20.0\nPlatform linux x64');
  });
});
