import type { IpcResult, MenuCommand } from '../../electron/ipc/contract';
import { CONDUIT_GLOBAL, type ConduitApi } from '../../electron/preload/api';
import type { Host, HostFileError, OpenResult, ProjectFile, RecentProject, SaveOutcome } from './host';
import { readFileList } from './read-files';

/** The host inside Electron: dialogs and file access go through the preload's `window.conduit`. */

/** The bridge the preload exposed, if this page runs inside Conduit's Electron shell. */
export function findBridge(scope: object = globalThis): ConduitApi | null {
  const candidate = (scope as Record<string, unknown>)[CONDUIT_GLOBAL] as Partial<ConduitApi> | undefined;
  return candidate && candidate.apiVersion === 1 ? (candidate as ConduitApi) : null;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(result.error.message);
}

/**
 * Whether keyboard focus is in a text field, where Edit > Undo/Redo belong to the field (its
 * own typing history) rather than to the project.
 */
export function focusIsEditable(
  doc: Pick<Document, 'activeElement'> | undefined = globalThis.document,
): boolean {
  const element = doc?.activeElement as (Element & { isContentEditable?: boolean; type?: string }) | null;
  if (!element) return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea') return true;
  if (tag !== 'input') return false;
  const type = (element.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit'].includes(
    type,
  );
}

export interface ElectronHostOptions {
  /** Whether a text field has focus (see focusIsEditable); injectable for tests. */
  readonly focusIsEditable?: () => boolean;
  /** Runs the field's own undo/redo (document.execCommand in the page). */
  readonly editCommand?: (command: 'undo' | 'redo') => void;
}

function defaultEditCommand(command: 'undo' | 'redo'): void {
  // execCommand is deprecated for rich editing but remains the one way to drive a text field's
  // own undo stack from outside the keyboard, and Chromium supports it.
  globalThis.document?.execCommand(command);
}

export function createElectronHost(bridge: ConduitApi, options: ElectronHostOptions = {}): Host {
  const editable = options.focusIsEditable ?? (() => focusIsEditable());
  const editCommand = options.editCommand ?? defaultEditCommand;

  const toProject = (file: { name: string; path: string; text: string }): ProjectFile => ({
    name: file.name,
    location: file.path,
    text: file.text,
  });

  return {
    kind: 'electron',
    async openFiles(): Promise<OpenResult> {
      const result = await bridge.dialog.openFiles();
      if (!result.ok) {
        const errors: HostFileError[] = [{ name: 'Open', message: result.error.message }];
        return { files: [], errors };
      }
      return { files: result.value.map(({ name, size, text }) => ({ name, size, text })), errors: [] };
    },
    // Dropped files arrive as File objects in the page; the File API reads them, no IPC needed.
    readFiles: readFileList,
    async saveFile(request): Promise<SaveOutcome> {
      const saved = unwrap(await bridge.file.write(request));
      return saved ? { status: 'saved', location: saved.path } : { status: 'cancelled' };
    },
    async openProject() {
      const opened = unwrap(await bridge.project.open());
      return opened ? toProject(opened) : null;
    },
    async openRecentProject(key) {
      return toProject(unwrap(await bridge.project.openRecent({ path: key })));
    },
    async saveProject(request): Promise<SaveOutcome> {
      const saved = unwrap(
        await bridge.project.save({
          content: request.content,
          suggestedName: request.suggestedName,
          path: request.location,
        }),
      );
      return saved ? { status: 'saved', location: saved.path } : { status: 'cancelled' };
    },
    async recentProjects(): Promise<readonly RecentProject[]> {
      return unwrap(await bridge.project.recent()).map((entry) => ({
        key: entry.path,
        name: entry.name,
        location: entry.path,
        at: entry.at,
      }));
    },
    async launchProject() {
      return unwrap(await bridge.project.launch())?.path ?? null;
    },
    async rememberProject(project) {
      // A project that never touched the disk (the bundled example, a new one) has no place in the list.
      if (project.location === null) return;
      unwrap(await bridge.project.remember({ path: project.location }));
    },
    async exportPdf(request) {
      // Two prints, as in the CLI: a draft tells on which page each section starts, the final
      // one carries those numbers in its table of contents.
      const draft = await request.render(null);
      const pages = unwrap(await bridge.report.measurePdf({ html: draft }));
      const html = Object.keys(pages).length > 0 ? await request.render(pages) : draft;
      const saved = unwrap(
        await bridge.report.printPdf({
          html,
          suggestedName: request.suggestedName,
          generatedAt: request.generatedAt,
        }),
      );
      return saved ? { status: 'saved', location: saved.path } : { status: 'cancelled' };
    },
    setDocumentState(state) {
      void bridge.window
        .setDocumentState({ title: state.title.slice(0, 200), dirty: state.dirty })
        .then((result) => {
          if (!result.ok) console.warn('[host] setDocumentState:', result.error.message);
        });
    },
    closeWindow() {
      void bridge.window.close({ force: true }).then((result) => {
        if (!result.ok) console.warn('[host] closeWindow:', result.error.message);
      });
    },
    onMenuCommand(listener) {
      return bridge.on('menu:invoked', ({ command, argument }) => {
        if ((command === 'undo' || command === 'redo') && editable()) {
          editCommand(command);
          return;
        }
        deliver(listener, command, argument);
      });
    },
    async describe() {
      const v = unwrap(await bridge.app.versions());
      return `Conduit ${v.app} · Electron ${v.electron} · Chromium ${v.chrome} · ${v.platform}`;
    },
  };
}

function deliver(
  listener: (command: MenuCommand, argument?: string) => void,
  command: MenuCommand,
  argument: string | undefined,
): void {
  if (argument === undefined) listener(command);
  else listener(command, argument);
}
