import type { MenuCommand, SaveKind } from '../../electron/ipc/contract';

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

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Asks the user for config files; resolves with no files when cancelled. */
  openFiles(): Promise<OpenResult>;
  /** Reads files dropped on the window or picked through a file input. */
  readFiles(files: readonly File[]): Promise<OpenResult>;
  saveFile(request: SaveRequest): Promise<SaveOutcome>;
  /** Subscribes to commands from the native menu (none in the browser); returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** A one-line description for the About box, e.g. "Electron 45.6.1 on linux". */
  describe(): Promise<string>;
}

/** Largest file the UI reads (the same limit the main process applies). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
