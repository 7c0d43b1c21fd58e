import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecentProjectEntry } from '../ipc/contract';
import { writeFileAtomic } from './atomic-write';

/**
 * The recent-projects list, kept as JSON in the userData folder: at most MAX_RECENT entries,
 * most recent first, one entry per path. A missing or corrupt file is an empty list, never a
 * crash. The list functions are pure; `RecentProjects` adds loading and saving.
 */

export const MAX_RECENT = 10;
export const RECENT_FILE = 'recent-projects.json';
const FORMAT_VERSION = 1;

/** Paths compare case-insensitively where the file system usually does (Windows, macOS). */
export function pathKey(file: string, caseInsensitive: boolean): string {
  const resolved = path.resolve(file);
  return caseInsensitive ? resolved.toLowerCase() : resolved;
}

function isEntry(value: unknown): value is RecentProjectEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.path === 'string' &&
    path.isAbsolute(entry.path) &&
    !entry.path.includes('\0') &&
    typeof entry.name === 'string' &&
    typeof entry.at === 'string' &&
    !Number.isNaN(Date.parse(entry.at))
  );
}

/** The list in a recent-projects file; anything unreadable is dropped, a corrupt file gives []. */
export function parseRecent(text: string, caseInsensitive = false): RecentProjectEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const projects = (data as { projects?: unknown }).projects;
  if (!Array.isArray(projects)) return [];
  let list: RecentProjectEntry[] = [];
  // Oldest first, so the dedup in addRecent keeps the most recent position of a path.
  for (const entry of [...projects].reverse()) {
    if (isEntry(entry))
      list = addRecent(list, { path: entry.path, name: entry.name, at: entry.at }, caseInsensitive);
  }
  return list;
}

export function serializeRecent(list: readonly RecentProjectEntry[]): string {
  return `${JSON.stringify({ version: FORMAT_VERSION, projects: list }, null, 2)}\n`;
}

/** Puts `entry` first, drops an older entry for the same path, keeps at most MAX_RECENT. */
export function addRecent(
  list: readonly RecentProjectEntry[],
  entry: RecentProjectEntry,
  caseInsensitive = false,
): RecentProjectEntry[] {
  const key = pathKey(entry.path, caseInsensitive);
  return [entry, ...list.filter((e) => pathKey(e.path, caseInsensitive) !== key)].slice(0, MAX_RECENT);
}

export function findRecent(
  list: readonly RecentProjectEntry[],
  file: string,
  caseInsensitive = false,
): RecentProjectEntry | undefined {
  const key = pathKey(file, caseInsensitive);
  return list.find((e) => pathKey(e.path, caseInsensitive) === key);
}

export interface RecentProjectsOptions {
  readonly caseInsensitive?: boolean;
  readonly now?: () => Date;
  /** Called after every change (the menu's Open Recent is rebuilt, the OS list updated). */
  readonly onChange?: (list: readonly RecentProjectEntry[], added?: RecentProjectEntry) => void;
}

/** The list behind `project:recent`, persisted to `file` after every change. */
export class RecentProjects {
  #list: RecentProjectEntry[] = [];
  readonly #caseInsensitive: boolean;
  readonly #now: () => Date;

  constructor(
    readonly file: string,
    private readonly options: RecentProjectsOptions = {},
  ) {
    this.#caseInsensitive =
      options.caseInsensitive ?? (process.platform === 'win32' || process.platform === 'darwin');
    this.#now = options.now ?? (() => new Date());
  }

  /** Reads the file; a missing or corrupt one leaves the list empty. */
  async load(): Promise<readonly RecentProjectEntry[]> {
    try {
      this.#list = parseRecent(await readFile(this.file, 'utf-8'), this.#caseInsensitive);
    } catch {
      this.#list = [];
    }
    return this.#list;
  }

  list(): readonly RecentProjectEntry[] {
    return this.#list;
  }

  find(file: string): RecentProjectEntry | undefined {
    return findRecent(this.#list, file, this.#caseInsensitive);
  }

  async add(file: string): Promise<RecentProjectEntry> {
    const entry = { path: file, name: path.basename(file), at: this.#now().toISOString() };
    this.#list = addRecent(this.#list, entry, this.#caseInsensitive);
    await this.#save(entry);
    return entry;
  }

  async remove(file: string): Promise<void> {
    const key = pathKey(file, this.#caseInsensitive);
    this.#list = this.#list.filter((e) => pathKey(e.path, this.#caseInsensitive) !== key);
    await this.#save();
  }

  async clear(): Promise<void> {
    this.#list = [];
    await this.#save();
  }

  /** Writes one after another, so a slow earlier write never lands after a later one. */
  #saving: Promise<void> = Promise.resolve();

  async #save(added?: RecentProjectEntry): Promise<void> {
    this.options.onChange?.(this.#list, added);
    const text = serializeRecent(this.#list);
    const write = this.#saving.then(() => writeFileAtomic(this.file, text));
    this.#saving = write.catch(() => undefined);
    await write;
  }
}
