/**
 * What a drop carries, flattened into files with the names the analysis cites them by: a file
 * dropped on its own keeps its name; a dropped folder contributes every file below it, named by
 * its path inside that folder (`sub/fw1.cfg`), the way `conduit analyze FOLDER` names them.
 * Hidden files and folders (.git, .DS_Store) are skipped, as the CLI skips them; names are
 * sorted so a folder always imports in the same order.
 */

export interface NamedFile {
  readonly name: string;
  readonly file: File;
}

/** The parts of the File and Directory Entries API a drop needs (webkitGetAsEntry). */
export interface DropEntry {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  file?(success: (file: File) => void, failure?: (error: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: DropEntry[]) => void, failure?: (error: unknown) => void): void;
  };
}

/** Folders deeper than this are not followed (a symlink loop cannot recurse forever). */
export const MAX_DEPTH = 32;

function readFile(entry: DropEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file!(resolve, reject));
}

/** readEntries returns a batch at a time (Chromium: 100); it is called until it returns none. */
async function readAll(entry: DropEntry): Promise<DropEntry[]> {
  const reader = entry.createReader!();
  const out: DropEntry[] = [];
  for (;;) {
    const batch = await new Promise<DropEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: DropEntry, prefix: string, depth: number, out: NamedFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    out.push({ name: prefix + entry.name, file: await readFile(entry) });
    return;
  }
  if (!entry.isDirectory || depth >= MAX_DEPTH) return;
  const children = (await readAll(entry)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // The dropped folder itself is the root: its own name is not part of the files' names.
  const childPrefix = depth === 0 ? '' : `${prefix}${entry.name}/`;
  for (const child of children) await walk(child, childPrefix, depth + 1, out);
}

/**
 * The files of a drop. `entries` are the items' `webkitGetAsEntry()` results (null where the
 * browser gave none), `files` the plain `dataTransfer.files` used for those.
 */
export async function droppedFiles(
  entries: readonly (DropEntry | null)[],
  files: readonly File[],
): Promise<NamedFile[]> {
  const out: NamedFile[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry) await walk(entry, '', 0, out);
    else if (files[i]) out.push({ name: files[i].name, file: files[i] });
  }
  if (entries.length === 0) for (const file of files) out.push({ name: file.name, file });
  return out;
}
