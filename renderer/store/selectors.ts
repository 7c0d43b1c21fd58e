import type { Diagnostic, Severity } from '../../models/diagnostics';
import type { DeviceSummary } from '../worker/summary';
import type { AppState, FileEntry, Selection, SeverityFilter } from './types';

/** Selectors are module-level constants; derived data are pure functions of selected state. */

export const selectFiles = (s: AppState): readonly FileEntry[] => s.files;
export const selectProgress = (s: AppState): AppState['progress'] => s.progress;
export const selectSelection = (s: AppState): Selection => s.selection;
export const selectSeverityFilter = (s: AppState): SeverityFilter => s.severityFilter;
export const selectNotices = (s: AppState): AppState['notices'] => s.notices;
export const selectOpenFiles = (s: AppState): AppState['openFiles'] => s.openFiles;
export const selectRemoveFile = (s: AppState): AppState['removeFile'] => s.removeFile;
export const selectClearWorkspace = (s: AppState): AppState['clearWorkspace'] => s.clearWorkspace;
export const selectSelect = (s: AppState): AppState['select'] => s.select;
export const selectSetSeverityFilter = (s: AppState): AppState['setSeverityFilter'] => s.setSeverityFilter;
export const selectNotify = (s: AppState): AppState['notify'] => s.notify;
export const selectDismissNotice = (s: AppState): AppState['dismissNotice'] => s.dismissNotice;
export const selectHasFiles = (s: AppState): boolean => s.files.length > 0;

export type SeverityCounts = Readonly<Record<Severity, number>>;

export interface WorkspaceTotals {
  readonly files: number;
  readonly devices: number;
  readonly rules: number;
  readonly diagnostics: SeverityCounts;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

export function workspaceTotals(files: readonly FileEntry[]): WorkspaceTotals {
  const devices = files.flatMap((f) => f.devices);
  return {
    files: files.length,
    devices: devices.length,
    rules: devices.reduce((sum, d) => sum + d.ruleCount, 0),
    diagnostics: countSeverities(files.flatMap((f) => f.diagnostics)),
  };
}

export function findDevice(
  files: readonly FileEntry[],
  key: string,
): { file: FileEntry; device: DeviceSummary } | null {
  for (const file of files) {
    const device = file.devices.find((d) => d.key === key);
    if (device) return { file, device };
  }
  return null;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Diagnostics of the given files, filtered by severity, most severe first, then by file and line. */
export function visibleDiagnostics(files: readonly FileEntry[], filter: SeverityFilter): Diagnostic[] {
  return files
    .flatMap((f) => f.diagnostics)
    .filter((d) => filter === 'all' || d.severity === filter)
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.source.file.localeCompare(b.source.file) ||
        a.source.line - b.source.line,
    );
}

export const selectSources = (s: AppState): AppState['sources'] => s.sources;
export const selectAnalysis = (s: AppState): AppState['analysis'] => s.analysis;
export const selectAnalysisStatus = (s: AppState): AppState['analysisStatus'] => s.analysisStatus;
export const selectAnalysisProgress = (s: AppState): AppState['analysisProgress'] => s.analysisProgress;
export const selectAnalysisError = (s: AppState): AppState['analysisError'] => s.analysisError;
export const selectPaths = (s: AppState): AppState['paths'] => s.paths;
export const selectPathsStatus = (s: AppState): AppState['pathsStatus'] => s.pathsStatus;
export const selectPathsError = (s: AppState): AppState['pathsError'] => s.pathsError;
export const selectSelectedPath = (s: AppState): AppState['selectedPath'] => s.selectedPath;
export const selectMapFocus = (s: AppState): AppState['mapFocus'] => s.mapFocus;
export const selectCitation = (s: AppState): AppState['citation'] => s.citation;
export const selectTab = (s: AppState): AppState['tab'] => s.tab;
export const selectRunAnalysis = (s: AppState): AppState['runAnalysis'] => s.runAnalysis;
export const selectCancelAnalysis = (s: AppState): AppState['cancelAnalysis'] => s.cancelAnalysis;
export const selectQueryPaths = (s: AppState): AppState['queryPaths'] => s.queryPaths;
export const selectSelectPath = (s: AppState): AppState['selectPath'] => s.selectPath;
export const selectFocusMap = (s: AppState): AppState['focusMap'] => s.focusMap;
export const selectShowCitation = (s: AppState): AppState['showCitation'] => s.showCitation;
export const selectSetTab = (s: AppState): AppState['setTab'] => s.setTab;

export const selectProject = (s: AppState): AppState['project'] => s.project;
export const selectEdits = (s: AppState): AppState['edits'] => s.edits;
export const selectSelectors = (s: AppState): AppState['selectors'] => s.selectors;
/** Changes that would be lost: an empty project has nothing to save, whatever its history. */
export const selectDirty = (s: AppState): boolean =>
  s.revision !== s.savedRevision && s.files.length + s.edits.length > 0;
export const selectUndoLabel = (s: AppState): string | null => s.undoStack.at(-1)?.label ?? null;
export const selectRedoLabel = (s: AppState): string | null => s.redoStack.at(-1)?.label ?? null;
export const selectRemediation = (s: AppState): AppState['remediation'] => s.remediation;
export const selectAddEdit = (s: AppState): AppState['addEdit'] => s.addEdit;
export const selectRemoveEdit = (s: AppState): AppState['removeEdit'] => s.removeEdit;
export const selectClearEdits = (s: AppState): AppState['clearEdits'] => s.clearEdits;
export const selectUndo = (s: AppState): AppState['undo'] => s.undo;
export const selectRedo = (s: AppState): AppState['redo'] => s.redo;
export const selectRemediate = (s: AppState): AppState['remediate'] => s.remediate;
export const selectApplyRemediation = (s: AppState): AppState['applyRemediation'] => s.applyRemediation;
export const selectPanels = (s: AppState): AppState['panels'] => s.panels;
export const selectTogglePanel = (s: AppState): AppState['togglePanel'] => s.togglePanel;
export const selectReport = (s: AppState): AppState['report'] => s.report;
export const selectNewProject = (s: AppState): AppState['newProject'] => s.newProject;
export const selectStartProject = (s: AppState): AppState['startProject'] => s.startProject;
export const selectOpenProject = (s: AppState): AppState['openProject'] => s.openProject;
export const selectMarkSaved = (s: AppState): AppState['markSaved'] => s.markSaved;
