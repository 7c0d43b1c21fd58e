import { open } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../ipc/contract';
import { IpcFailure } from '../ipc/router';
import { LIMITS } from '../ipc/validate';

/** An I/O error as the renderer sees it: the base name and the OS code, never the full path. */
export function ioFailure(file: string, error: unknown): IpcFailure {
  const reason =
    error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'I/O error';
  return new IpcFailure('io', `${path.basename(file)}: ${reason}`);
}

/** Reads a file as UTF-8 text, refusing anything larger than LIMITS.readBytes (checked on the open handle). */
export async function readTextFile(file: string): Promise<OpenedFile> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw ioFailure(file, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new IpcFailure('io', `${path.basename(file)}: not a regular file`);
    if (stats.size > LIMITS.readBytes) {
      throw new IpcFailure(
        'too-large',
        `${path.basename(file)}: ${stats.size} bytes, more than the ${LIMITS.readBytes}-byte limit`,
      );
    }
    const buffer = await handle.readFile();
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
    return { name: path.basename(file), path: file, size: buffer.byteLength, text };
  } catch (error) {
    throw error instanceof IpcFailure ? error : ioFailure(file, error);
  } finally {
    await handle.close();
  }
}
