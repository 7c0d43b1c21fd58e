import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../electron/main/paths';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN_DIR = path.join(ROOT, 'dist', 'electron');

describe('app paths', () => {
  it('finds the preload and renderer beside the bundled main', () => {
    const paths = appPaths(MAIN_DIR);
    expect(paths.preload).toBe(path.join(MAIN_DIR, 'preload.cjs'));
    expect(paths.appUrl).toBe(pathToFileURL(path.join(ROOT, 'dist', 'renderer', 'index.html')).href);
    expect(paths.appRoot.endsWith('/dist/renderer/')).toBe(true);
  });

  it('finds the example site in the checkout when not packaged', () => {
    const site = appPaths(MAIN_DIR).exampleSite;
    expect(site).toBe(path.join(ROOT, 'examples', 'plant-site'));
    expect(existsSync(path.join(site, 'site.yaml'))).toBe(true);
  });

  it('finds the example site under the resources folder when packaged (extraResources)', () => {
    const resources = path.join(path.sep, 'opt', 'Conduit', 'resources');
    const main = path.join(resources, 'app.asar', 'dist', 'electron');
    expect(appPaths(main, { isPackaged: true, resourcesPath: resources }).exampleSite).toBe(
      path.join(resources, 'examples', 'plant-site'),
    );
  });
});
