import type { Diagnostic } from '../../models/diagnostics';
import type { VendorId } from '../../models/device';
import type { SiteInputKind } from './site-input';
import type { DeviceSummary } from './summary';

/**
 * The typed message protocol between the page and the import worker. Requests go page ->
 * worker, events worker -> page; every event names the job it belongs to.
 */

export interface WorkerInputFile {
  /** The page's id for the file (stable while it stays open). */
  readonly id: string;
  /** The name used in every SourceRef. */
  readonly name: string;
  readonly text: string;
}

export interface ImportRequest {
  readonly type: 'import';
  readonly jobId: number;
  readonly files: readonly WorkerInputFile[];
}

export type WorkerRequest = ImportRequest;

/** One file's import result, as the page stores it. */
export interface FileImport {
  readonly fileId: string;
  readonly vendor: VendorId | null;
  /** Set for a site input that is not a firewall export (inventory, site file, ip addr...). */
  readonly inputKind?: SiteInputKind;
  readonly devices: readonly DeviceSummary[];
  readonly diagnostics: readonly Diagnostic[];
  readonly durationMs: number;
}

export type WorkerEvent =
  /** The worker started on file `index` (0-based) of `total`. */
  | {
      readonly type: 'progress';
      readonly jobId: number;
      readonly fileId: string;
      readonly index: number;
      readonly total: number;
    }
  | { readonly type: 'imported'; readonly jobId: number; readonly result: FileImport }
  /** The importer threw: a bug, since importers report bad input as diagnostics. */
  | { readonly type: 'failed'; readonly jobId: number; readonly fileId: string; readonly message: string }
  | { readonly type: 'finished'; readonly jobId: number; readonly durationMs: number };

/** The part of the Worker interface the client uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerEvent>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}
