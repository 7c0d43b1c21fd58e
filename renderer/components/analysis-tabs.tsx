import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import {
  selectAnalysis,
  selectAnalysisError,
  selectAnalysisProgress,
  selectAnalysisStatus,
  selectCancelAnalysis,
  selectEdits,
  selectFiles,
  selectPaths,
  selectRunAnalysis,
  selectSetTab,
  selectTab,
  useAppStore,
  type AnalysisTab,
} from '../store';

const TABS: readonly { id: AnalysisTab; label: string }[] = [
  { id: 'map', label: 'Zone map' },
  { id: 'paths', label: 'Paths' },
  { id: 'egress', label: 'Egress' },
  { id: 'findings', label: 'Findings' },
  { id: 'rules', label: 'Rules' },
  { id: 'whatif', label: 'What-if' },
  { id: 'import', label: 'Import' },
];

/** The analysis progress bar with its Cancel button, or the outcome of the last run. */
export function AnalysisProgress(): ReactNode {
  const status = useAppStore(selectAnalysisStatus);
  const progress = useAppStore(selectAnalysisProgress);
  const error = useAppStore(selectAnalysisError);
  const analysis = useAppStore(selectAnalysis);
  const cancel = useAppStore(selectCancelAnalysis);
  const run = useAppStore(selectRunAnalysis);
  if (status === 'running' && progress)
    return (
      <div className="analysis-progress" role="status" aria-live="polite">
        <progress max={1} value={progress.fraction} aria-label="Analysis progress" />
        <span className="analysis-stage">Analysing: {progress.stage}…</span>
        <button
          type="button"
          className="button secondary small"
          onClick={cancel}
          disabled={progress.stage === 'cancelling'}
        >
          Cancel
        </button>
      </div>
    );
  return (
    <div className="analysis-progress" role="status" aria-live="polite">
      {status === 'cancelled' && <span className="analysis-stage">Analysis cancelled.</span>}
      {status === 'failed' && <span className="analysis-stage is-error">Analysis failed: {error}</span>}
      {status === 'done' && analysis && (
        <span className="analysis-stage">
          Analysed {analysis.site} in {(analysis.durationMs / 1000).toFixed(1)} s
        </span>
      )}
      {(status === 'cancelled' || status === 'failed') && (
        <button type="button" className="button secondary small" onClick={() => void run()}>
          Analyse again
        </button>
      )}
    </div>
  );
}

export function AnalysisTabs(): ReactNode {
  const tab = useAppStore(selectTab);
  const setTab = useAppStore(selectSetTab);
  const analysis = useAppStore(selectAnalysis);
  const paths = useAppStore(selectPaths);
  const files = useAppStore(selectFiles);
  const edits = useAppStore(selectEdits);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const count = (id: AnalysisTab): number | null => {
    if (id === 'import') return files.length;
    if (id === 'whatif') return edits.length;
    if (!analysis) return null;
    if (id === 'paths') return paths?.paths.length ?? 0;
    if (id === 'egress') return analysis.egress.length;
    if (id === 'findings') return analysis.findings.length;
    if (id === 'rules') return analysis.rules.length;
    return analysis.zones.length;
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    let next = -1;
    if (event.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    event.preventDefault();
    setTab(TABS[next]!.id);
    refs.current[next]?.focus();
  };

  return (
    <div className="analysis-tabs-row">
      <div role="tablist" aria-label="Views" className="analysis-tabs" onKeyDown={onKey}>
        {TABS.map((t, i) => {
          const n = count(t.id);
          return (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="view-panel"
              tabIndex={tab === t.id ? 0 : -1}
              className="analysis-tab"
              onClick={() => setTab(t.id)}
            >
              {t.label}
              {n !== null && <span className="tab-count">{n.toLocaleString('en-US')}</span>}
            </button>
          );
        })}
      </div>
      <AnalysisProgress />
    </div>
  );
}
