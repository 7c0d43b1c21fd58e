import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE_SITE_FOLDER } from '../../electron/main/paths';

/**
 * electron-builder.yml is checked against electron-builder's own configuration schema
 * (app-builder-lib/scheme.json, the version in package-lock.json), and against the repository:
 * what it ships must exist and be what the main process looks for. Packaging itself downloads
 * Electron and is not run here.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf-8')) as Record<
  string,
  unknown
>;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf-8')) as {
  main: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The validator for electron-builder's configuration, compiled once. */
const validateConfig = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf-8')) as object,
);

type Target = string | { target: string };
const targets = (platform: string): string[] =>
  ((config[platform] as { target: Target[] }).target ?? []).map((t) =>
    typeof t === 'string' ? t : t.target,
  );

/** electron-builder's file patterns: `**` any depth, `*` within one segment. Enough for this file. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/\*|\*\*|\*)/)
    .map((part) => {
      if (part === '**/*' || part === '**') return '.*';
      if (part === '*') return '[^/]*';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function shipped(file: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(file)) included = !negated;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's configuration schema", () => {
    expect(validateConfig(config) ? [] : validateConfig.errors).toEqual([]);
  });

  it('the schema check would catch a mistake', () => {
    expect(validateConfig({ ...config, asar: 'yes' })).toBe(false);
    expect(validateConfig({ ...config, notAnOption: true })).toBe(false);
    expect(validateConfig({ ...config, linux: { target: [{ target: 'AppImage', arch: 'sparc' }] } })).toBe(
      false,
    );
  });

  it('names the app and builds AppImage and deb, NSIS and portable, and dmg', () => {
    expect(config).toMatchObject({ appId: 'org.conduit.desktop', productName: 'Conduit', asar: true });
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(targets('win')).toEqual(['nsis', 'portable']);
    expect(targets('mac')).toEqual(['dmg']);
  });

  it('ships an allow-list: the bundles and package.json, never sources, tests or maps', () => {
    const files = config.files as string[];
    for (const file of [pkg.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package.json'])
      expect(shipped(file, files), file).toBe(true);
    for (const file of [
      'electron/main/index.ts',
      'models/report/html.ts',
      'renderer/app.tsx',
      'test/electron/preload.test.ts',
      'examples/plant-site/site.yaml',
      'dist/electron/main.cjs.map',
      'node_modules/react/index.js',
      'tsconfig.json',
      '.git/config',
    ])
      expect(shipped(file, files), file).toBe(false);
  });

  it('ships the example site where the packaged main process looks for it', () => {
    const [resource] = config.extraResources as Array<{ from: string; to: string }>;
    expect(existsSync(path.join(ROOT, resource!.from, 'plant-site', 'site.yaml'))).toBe(true);
    // paths.ts: <resourcesPath>/examples/plant-site when packaged.
    expect(path.join(resource!.to, 'plant-site')).toBe(EXAMPLE_SITE_FOLDER);
  });

  it('every file it names exists (after a build, for the bundles)', () => {
    expect(existsSync(path.join(ROOT, 'package.json'))).toBe(true);
    const built = existsSync(path.join(ROOT, pkg.main));
    if (built) {
      for (const file of ['dist/electron/preload.cjs', 'dist/renderer/index.html'])
        expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    const buildResources = (config.directories as { buildResources: string }).buildResources;
    for (const platform of ['linux', 'win', 'mac']) {
      const icon = (config[platform] as { icon?: string }).icon;
      if (icon !== undefined) expect(existsSync(path.join(ROOT, buildResources, icon)), icon).toBe(true);
    }
  });

  it('is what `npm run dist` runs, with electron-builder pinned', () => {
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(require('app-builder-lib/package.json').version).toBe(pkg.devDependencies['electron-builder']);
  });
});
