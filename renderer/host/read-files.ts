import { MAX_FILE_BYTES, type HostFileError, type OpenResult, type HostFile } from './host';

/** Reads File objects (from an <input type=file> or a drop) as UTF-8 text, refusing oversized ones. */
export async function readFileList(files: readonly File[]): Promise<OpenResult> {
  const read: HostFile[] = [];
  const errors: HostFileError[] = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      errors.push({
        name: file.name,
        message: `${formatBytes(file.size)} is more than the ${formatBytes(MAX_FILE_BYTES)} limit`,
      });
      continue;
    }
    try {
      read.push({ name: file.name, size: file.size, text: await file.text() });
    } catch (error) {
      errors.push({ name: file.name, message: error instanceof Error ? error.message : 'could not be read' });
    }
  }
  return { files: read, errors };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
