import type { Diagnostic, Severity } from '../../models/diagnostics';
import type { VendorId } from '../../models/device';
import type { SourceRef } from '../../models/diagnostics';
import type { ProjectEdit } from '../../models/project';
import type { ReportJob } from '../analysis/analysis-client';
import type { AnalysisView, PathsView, RemediationView, ReportOutput } from '../analysis/types';
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
  /**
   * Adds the files (replacing open files of the same name) and imports them in the worker; an
   * undoable change unless `record` is false (opening a project).
   */
  openFiles(files: readonly HostFile[], options?: { readonly record?: boolean }): Promise<void>;
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

/** Panels the View menu shows and hides: the list beside each view, and the code/map inspector. */
export type Panel = 'sidebar' | 'inspector';

export interface UiSlice {
  readonly severityFilter: SeverityFilter;
  readonly panels: Readonly<Record<Panel, boolean>>;
  togglePanel(panel: Panel): void;
  readonly notices: readonly Notice[];
  setSeverityFilter(filter: SeverityFilter): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
export type AnalysisTab = 'map' | 'paths' | 'egress' | 'findings' | 'rules' | 'whatif' | 'import';

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
  /** The path to select once the running analysis is done (a reopened project's). */
  readonly pendingPath: string | null;
  readonly mapFocus: MapFocus | null;
  /** The line the code viewer shows. */
  readonly citation: SourceRef | null;
  readonly tab: AnalysisTab;
  /** Runs the whole pipeline on `sources` in the worker (superseding a running one). */
  runAnalysis(): Promise<void>;
  cancelAnalysis(): void;
  queryPaths(from: readonly string[], to: readonly string[]): Promise<void>;
  /** Renders the current analysis as a report (in the worker). */
  report(job: ReportJob): Promise<ReportOutput>;
  selectPath(id: string | null): void;
  focusMap(focus: MapFocus | null, tab?: AnalysisTab): void;
  showCitation(ref: SourceRef | null): void;
  setTab(tab: AnalysisTab): void;
}

/** What undo and redo restore: the files, the footholds/targets and the what-if edits. */
export interface DocumentSnapshot {
  readonly label: string;
  readonly files: readonly FileEntry[];
  readonly sources: Readonly<Record<string, string>>;
  readonly edits: readonly ProjectEdit[];
  readonly selectors: Selectors;
}

export interface Selectors {
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface ProjectInfo {
  readonly name: string;
  /** Where it was opened from or saved to (a path in Electron); null when never saved or in the browser. */
  readonly location: string | null;
  readonly createdAt: string;
}

export type RemediationState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly result: RemediationView }
  | { readonly status: 'failed'; readonly message: string };

export interface ProjectSlice {
  readonly project: ProjectInfo;
  /** What-if edits applied to the site before the analysis, in order. */
  readonly edits: readonly ProjectEdit[];
  /** The analysis's footholds and targets (empty: the site's defaults). */
  readonly selectors: Selectors;
  /** Bumped by every change to the document; equal to `savedRevision` when nothing is unsaved. */
  readonly revision: number;
  readonly savedRevision: number;
  readonly undoStack: readonly DocumentSnapshot[];
  readonly redoStack: readonly DocumentSnapshot[];
  readonly remediation: RemediationState;
  /** Records the document before a change (`label` names the change, for "Undo <label>"). */
  checkpoint(label: string): void;
  addEdit(edit: ProjectEdit): void;
  removeEdit(index: number): void;
  clearEdits(): void;
  undo(): void;
  redo(): void;
  /** Finds the rules whose removal closes every path. */
  remediate(): Promise<void>;
  /** Adds the remediation's rules as disable edits. */
  applyRemediation(): void;
  /** An empty, unsaved project. */
  newProject(): void;
  /** A new project holding these files (the example site), with nothing unsaved yet. */
  startProject(name: string, files: readonly HostFile[]): Promise<void>;
  /** Replaces everything with the project's files, settings and edits; throws a readable error. */
  openProject(text: string, fileName: string, location: string | null): Promise<void>;
  /** The project file's text as it would be saved now (hashed and written off the UI thread). */
  projectText(now: Date): Promise<string>;
  markSaved(name: string, location: string | null): void;
}

export type AppState = WorkspaceSlice & ImportSlice & SelectionSlice & UiSlice & AnalysisSlice & ProjectSlice;
