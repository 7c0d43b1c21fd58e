import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The privileged boundary stays narrow: exactly one file touches ipcMain and one (the preload)
 * touches ipcRenderer; nothing exposes more than one object to the page; the renderer never
 * renders raw HTML.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function filesMatching(dirs: string[], pattern: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const file of await sources(dir)) {
      if (pattern.test(await readFile(path.join(ROOT, file), 'utf-8'))) hits.push(file);
    }
  }
  return hits;
}

describe('privileged boundary', () => {
  it('only electron/main/ipc.ts imports ipcMain', async () => {
    expect(
      await filesMatching(
        ['electron', 'renderer'],
        /\bipcMain\b[^\n]*from 'electron'|import\s*\{[^}]*\bipcMain\b/,
      ),
    ).toEqual(['electron/main/ipc.ts']);
  });

  it('only the preload imports ipcRenderer', async () => {
    expect(await filesMatching(['electron', 'renderer'], /import\s*\{[^}]*\bipcRenderer\b/)).toEqual([
      'electron/preload/index.ts',
    ]);
  });

  it('the preload exposes exactly one object to the page', async () => {
    const preload = await readFile(path.join(ROOT, 'electron/preload/index.ts'), 'utf-8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('no source opens external URLs or renders raw HTML', async () => {
    expect(
      await filesMatching(
        ['electron', 'renderer'],
        /shell\.openExternal|dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|document\.write/,
      ),
    ).toEqual([]);
  });

  it('no page loads remote content', async () => {
    expect(await filesMatching(['electron', 'renderer'], /\bloadURL\(/)).toEqual([]);
  });
});
