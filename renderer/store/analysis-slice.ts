import type { StateCreator } from 'zustand/vanilla';
import { AnalysisCancelled, type Analyzer } from '../analysis/analysis-client';
import type { AppState, AnalysisSlice } from './types';

/**
 * The site analysis: the worker runs the whole pipeline on the opened files' texts; the slice
 * holds its plain result, progress, the path query, and what the views point at (the selected
 * path, the map focus, the cited line in the code viewer).
 */

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function createAnalysisSlice(analyzer: Analyzer): StateCreator<AppState, [], [], AnalysisSlice> {
  return (set, get) => ({
    sources: {},
    analysis: null,
    analysisStatus: 'idle',
    analysisProgress: null,
    analysisError: null,
    paths: null,
    pathsStatus: 'idle',
    pathsError: null,
    selectedPath: null,
    pendingPath: null,
    mapFocus: null,
    citation: null,
    tab: 'map',

    async runAnalysis() {
      const sources = get().sources;
      const names = Object.keys(sources).sort((a, b) => a.localeCompare(b));
      if (names.length === 0) {
        analyzer.cancel();
        set({
          analysis: null,
          analysisStatus: 'idle',
          analysisProgress: null,
          analysisError: null,
          paths: null,
          selectedPath: null,
          mapFocus: null,
          citation: null,
        });
        return;
      }
      set({
        analysisStatus: 'running',
        analysisProgress: { stage: 'starting', fraction: 0 },
        analysisError: null,
      });
      try {
        const { selectors, edits } = get();
        const view = await analyzer.analyze(
          names.map((name, i) => ({ id: `a${i}`, name, text: sources[name]! })),
          { from: selectors.from, to: selectors.to, edits },
          (stage, fraction) => set({ analysisProgress: { stage, fraction } }),
        );
        set({
          analysis: view,
          analysisStatus: 'done',
          analysisProgress: null,
          paths: view.paths,
          pathsStatus: 'idle',
          pathsError: null,
          selectedPath: null,
          mapFocus: null,
        });
        // A project reopens on the path it was saved with, when the analysis still finds it.
        const pending = get().pendingPath;
        if (pending !== null) {
          set({ pendingPath: null });
          if (view.paths.paths.some((p) => p.id === pending)) get().selectPath(pending);
        }
      } catch (error) {
        if (error instanceof AnalysisCancelled) {
          // A newer run superseded this one, or the user cancelled: only the latter changes state.
          if (get().analysisStatus === 'running' && get().analysisProgress?.stage === 'cancelling')
            set({ analysisStatus: 'cancelled', analysisProgress: null });
          return;
        }
        set({ analysisStatus: 'failed', analysisProgress: null, analysisError: messageOf(error) });
        get().notify('error', `Analysis failed: ${messageOf(error)}`);
      }
    },

    cancelAnalysis() {
      const { analysisStatus, pathsStatus } = get();
      if (analysisStatus === 'running') {
        set({ analysisProgress: { stage: 'cancelling', fraction: get().analysisProgress?.fraction ?? 0 } });
        analyzer.cancel();
      } else if (pathsStatus === 'running') {
        analyzer.cancel();
      }
    },

    async queryPaths(from, to) {
      const { selectors } = get();
      if (!sameList(selectors.from, from) || !sameList(selectors.to, to)) {
        get().checkpoint('change footholds and targets');
        set({ selectors: { from: [...from], to: [...to] } });
      }
      // With what-if edits the difference depends on the selection: analyse again.
      if (get().edits.length > 0) return get().runAnalysis();
      set({ pathsStatus: 'running', pathsError: null });
      try {
        const paths = await analyzer.paths(from, to, () => undefined);
        set({ paths, pathsStatus: 'idle', selectedPath: null, mapFocus: null });
      } catch (error) {
        set({
          pathsStatus: 'failed',
          pathsError:
            error instanceof AnalysisCancelled ? 'The path search was cancelled.' : messageOf(error),
        });
      }
    },

    selectPath(id) {
      const path = id === null ? undefined : get().paths?.paths.find((p) => p.id === id);
      if (!path) {
        set({ selectedPath: null, mapFocus: null });
        return;
      }
      const zones = new Set<string>();
      const edges: (readonly [string, string])[] = [];
      for (const h of path.hops) {
        zones.add(h.fromZone).add(h.toZone);
        if (h.fromZone !== h.toZone) edges.push([h.fromZone, h.toZone]);
      }
      const firstRule = path.hops.flatMap((h) => h.devices).find((d) => d.rule)?.rule ?? null;
      set({
        selectedPath: id,
        mapFocus: { label: `Path to ${path.target}`, zones: [...zones], edges },
        citation: firstRule,
      });
    },

    report(job) {
      return analyzer.report(job);
    },

    focusMap(mapFocus, tab) {
      set(tab ? { mapFocus, tab } : { mapFocus });
    },
    showCitation(citation) {
      set({ citation });
    },
    setTab(tab) {
      set({ tab });
    },
  });
}
