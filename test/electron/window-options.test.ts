import { describe, expect, it } from 'vitest';
import { insecureWebPreferences, mainWindowOptions } from '../../electron/security/window-options';

describe('main window options', () => {
  const options = mainWindowOptions({ preload: '/app/dist/electron/preload.cjs' });

  it('isolates and sandboxes the renderer, with no Node and no webview', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
    });
    expect(insecureWebPreferences(options.webPreferences ?? {})).toEqual([]);
  });

  it('opens hidden and shows the window once it has painted', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('Conduit');
  });

  it('names every weakened preference', () => {
    expect(
      insecureWebPreferences({
        contextIsolation: false,
        sandbox: false,
        nodeIntegration: true,
        webviewTag: true,
        webSecurity: false,
      }),
    ).toEqual(['contextIsolation', 'sandbox', 'nodeIntegration', 'webviewTag', 'webSecurity']);
    expect(insecureWebPreferences({})).toEqual([]);
  });
});
