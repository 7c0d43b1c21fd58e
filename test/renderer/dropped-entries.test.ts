import { describe, expect, it } from 'vitest';
import { type DropEntry, MAX_DEPTH, droppedFiles } from '../../renderer/host/dropped-entries';

/** A fake FileSystemEntry tree: a dropped folder as the File and Directory Entries API shows it. */
type Tree = { readonly [name: string]: string | Tree };

function entry(name: string, node: string | Tree, batch = 2): DropEntry {
  if (typeof node === 'string')
    return {
      isFile: true,
      isDirectory: false,
      name,
      file: (ok) => ok(new File([node], name)),
    };
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader: () => {
      // Like Chromium, hand the children out a few at a time, then an empty batch.
      const pending = Object.entries(node).map(([n, child]) => entry(n, child, batch));
      return { readEntries: (ok) => ok(pending.splice(0, batch)) };
    },
  };
}

describe('dropped files and folders', () => {
  it('names files by their path inside the dropped folder, sorted, skipping hidden ones', async () => {
    const site = entry('plant-site', {
      'fw2.cfg': 'b',
      'fw1.cfg': 'a',
      '.DS_Store': 'x',
      '.git': { config: 'x' },
      inner: { 'fw3.nft': 'c', deeper: { 'assets.csv': 'd' } },
      'a.conf': 'e',
    });
    const out = await droppedFiles([site], []);
    expect(out.map((f) => f.name)).toEqual([
      'a.conf',
      'fw1.cfg',
      'fw2.cfg',
      'inner/deeper/assets.csv',
      'inner/fw3.nft',
    ]);
    expect(await out[3]!.file.text()).toBe('d');
  });

  it('keeps a file dropped on its own, and uses plain files where the browser gave no entry', async () => {
    const plain = new File(['p'], 'plain.cfg');
    const out = await droppedFiles([entry('one.cfg', 'x'), null], [new File(['x'], 'one.cfg'), plain]);
    expect(out.map((f) => f.name)).toEqual(['one.cfg', 'plain.cfg']);
    expect(out[1]!.file).toBe(plain);
    expect((await droppedFiles([], [plain])).map((f) => f.name)).toEqual(['plain.cfg']);
  });

  it('stops following folders past MAX_DEPTH (a link loop cannot recurse forever)', async () => {
    let tree: Tree = { 'bottom.cfg': 'x' };
    for (let i = 0; i < MAX_DEPTH + 3; i++) tree = { [`d${i}`]: tree };
    const out = await droppedFiles([entry('root', tree)], []);
    expect(out).toEqual([]);
  });
});
