import type { MenuCommand, SaveKind } from '../../electron/ipc/contract';
import type { NamedFile } from './dropped-entries';

export type { MenuCommand };

/**
 * What the UI needs from its surroundings. Two implementations: the Electron bridge
 * (window.conduit) and the browser (File API, downloads). The UI never asks which one it has,
 * except to label things.
 */

/** A file the user opened, already read as text. */
export interface HostFile {
  readonly name: string;
  readonly size: number;
  readonly text: string;
}

/** Why some of the files the user picked could not be opened. */
export interface HostFileError {
  readonly name: string;
  readonly message: string;
}

export interface OpenResult {
  readonly files: readonly HostFile[];
  readonly errors: readonly HostFileError[];
}

export interface SaveRequest {
  readonly suggestedName: string;
  readonly kind: SaveKind;
  readonly content: string;
}

/** `saved` names where the file went when the host knows it (Electron); `cancelled` when the user backed out. */
export type SaveOutcome =
  { readonly status: 'saved'; readonly location: string | null } | { readonly status: 'cancelled' };

/** A project file the user opened. `location` is its path (Electron) or null (browser). */
export interface ProjectFile {
  readonly name: string;
  readonly location: string | null;
  readonly text: string;
}

/** One entry of the recent-projects list. `key` is what `openRecentProject` takes back. */
export interface RecentProject {
  readonly key: string;
  readonly name: string;
  /** A path (Electron), or null in the browser, where the project itself is kept in IndexedDB. */
  readonly location: string | null;
  /** ISO 8601 time of the last open or save. */
  readonly at: string;
}

export interface ProjectSaveRequest {
  readonly content: string;
  readonly suggestedName: string;
  /** Where the project was opened from or last saved to; null asks the user (Save As). */
  readonly location: string | null;
}

/** What the window shows about the open document: its title and whether it has unsaved changes. */
export interface DocumentState {
  readonly title: string;
  readonly dirty: boolean;
}

/**
 * A report to print to PDF. `render(pages)` gives the report's HTML; the host prints it once,
 * reads the page each table-of-contents entry landed on, and prints `render(pages)` again so the
 * contents list real page numbers (as the CLI does). `unsupported` when the host cannot print
 * (the browser: the UI offers the printable HTML instead).
 */
export interface PdfRequest {
  readonly suggestedName: string;
  /** The report's date (ISO 8601 UTC), also the PDF's own dates: same inputs, same bytes. */
  readonly generatedAt: string;
  readonly render: (pages: Readonly<Record<string, number>> | null) => Promise<string>;
}

export type PdfOutcome = SaveOutcome | { readonly status: 'unsupported' };

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Asks the user for config files; resolves with no files when cancelled. */
  openFiles(): Promise<OpenResult>;
  /** Reads files dropped on the window (named by their path in a dropped folder) or picked through a file input. */
  readFiles(files: readonly (File | NamedFile)[]): Promise<OpenResult>;
  saveFile(request: SaveRequest): Promise<SaveOutcome>;
  /** Asks the user for a `.conduit` project; null when cancelled. Throws with a message when it cannot be read. */
  openProject(): Promise<ProjectFile | null>;
  /** Re-opens a recent project; throws with a message when it is gone or unreadable. */
  openRecentProject(key: string): Promise<ProjectFile>;
  /**
   * Writes the project atomically (beside, then rename) where `location` says, or where the user
   * chooses when it is null. The browser downloads it and keeps a copy in IndexedDB.
   */
  saveProject(request: ProjectSaveRequest): Promise<SaveOutcome>;
  /** Most recent first. */
  recentProjects(): Promise<readonly RecentProject[]>;
  /**
   * The recent-project key of a project the operating system asked to open as the app started
   * (a double-clicked `.conduit`), or null. Later requests arrive as `open-recent` commands.
   */
  launchProject(): Promise<string | null>;
  /** Records an opened or saved project at the top of the recent list. */
  rememberProject(project: ProjectFile): Promise<void>;
  /** Prints a self-contained report HTML to a PDF the user places. */
  exportPdf(request: PdfRequest): Promise<PdfOutcome>;
  /** Shows the title and unsaved-changes mark; Electron also asks before closing a dirty window. */
  setDocumentState(state: DocumentState): void;
  /**
   * Closes the window without asking again (after "Save" in the unsaved-changes question and a
   * successful save). The browser cannot close a tab it did not open: nothing happens there.
   */
  closeWindow(): void;
  /**
   * Subscribes to commands from the native menu (none in the browser); returns the unsubscribe
   * function. `argument` is the recent project's key for `open-recent`.
   */
  onMenuCommand(listener: (command: MenuCommand, argument?: string) => void): () => void;
  /** A one-line description for the About box, e.g. "Electron 45.6.1 on linux". */
  describe(): Promise<string>;
}

/** Largest file the UI reads (the same limit the main process applies). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
