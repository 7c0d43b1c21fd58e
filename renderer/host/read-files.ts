import type { NamedFile } from './dropped-entries';
import { MAX_FILE_BYTES, type HostFileError, type OpenResult, type HostFile } from './host';

/**
 * Reads File objects (from an <input type=file> or a drop) as UTF-8 text, refusing oversized
 * ones. A `NamedFile` carries the name to use (its path inside a dropped folder).
 */
export async function readFileList(files: readonly (File | NamedFile)[]): Promise<OpenResult> {
  const read: HostFile[] = [];
  const errors: HostFileError[] = [];
  for (const item of files) {
    const file = item instanceof File ? item : item.file;
    const { name } = item;
    if (file.size > MAX_FILE_BYTES) {
      errors.push({
        name,
        message: `${formatBytes(file.size)} is more than the ${formatBytes(MAX_FILE_BYTES)} limit`,
      });
      continue;
    }
    try {
      read.push({ name, size: file.size, text: await file.text() });
    } catch (error) {
      errors.push({ name, message: error instanceof Error ? error.message : 'could not be read' });
    }
  }
  return { files: read, errors };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
