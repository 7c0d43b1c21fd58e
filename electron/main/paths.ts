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
}

export function appPaths(mainDir: string): AppPaths {
  const rendererDir = path.resolve(mainDir, '..', 'renderer');
  const rendererIndex = path.join(rendererDir, 'index.html');
  return {
    preload: path.join(mainDir, 'preload.cjs'),
    rendererIndex,
    appUrl: pathToFileURL(rendererIndex).href,
    appRoot: pathToFileURL(rendererDir + path.sep).href,
  };
}
