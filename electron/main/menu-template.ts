import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../ipc/contract';

/**
 * The native menu, minimal for now: File (Open configs…, Quit), Edit (so copy and select-all
 * work in every platform's way), Help (About). Pure: built from plain options, unit-tested.
 */
export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Sends a command to the focused renderer. */
  readonly send: (command: MenuCommand) => void;
  readonly showAbout: () => void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
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
      { label: 'Open Configs…', accelerator: 'CmdOrCtrl+O', click: () => options.send('open-configs') },
      ...(isMac
        ? [{ type: 'separator' as const }, { role: 'close' as const }]
        : [{ type: 'separator' as const }, { role: 'quit' as const }]),
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [{ role: 'copy' }, { role: 'selectAll' }],
  });
  // On macOS "About" lives in the application menu.
  if (!isMac) template.push({ label: '&Help', submenu: [about] });
  return template;
}
