import type { Diagnostic, Severity } from '../../models/diagnostics';
import type { VendorId } from '../../models/device';
import type { SourceRef } from '../../models/diagnostics';
import type { AnalysisView, PathsView } from '../analysis/types';
import type { HostFile } from '../host';
import type { SiteInputKind } from '../worker/site-input';
import type { DeviceSummary } from '../worker/summary';

export type FileStatus = 'queued' | 'importing' | 'imported' | 'failed';

/** One opened config file and what its import produced. Plain, serializable data. */
export interface FileEntry {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly status: FileStatus;
  readonly vendor: VendorId | null;
  /** A site input that is not a firewall export (inventory, site file, ip addr...); null otherwise. */
  readonly inputKind: SiteInputKind | null;
  readonly devices: readonly DeviceSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the importer failed outright (a bug: bad input becomes diagnostics). */
  readonly error: string | null;
  readonly durationMs: number | null;
}

export interface WorkspaceSlice {
  readonly files: readonly FileEntry[];
  /** Adds the files (replacing open files of the same name) and imports them in the worker. */
  openFiles(files: readonly HostFile[]): Promise<void>;
  removeFile(id: string): void;
  clearWorkspace(): void;
}

export interface ImportProgress {
  /** Files finished (imported or failed) out of `total` across all running jobs. */
  readonly done: number;
  readonly total: number;
  /** The file the worker is on. */
  readonly current: string | null;
}

export interface ImportSlice {
  readonly progress: ImportProgress | null;
}

export type Selection = { readonly kind: 'overview' } | { readonly kind: 'device'; readonly key: string };

export interface SelectionSlice {
  readonly selection: Selection;
  select(selection: Selection): void;
}

export type SeverityFilter = Severity | 'all';

export interface Notice {
  readonly id: number;
  readonly level: 'error' | 'info';
  readonly text: string;
}

export interface UiSlice {
  readonly severityFilter: SeverityFilter;
  readonly notices: readonly Notice[];
  setSeverityFilter(filter: SeverityFilter): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
export type AnalysisTab = 'map' | 'paths' | 'egress' | 'findings' | 'rules' | 'import';

/** What the zone map emphasises: zones and zone-to-zone edges (from, to). */
export interface MapFocus {
  readonly label: string;
  readonly zones: readonly string[];
  readonly edges: readonly (readonly [string, string])[];
}

export interface AnalysisSlice {
  /** The opened files' texts by name: the analysis input and the code viewer's source. */
  readonly sources: Readonly<Record<string, string>>;
  readonly analysis: AnalysisView | null;
  readonly analysisStatus: AnalysisStatus;
  readonly analysisProgress: { readonly stage: string; readonly fraction: number } | null;
  readonly analysisError: string | null;
  /** The paths shown: the analysis's own, or those of the last footholds/targets query. */
  readonly paths: PathsView | null;
  readonly pathsStatus: 'idle' | 'running' | 'failed';
  readonly pathsError: string | null;
  readonly selectedPath: string | null;
  readonly mapFocus: MapFocus | null;
  /** The line the code viewer shows. */
  readonly citation: SourceRef | null;
  readonly tab: AnalysisTab;
  /** Runs the whole pipeline on `sources` in the worker (superseding a running one). */
  runAnalysis(): Promise<void>;
  cancelAnalysis(): void;
  queryPaths(from: readonly string[], to: readonly string[]): Promise<void>;
  selectPath(id: string | null): void;
  focusMap(focus: MapFocus | null, tab?: AnalysisTab): void;
  showCitation(ref: SourceRef | null): void;
  setTab(tab: AnalysisTab): void;
}

export type AppState = WorkspaceSlice & ImportSlice & SelectionSlice & UiSlice & AnalysisSlice;
