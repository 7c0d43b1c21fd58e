import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { InvokeHandlers } from '../ipc/router';
import { IpcFailure } from '../ipc/router';
import { sanitizeFileName } from '../ipc/validate';
import { writeFileAtomic } from './atomic-write';
import type { FileGrants } from './file-grants';
import { ioFailure, readTextFile } from './read-text-file';
import type { LaunchQueue } from './launch-files';
import type { RecentProjects } from './recent-projects';

/**
 * The `project:*` channels: open a `.conduit` file through the dialog or from the recent list,
 * save it atomically, keep the recent list. The renderer names a path only to save back where
 * the project came from, and that path must have been granted (chosen in a dialog or taken
 * from the recent list in this session); the recent list only takes granted paths.
 */

export const PROJECT_EXTENSION = '.conduit';
const PROJECT_FILTERS: FileFilter[] = [
  { name: 'Conduit project', extensions: ['conduit'] },
  { name: 'All files', extensions: ['*'] },
];

/** The suggested file name with `.conduit` (replacing a `.json` one), made safe for the dialog. */
export function projectFileName(suggested: string): string {
  const safe = sanitizeFileName(suggested, 'project');
  if (safe.toLowerCase().endsWith(PROJECT_EXTENSION)) return safe;
  return `${safe.replace(/\.json$/i, '')}${PROJECT_EXTENSION}`;
}

/**
 * Where to save what the save dialog returned. Linux dialogs do not add the filter's extension,
 * so a name without one gets `.conduit`, unless that file exists: the dialog only confirmed
 * overwriting the name the user typed, so the typed name is used as it is.
 */
export function projectSavePath(chosen: string, exists: (file: string) => boolean): string {
  if (path.extname(chosen) !== '') return chosen;
  const withExtension = `${chosen}${PROJECT_EXTENSION}`;
  return exists(withExtension) ? chosen : withExtension;
}

export interface ProjectContext {
  readonly getWindow: () => BrowserWindow | null;
  readonly grants: FileGrants;
  readonly recent: RecentProjects;
  readonly launch?: LaunchQueue;
}

type ProjectHandlers = Pick<
  InvokeHandlers,
  | 'project:open'
  | 'project:openRecent'
  | 'project:save'
  | 'project:recent'
  | 'project:remember'
  | 'project:launch'
>;

async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export function createProjectHandlers({
  getWindow,
  grants,
  recent,
  launch,
}: ProjectContext): ProjectHandlers {
  return {
    'project:launch': async () => {
      const file = launch?.take() ?? null;
      if (file === null) return null;
      // The OS chose it (a double-click): it joins the recent list, which is what lets
      // project:openRecent read it, as a dialog's choice would.
      const entry = await recent.add(file);
      return { path: entry.path };
    },

    'project:open': async () => {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Open project',
        properties: ['openFile'],
        filters: PROJECT_FILTERS,
      };
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      const [file] = result.filePaths;
      if (result.canceled || file === undefined) return null;
      grants.grant(file);
      return readTextFile(file);
    },

    'project:openRecent': async ({ path: file }) => {
      const entry = recent.find(file);
      if (!entry) throw new IpcFailure('not-granted', `${path.basename(file)}: not in the recent projects`);
      try {
        const opened = await readTextFile(entry.path);
        grants.grant(entry.path);
        return opened;
      } catch (error) {
        // A project that is gone leaves the list; one that cannot be read now stays.
        if (!(await fileExists(entry.path))) await recent.remove(entry.path).catch(() => undefined);
        throw error;
      }
    },

    'project:save': async ({ content, suggestedName, path: location }) => {
      let target: string;
      if (location !== null) {
        if (!grants.has(location)) {
          throw new IpcFailure(
            'not-granted',
            `${path.basename(location)}: not opened by the user in this session`,
          );
        }
        target = location;
      } else {
        const window = getWindow();
        const options: Electron.SaveDialogOptions = {
          title: 'Save project',
          defaultPath: path.join(app.getPath('documents'), projectFileName(suggestedName)),
          filters: PROJECT_FILTERS.slice(0, 1),
          properties: ['showOverwriteConfirmation', 'createDirectory'],
        };
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        if (result.canceled || !result.filePath) return null;
        const chosen = result.filePath;
        const exists = await fileExists(`${chosen}${PROJECT_EXTENSION}`);
        target = projectSavePath(chosen, () => exists);
      }
      try {
        await writeFileAtomic(target, content);
      } catch (error) {
        throw ioFailure(target, error);
      }
      grants.grant(target);
      return { path: target };
    },

    'project:recent': () => [...recent.list()],

    'project:remember': async ({ path: file }) => {
      if (!grants.has(file)) {
        throw new IpcFailure('not-granted', `${path.basename(file)}: not opened by the user in this session`);
      }
      try {
        await recent.add(file);
      } catch (error) {
        throw ioFailure(recent.file, error);
      }
      return null;
    },
  };
}
