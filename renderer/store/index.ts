export { createAppStore, type AppStore, type StoreDeps } from './store';
export { StoreProvider, useAppStore } from './context';
export * from './selectors';
export type * from './types';
