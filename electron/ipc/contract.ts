/**
 * The typed IPC contract between the main process, the preload and the renderer. Types only:
 * main, preload and renderer all import it, and nothing here may need a runtime.
 *
 * - invoke channels are named `<domain>:<verb>`; the interface key is the channel name;
 * - events (main -> renderer) are named `<domain>:<pastTense>`;
 * - every invoke resolves to an `IpcResult`: handlers never reject across the bridge.
 *
 * The privileged surface stays small: dialogs, file read/write, app info, menu events.
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
}

export type InvokeChannel = keyof InvokeContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeValue<C extends InvokeChannel> = InvokeContract[C]['value'];

/** Commands the native menu sends to the renderer. */
export type MenuCommand = 'open-configs';

/** Event channels: main -> renderer, no reply. */
export interface EventContract {
  'menu:invoked': { readonly command: MenuCommand };
}

export type EventChannel = keyof EventContract;
export type EventPayload<E extends EventChannel> = EventContract[E];
