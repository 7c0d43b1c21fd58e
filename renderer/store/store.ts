import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Analyzer } from '../analysis/analysis-client';
import type { Importer } from '../worker/import-client';
import { createAnalysisSlice } from './analysis-slice';
import { inlineCodec, type ProjectCodec } from '../project/codec';
import { createProjectSlice } from './project-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';
import { createWorkspaceSlice } from './workspace-slice';

export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  readonly importer: Importer;
  readonly analyzer: Analyzer;
  /** The app's version, written into saved projects. */
  readonly toolVersion?: string;
  /** Reads and writes project files (a worker in the app; in-process by default). */
  readonly projects?: ProjectCodec;
  readonly now?: () => Date;
}

/** One store built from typed slices; dependencies (the worker client) are passed in, so tests can fake them. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createWorkspaceSlice(deps.importer)(...a),
    ...createUiSlice(...a),
    ...createAnalysisSlice(deps.analyzer)(...a),
    ...createProjectSlice(
      deps.analyzer,
      deps.projects ?? inlineCodec,
      deps.toolVersion ?? 'dev',
      deps.now,
    )(...a),
  }));
}
