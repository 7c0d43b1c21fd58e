import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The options of the main window. Pure (the `electron` import is types only), so the security
 * settings are unit-tested without Electron.
 */
export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preload: string;
  readonly title?: string;
  /** Dark window background to avoid a white flash before the first paint. */
  readonly backgroundColor?: string;
  /** Restored bounds (electron/main/window-state.ts); the default size, centred, without them. */
  readonly bounds?: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

export const MAIN_WINDOW_SIZE = { width: 1280, height: 820, minWidth: 880, minHeight: 560 } as const;

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: input.title ?? 'Conduit',
    ...MAIN_WINDOW_SIZE,
    ...(input.bounds ?? {}),
    show: false,
    backgroundColor: input.backgroundColor ?? '#f6f7f9',
    webPreferences: {
      preload: input.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** The web preferences a window must have; checked again when any web contents is created. */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webviewTag: false,
  webSecurity: true,
} as const;

/** Names of the required preferences that `prefs` violates (an empty list means it is safe). */
export function insecureWebPreferences(prefs: WebPreferences): string[] {
  return Object.entries(REQUIRED_WEB_PREFERENCES)
    .filter(([key, expected]) => {
      const actual = prefs[key as keyof typeof REQUIRED_WEB_PREFERENCES];
      // Electron's defaults are the secure values, so an absent key is fine.
      return actual !== undefined && actual !== expected;
    })
    .map(([key]) => key);
}
