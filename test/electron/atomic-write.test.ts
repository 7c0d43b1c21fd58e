import * as fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomic, type AtomicWriteFs } from '../../electron/main/atomic-write';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'conduit-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const failure = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one, leaving no temp file', async () => {
    const target = path.join(dir, 'site.conduit');
    await writeFileAtomic(target, '{"v":1}');
    expect(await readFile(target, 'utf-8')).toBe('{"v":1}');
    await writeFileAtomic(target, new TextEncoder().encode('{"v":2}'));
    expect(await readFile(target, 'utf-8')).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(['site.conduit']);
  });

  it('writes the temp file beside the target, hidden, with a unique suffix', () => {
    expect(tempPathFor('/sites/plant.conduit', 'abc')).toBe(path.join('/sites', '.plant.conduit.abc.tmp'));
    expect(tempPathFor('/sites/plant.conduit')).not.toBe(tempPathFor('/sites/plant.conduit'));
  });

  it.skipIf(process.platform === 'win32')('keeps the permissions of the file it replaces', async () => {
    const target = path.join(dir, 'private.conduit');
    await writeFile(target, 'old', { mode: 0o600 });
    await fsPromises.chmod(target, 0o600);
    await writeFileAtomic(target, 'new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves the previous file intact and removes the temp file when the rename fails', async () => {
    const target = path.join(dir, 'site.conduit');
    await writeFile(target, 'previous');
    let renamedFrom: string | null = null;
    const fs: AtomicWriteFs = {
      ...fsPromises,
      rename: async (from) => {
        renamedFrom = String(from);
        // The temp file really was written before the rename was attempted.
        expect(await readFile(from, 'utf-8')).toBe('next');
        throw failure('EXDEV');
      },
    };
    await expect(writeFileAtomic(target, 'next', fs)).rejects.toMatchObject({ code: 'EXDEV' });
    expect(renamedFrom).not.toBeNull();
    expect(path.dirname(renamedFrom!)).toBe(dir);
    expect(await readFile(target, 'utf-8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['site.conduit']);
  });

  it('leaves the previous file intact and removes the temp file when writing fails midway', async () => {
    const target = path.join(dir, 'site.conduit');
    await writeFile(target, 'previous');
    const fs: AtomicWriteFs = {
      ...fsPromises,
      open: (async (file: string, flags: string, mode: number) => {
        const handle = await fsPromises.open(file, flags, mode);
        // Write part of the data, then fail as a full disk would.
        return Object.assign(Object.create(handle) as fsPromises.FileHandle, {
          writeFile: async () => {
            await handle.write('ne');
            throw failure('ENOSPC');
          },
          close: () => handle.close(),
        });
      }) as AtomicWriteFs['open'],
    };
    await expect(writeFileAtomic(target, 'next', fs)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf-8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['site.conduit']);
  });

  it('fails without touching anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.conduit'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
