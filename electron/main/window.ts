import { BrowserWindow, screen } from 'electron';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { insecureWebPreferences, MAIN_WINDOW_SIZE, mainWindowOptions } from '../security/window-options';
import type { AppPaths } from './paths';
import {
  parseWindowState,
  restoreWindowState,
  serializeWindowState,
  WINDOW_STATE_FILE,
  type WindowState,
} from './window-state';

/** The saved window state in `userData`, or null when there is none or it is unreadable. */
export function loadWindowState(userData: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(path.join(userData, WINDOW_STATE_FILE), 'utf-8'));
  } catch {
    return null;
  }
}

/**
 * Saves the state beside, then renames. Synchronous on purpose: it runs as the window closes,
 * right before the app may quit, when a pending asynchronous write could be cut off.
 */
export function saveWindowState(userData: string, state: WindowState): void {
  const target = path.join(userData, WINDOW_STATE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, serializeWindowState(state), 'utf-8');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    console.warn('[window] could not save the window state:', error);
  }
}

function currentWorkAreas() {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

export function createMainWindow(paths: AppPaths, userData: string): BrowserWindow {
  const state = restoreWindowState(loadWindowState(userData), currentWorkAreas(), MAIN_WINDOW_SIZE);
  const options = mainWindowOptions({ preload: paths.preload, bounds: state.bounds });
  const insecure = insecureWebPreferences(options.webPreferences ?? {});
  if (insecure.length > 0)
    throw new Error(`refusing to open a window with insecure web preferences: ${insecure.join(', ')}`);

  const window = new BrowserWindow(options);
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    if (window.isDestroyed()) return;
    saveWindowState(userData, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  });
  if (process.env.CONDUIT_DEVTOOLS === '1') window.webContents.openDevTools({ mode: 'detach' });
  void window.loadFile(paths.rendererIndex);
  return window;
}
