import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Importer } from '../worker/import-client';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';
import { createWorkspaceSlice } from './workspace-slice';

export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  readonly importer: Importer;
}

/** One store built from typed slices; dependencies (the worker client) are passed in, so tests can fake them. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createWorkspaceSlice(deps.importer)(...a),
    ...createUiSlice(...a),
  }));
}
