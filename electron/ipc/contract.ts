/**
 * The typed IPC contract between the main process, the preload and the renderer. Types only:
 * main, preload and renderer all import it, and nothing here may need a runtime.
 *
 * - invoke channels are named `<domain>:<verb>`; the interface key is the channel name;
 * - events (main -> renderer) are named `<domain>:<pastTense>`;
 * - every invoke resolves to an `IpcResult`: handlers never reject across the bridge.
 *
 * The privileged surface stays small: dialogs, file read/write, projects, the window's
 * document state, PDF printing, app info, menu events.
 * Parsing and analysis are `models/` code that runs in the renderer's worker.
 */

export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export type IpcErrorCode =
  /** The request did not come from the app's own page. */
  | 'forbidden-sender'
  /** The arguments failed validation. */
  | 'invalid-argument'
  /** The path was not chosen by the user through a dialog in this session. */
  | 'not-granted'
  /** The file is larger than the app accepts. */
  | 'too-large'
  /** Reading or writing failed (the message carries the OS reason). */
  | 'io'
  /** An unexpected failure in the handler. */
  | 'internal';

export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
}

/** A file the user chose, read by the main process. */
export interface OpenedFile {
  /** The base name, used as the file name in every SourceRef. */
  readonly name: string;
  /** The absolute path; the main process grants later `file:read` calls on it. */
  readonly path: string;
  readonly size: number;
  readonly text: string;
}

export interface OpenFilesRequest {
  /** Dialog title; the default names firewall configs. */
  readonly title?: string;
}

export interface ReadFileRequest {
  /** A path previously returned by `dialog:openFiles`. */
  readonly path: string;
}

/** What a saved file holds, so the save dialog can offer a matching filter. */
export type SaveKind = 'csv' | 'json' | 'html' | 'text';

export interface WriteFileRequest {
  /** A file name to suggest in the save dialog; directories are stripped. */
  readonly suggestedName: string;
  readonly kind: SaveKind;
  readonly content: string;
}

/** `null` when the user cancelled the save dialog. */
export type WriteFileResult = { readonly path: string } | null;

/** Where to save a project: `path` is where it was opened from or last saved; null asks the user. */
export interface SaveProjectRequest {
  readonly content: string;
  /** A file name to suggest in the save dialog; `.conduit` is added when missing. */
  readonly suggestedName: string;
  /** A path the user opened or saved in this session, or from the recent list; null for Save As. */
  readonly path: string | null;
}

/** One entry of the recent-projects list the main process keeps in userData. */
export interface RecentProjectEntry {
  readonly path: string;
  /** The file's base name. */
  readonly name: string;
  /** ISO 8601 time of the last open or save. */
  readonly at: string;
}

export interface OpenRecentRequest {
  /** A path from `project:recent`. */
  readonly path: string;
}

export interface RememberProjectRequest {
  /** A path the user opened or saved in this session. */
  readonly path: string;
}

/** What the window shows: the document's title and whether it has unsaved changes. */
export interface DocumentStateRequest {
  readonly title: string;
  readonly dirty: boolean;
}

export interface CloseWindowRequest {
  /** True closes without asking about unsaved changes (after a save the user asked for). */
  readonly force: boolean;
}

export interface PrintPdfRequest {
  /** A self-contained report: inline CSS and SVG, no scripts (they do not run), no network. */
  readonly html: string;
  /** A file name to suggest in the save dialog; `.pdf` is added when missing. */
  readonly suggestedName: string;
  /**
   * The report's date (ISO 8601, UTC), written as the PDF's creation and modification dates, so
   * the same inputs give the same PDF (as `conduit analyze --pdf` does).
   */
  readonly generatedAt: string;
}

export interface MeasurePdfRequest {
  /** The report's draft HTML, printed only to see where its sections land. */
  readonly html: string;
}

/** The page (1-based) each named destination (a section's anchor id) landed on. */
export type PdfPages = Record<string, number>;

export interface AppVersions {
  readonly app: string;
  readonly electron: string;
  readonly chrome: string;
  readonly node: string;
  readonly platform: string;
}

/** Invoke channels: renderer -> main, with a reply. `args` is the argument tuple. */
export interface InvokeContract {
  'app:versions': { args: []; value: AppVersions };
  /** Shows the open dialog; resolves to the chosen files (empty when cancelled). */
  'dialog:openFiles': { args: [request?: OpenFilesRequest]; value: OpenedFile[] };
  /** Re-reads a file the user opened earlier in this session. */
  'file:read': { args: [request: ReadFileRequest]; value: OpenedFile };
  /** Shows the save dialog and writes the content where the user chose. */
  'file:write': { args: [request: WriteFileRequest]; value: WriteFileResult };
  /** Shows the open dialog for a `.conduit` project; null when cancelled. Grants the path. */
  'project:open': { args: []; value: OpenedFile | null };
  /** Re-reads a project from the recent list (and grants it). */
  'project:openRecent': { args: [request: OpenRecentRequest]; value: OpenedFile };
  /** Writes a project atomically to a granted path, or where the user chooses when `path` is null. */
  'project:save': { args: [request: SaveProjectRequest]; value: WriteFileResult };
  /** The recent projects, most recent first. */
  'project:recent': { args: []; value: RecentProjectEntry[] };
  /**
   * The project the operating system asked to open before the renderer was listening (a
   * double-clicked `.conduit`), added to the recent list so `project:openRecent` opens it; null
   * when there is none. Later requests arrive as `open-recent` menu commands.
   */
  'project:launch': { args: []; value: { readonly path: string } | null };
  /** Puts a granted project path at the top of the recent list. */
  'project:remember': { args: [request: RememberProjectRequest]; value: null };
  /** Sets the window title and unsaved-changes mark (asked about when the window closes). */
  'window:setDocumentState': { args: [state: DocumentStateRequest]; value: null };
  /** Closes the window; `force` skips the unsaved-changes prompt. */
  'window:close': { args: [request: CloseWindowRequest]; value: null };
  /**
   * Prints a draft of a report and reads which page each anchor landed on, so the renderer can
   * fill the table of contents' page numbers before the real print (as the CLI does).
   */
  'report:measurePdf': { args: [request: MeasurePdfRequest]; value: PdfPages };
  /** Prints a report to PDF where the user chooses; null when cancelled. */
  'report:printPdf': { args: [request: PrintPdfRequest]; value: WriteFileResult };
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeValue<C extends InvokeChannel> = InvokeContract[C]['value'];

/** Commands the native menu sends to the renderer. */
export type MenuCommand =
  | 'new-project'
  | 'open-project'
  /** With the recent project's key as `argument`. */
  | 'open-recent'
  | 'save-project'
  | 'save-project-as'
  | 'open-configs'
  | 'import-inventory'
  | 'export-report'
  | 'undo'
  | 'redo'
  | 'zoom-in'
  | 'zoom-out'
  | 'fit'
  | 'toggle-sidebar'
  | 'toggle-inspector'
  /** The window is closing with unsaved changes and the user chose Save: save, then close. */
  | 'save-and-close';

/** Event channels: main -> renderer, no reply. */
export interface EventContract {
  'menu:invoked': { readonly command: MenuCommand; readonly argument?: string };
}

export type EventChannel = keyof EventContract;
export type EventPayload<E extends EventChannel> = EventContract[E];
