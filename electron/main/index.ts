import { app, BrowserWindow, Menu, session } from 'electron';
import type { MenuCommand } from '../ipc/contract';
import { createHandlers } from './handlers';
import { hardenSession, hardenWebContents } from './harden';
import { registerIpcHandlers, sendEvent } from './ipc';
import { menuTemplate } from './menu-template';
import { appPaths } from './paths';
import { createMainWindow } from './window';

/**
 * The Electron main process: one window on dist/renderer/index.html, a single instance, and a
 * small privileged surface (see electron/ipc/contract.ts).
 */

const paths = appPaths(__dirname);
let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openMainWindow(): void {
  mainWindow = createMainWindow(paths);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function sendMenuCommand(command: MenuCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (target && !target.isDestroyed()) sendEvent(target.webContents, 'menu:invoked', { command });
}

function start(): void {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, paths));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, paths);
    registerIpcHandlers(
      createHandlers(() => mainWindow),
      paths.appUrl,
    );
    app.setAboutPanelOptions({
      applicationName: 'Conduit',
      applicationVersion: app.getVersion(),
      copyright: 'Apache-2.0',
      credits: 'Offline IT/OT segmentation modeling.',
    });
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          platform: process.platform,
          appName: 'Conduit',
          send: sendMenuCommand,
          showAbout: () => app.showAboutPanel(),
        }),
      ),
    );
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}

// Every renderer is sandboxed, whatever its web preferences say.
app.enableSandbox();
if (app.requestSingleInstanceLock()) start();
else app.quit();
