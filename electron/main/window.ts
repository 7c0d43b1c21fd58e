import { BrowserWindow } from 'electron';
import { insecureWebPreferences, mainWindowOptions } from '../security/window-options';
import type { AppPaths } from './paths';

export function createMainWindow(paths: AppPaths): BrowserWindow {
  const options = mainWindowOptions({ preload: paths.preload });
  const insecure = insecureWebPreferences(options.webPreferences ?? {});
  if (insecure.length > 0)
    throw new Error(`refusing to open a window with insecure web preferences: ${insecure.join(', ')}`);

  const window = new BrowserWindow(options);
  window.once('ready-to-show', () => window.show());
  if (process.env.CONDUIT_DEVTOOLS === '1') window.webContents.openDevTools({ mode: 'detach' });
  void window.loadFile(paths.rendererIndex);
  return window;
}
