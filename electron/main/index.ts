import { app, BrowserWindow, dialog, Menu, session, shell } from 'electron';
import path from 'node:path';
import { ANALYSIS_V8_FLAGS } from '../../bin/v8-flags.cjs';
import type { MenuCommand } from '../ipc/contract';
import { APP_NAME } from './document-state';
import { DocumentWindow } from './document-window';
import { createHandlers, runtimeVersions } from './handlers';
import { LaunchQueue, projectPathFromArgv } from './launch-files';
import { appSessionPolicy, hardenSession, hardenWebContents } from './harden';
import { registerIpcHandlers, sendEvent } from './ipc';
import { aboutDetail, menuTemplate } from './menu-template';
import { appPaths } from './paths';
import { renderPdf } from './pdf';
import { RECENT_FILE, RecentProjects } from './recent-projects';
import { createMainWindow } from './window';

/**
 * The Electron main process: one window on dist/renderer/index.html, a single instance, and a
 * small privileged surface (see electron/ipc/contract.ts).
 */

// The renderer's analysis worker runs with the CLI's young generation (bin/v8-flags.cjs): it
// must be set before any renderer starts.
app.commandLine.appendSwitch('js-flags', ANALYSIS_V8_FLAGS.join(' '));

const paths = appPaths(__dirname, {
  isPackaged: app.isPackaged === true,
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath ?? '',
});
let mainWindow: BrowserWindow | null = null;
let documentWindow: DocumentWindow | null = null;
let recent: RecentProjects | null = null;
/**
 * Set by a quit (Cmd+Q, File > Quit). A dirty window answers it with the unsaved-changes
 * question, which stops Electron's quit; once the window does close the quit goes on (macOS
 * keeps apps without windows running), and Cancel ends it.
 */
let quitting = false;
/** Projects the OS asked to open; each is added to the recent list and opened from there. */
const launch = new LaunchQueue((file) => {
  void recent
    ?.add(file)
    .then(() => sendMenuCommand('open-recent', file))
    .catch((error) => console.warn('[launch]', error));
});

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openMainWindow(): void {
  const window = createMainWindow(paths, app.getPath('userData'));
  mainWindow = window;
  documentWindow = new DocumentWindow(window, () => {
    quitting = false;
  });
  window.on('closed', () => {
    launch.reset();
    if (quitting) app.quit();
    if (mainWindow === window) {
      mainWindow = null;
      documentWindow = null;
    }
  });
}

function sendMenuCommand(command: MenuCommand, argument?: string): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!target || target.isDestroyed()) return;
  sendEvent(target.webContents, 'menu:invoked', argument === undefined ? { command } : { command, argument });
}

function showAbout(): void {
  const options: Electron.MessageBoxOptions = {
    type: 'info',
    title: `About ${APP_NAME}`,
    message: APP_NAME,
    detail: `${aboutDetail(runtimeVersions())}\n\nOffline IT/OT segmentation modeling. Apache-2.0.`,
    buttons: ['OK'],
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        appName: APP_NAME,
        isPackaged: app.isPackaged === true,
        recentProjects: recent?.list() ?? [],
        send: sendMenuCommand,
        clearRecent: () => void recent?.clear().catch((error) => console.warn('[recent]', error)),
        showAbout,
        showExampleSite: () => shell.showItemInFolder(paths.exampleSite),
      }),
    ),
  );
}

function start(): void {
  // A double-clicked project: on the command line (Windows, Linux), as an event (macOS, which
  // may send it before the app is ready), or given to a second launch while this one runs.
  launch.offer(projectPathFromArgv(process.argv, process.cwd()));
  app.on('open-file', (event, file) => {
    event.preventDefault();
    launch.offer(file);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    focusMainWindow();
    launch.offer(projectPathFromArgv(argv, cwd));
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, paths));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  recent = new RecentProjects(path.join(app.getPath('userData'), RECENT_FILE), {
    onChange: (list, added) => {
      if (added) app.addRecentDocument(added.path);
      else if (list.length === 0) app.clearRecentDocuments();
      buildMenu();
    },
  });
  const recentList = recent;

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, appSessionPolicy(paths));
    await recentList.load();
    registerIpcHandlers(
      createHandlers({
        getWindow: () => mainWindow,
        getDocument: () => documentWindow,
        recent: recentList,
        renderPdf,
        launch,
      }),
      paths.appUrl,
    );
    buildMenu();
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
