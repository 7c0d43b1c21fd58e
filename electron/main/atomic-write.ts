import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees either the old content or the new, never a
 * half-written file: write a temp file beside the target (same directory, so the same file
 * system), flush it to disk, then rename it over the target. On any failure the temp file is
 * removed and the previous file is left as it was.
 */

/** The file-system calls used, injectable so tests can make any step fail. */
export type AtomicWriteFs = Pick<typeof fsPromises, 'open' | 'rename' | 'rm' | 'stat'>;

/** The temp file's name: hidden, beside the target, unique per attempt. */
export function tempPathFor(target: string, random: string = randomBytes(6).toString('hex')): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${random}.tmp`);
}

export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  fs: AtomicWriteFs = fsPromises,
): Promise<void> {
  const temp = tempPathFor(target);
  // Keep the permissions of the file being replaced; a new file gets the usual 0o666 & ~umask.
  const mode = await fs.stat(target).then(
    (stats) => stats.mode & 0o777,
    () => 0o666,
  );
  let handle: fsPromises.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(data, typeof data === 'string' ? 'utf-8' : undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(target), fs);
}

/** Flushes the rename itself (the directory entry) where the platform allows it; best effort. */
async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the data itself is already on disk.
  }
}
