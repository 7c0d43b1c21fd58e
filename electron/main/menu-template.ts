import type { MenuItemConstructorOptions } from 'electron';
import type { AppVersions, MenuCommand } from '../ipc/contract';

/**
 * The native menu. Commands go to the renderer as `menu:invoked` events; the renderer owns undo
 * (what-if edits), zoom and panels. Edit > Undo/Redo are commands too, not roles: the renderer
 * decides, and when a text field has focus the Electron host hands them back to the field.
 * Pure: built from plain options, unit-tested.
 */
export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** `app.isPackaged`: a development build also gets Reload and the developer tools. */
  readonly isPackaged: boolean;
  /** Most recent first. */
  readonly recentProjects: readonly { readonly path: string; readonly name: string }[];
  /** Sends a command to the focused renderer. */
  readonly send: (command: MenuCommand, argument?: string) => void;
  readonly clearRecent: () => void;
  readonly showAbout: () => void;
  /** Reveals the bundled example site's folder. */
  readonly showExampleSite?: () => void;
}

/** A label as the menu shows it: `&` would be read as a mnemonic marker on Windows and Linux. */
export function menuLabel(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/&/g, '&&');
}

/** The About box's text: the app's version and what it runs on. */
export function aboutDetail(versions: AppVersions): string {
  return [
    `Version ${versions.app}`,
    `Electron ${versions.electron}`,
    `Chromium ${versions.chrome}`,
    `Node.js ${versions.node}`,
    `Platform ${versions.platform}`,
  ].join('\n');
}

function recentSubmenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = options.recentProjects.map((project) => ({
    label: menuLabel(project.name),
    // The full path as a tooltip where the platform shows one (macOS); the label stays short.
    toolTip: project.path,
    click: () => options.send('open-recent', project.path),
  }));
  if (items.length === 0) items.push({ label: 'No Recent Projects', enabled: false });
  items.push(
    { type: 'separator' },
    {
      label: 'Clear Recent',
      enabled: options.recentProjects.length > 0,
      click: () => options.clearRecent(),
    },
  );
  return items;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const isWindows = options.platform === 'win32';
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => options.send(name),
  });
  const about: MenuItemConstructorOptions = {
    label: `About ${options.appName}`,
    click: () => options.showAbout(),
  };

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }

  template.push({
    label: '&File',
    submenu: [
      command('&New Project', 'new-project', 'CmdOrCtrl+N'),
      command('&Open…', 'open-project', 'CmdOrCtrl+O'),
      { label: 'Open &Recent', submenu: recentSubmenu(options) },
      { type: 'separator' },
      command('&Save', 'save-project', 'CmdOrCtrl+S'),
      command('Save &As…', 'save-project-as', 'Shift+CmdOrCtrl+S'),
      { type: 'separator' },
      command('&Import Configs…', 'open-configs', 'CmdOrCtrl+I'),
      // No shortcut: Ctrl+Shift+I (Alt+Cmd+I on macOS) opens the developer tools in dev builds.
      command('Import Inven&tory…', 'import-inventory'),
      command('&Export Report…', 'export-report', 'CmdOrCtrl+E'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });

  const redoAccelerator = isWindows ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z';
  template.push({
    label: '&Edit',
    submenu: [
      command('&Undo', 'undo', 'CmdOrCtrl+Z'),
      command('&Redo', 'redo', redoAccelerator),
      // Windows users know both Ctrl+Y and Ctrl+Shift+Z; the second one is a hidden item.
      ...(isWindows ? [{ ...command('Redo', 'redo', 'Shift+Ctrl+Z'), visible: false }] : []),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });

  template.push({
    label: '&View',
    submenu: [
      command('Zoom &In', 'zoom-in', 'CmdOrCtrl+='),
      command('Zoom &Out', 'zoom-out', 'CmdOrCtrl+-'),
      command('&Fit to Window', 'fit', 'CmdOrCtrl+0'),
      { type: 'separator' },
      command('Toggle &Sidebar', 'toggle-sidebar', 'CmdOrCtrl+B'),
      command('Toggle I&nspector', 'toggle-inspector', 'Alt+CmdOrCtrl+B'),
      ...(options.isPackaged
        ? []
        : [
            { type: 'separator' as const },
            { role: 'reload' as const },
            { role: 'forceReload' as const },
            { role: 'toggleDevTools' as const },
          ]),
    ],
  });

  const help: MenuItemConstructorOptions[] = [];
  if (options.showExampleSite) {
    const reveal = options.showExampleSite;
    help.push({ label: 'Show &Example Site Folder', click: () => reveal() });
  }
  // On macOS "About" lives in the application menu.
  if (!isMac) help.push(...(help.length > 0 ? [{ type: 'separator' as const }] : []), about);
  if (help.length > 0)
    template.push({ label: '&Help', ...(isMac ? { role: 'help' as const } : {}), submenu: help });
  return template;
}
