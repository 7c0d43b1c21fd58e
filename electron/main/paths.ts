import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the bundled app's files are, relative to dist/electron/main.cjs. */
export interface AppPaths {
  readonly preload: string;
  readonly rendererIndex: string;
  /** file: URL of dist/renderer/index.html: the only page the app loads. */
  readonly appUrl: string;
  /** file: URL of dist/renderer/ (ending in `/`): the only files the page may load. */
  readonly appRoot: string;
  /**
   * The bundled example site's folder on disk: `<resources>/examples/plant-site` when packaged
   * (electron-builder.yml's extraResources), `examples/plant-site` in the checkout otherwise.
   * The renderer embeds the same files in its build and opens them from there on first start;
   * Help > Show Example Site Folder reveals this folder so users can look at real inputs.
   */
  readonly exampleSite: string;
}

export interface PackagingInfo {
  /** `app.isPackaged`. */
  readonly isPackaged: boolean;
  /** `process.resourcesPath` (only meaningful when packaged). */
  readonly resourcesPath: string;
}

export const EXAMPLE_SITE_FOLDER = path.join('examples', 'plant-site');

export function appPaths(
  mainDir: string,
  packaging: PackagingInfo = { isPackaged: false, resourcesPath: '' },
): AppPaths {
  const rendererDir = path.resolve(mainDir, '..', 'renderer');
  const rendererIndex = path.join(rendererDir, 'index.html');
  return {
    preload: path.join(mainDir, 'preload.cjs'),
    rendererIndex,
    appUrl: pathToFileURL(rendererIndex).href,
    appRoot: pathToFileURL(rendererDir + path.sep).href,
    exampleSite: packaging.isPackaged
      ? path.join(packaging.resourcesPath, EXAMPLE_SITE_FOLDER)
      : // dist/electron/ -> the checkout's root.
        path.resolve(mainDir, '..', '..', EXAMPLE_SITE_FOLDER),
  };
}
